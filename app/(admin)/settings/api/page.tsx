import type { Metadata } from "next";
import Link from "next/link";
import { TrackV2Section } from "@/components/api-docs/track-v2-section";
import { PageHeader } from "@/components/ui/page-header";
import { configuredAppOrigin } from "@/lib/app-url";
import { requirePageUser } from "@/lib/auth/guard";

export const metadata: Metadata = { title: "API" };

type Example = { title: string; description: string; command: (base: string) => string };

const AUTH = `-u "$SITE_ID:$API_KEY"`;

const EXAMPLES: Example[] = [
  {
    title: "Identify (create or update a person)",
    description: "Path: an id, an email, or cio_<cio_id>. A suppressed identifier answers 409 and nothing is stored.",
    command: (base) =>
      `curl -X PUT ${AUTH} -H "Content-Type: application/json" \\\n  ${base}/api/v1/customers/customer-42 \\\n  -d '{"email":"ada@example.com","plan":"pro","created_at":1700000000}'`,
  },
  {
    title: "Track an event",
    description: "The same event id twice is stored once. Events for unknown or suppressed people answer 200 and store nothing.",
    command: (base) =>
      `curl -X POST ${AUTH} -H "Content-Type: application/json" \\\n  ${base}/api/v1/customers/customer-42/events \\\n  -d '{"name":"purchase","id":"01JD4Q3M8Y2K6Z7V9W0X1Y2Z3A","data":{"total":42}}'`,
  },
  {
    title: "Delete a person",
    description: "Deletes the person; their identifiers are free again. Deleting someone unknown also answers 200.",
    command: (base) => `curl -X DELETE ${AUTH} \\\n  ${base}/api/v1/customers/customer-42`,
  },
  {
    title: "Suppress (delete and suppress every identifier)",
    description: "Deletes the person, suppresses all of their identifiers and redacts their activity. No body needed.",
    command: (base) => `curl -X POST ${AUTH} \\\n  ${base}/api/v1/customers/ada@example.com/suppress`,
  },
  {
    title: "Unsuppress",
    description: "Frees every identifier suppressed together with this one; the next identify creates a new person.",
    command: (base) => `curl -X POST ${AUTH} \\\n  ${base}/api/v1/customers/ada@example.com/unsuppress`,
  },
  {
    title: "Import people from CSV",
    description: "Header row: id and/or email, other columns become attributes. Answers the summary and the error report's URL.",
    command: (base) =>
      `curl -X POST ${AUTH} -H "Content-Type: text/csv" \\\n  --data-binary @people.csv \\\n  "${base}/api/v1/imports?file_name=people.csv"`,
  },
  {
    title: "Search people (App API)",
    description: "Customer.io's filter shape; page with the next value as ?start=.",
    command: (base) =>
      `curl -X POST -H "Authorization: Bearer $APP_API_KEY" -H "Content-Type: application/json" \\\n  "${base}/v1/customers?limit=100" \\\n  -d '{"filter":{"and":[{"attribute":{"field":"plan","operator":"eq","value":"pro"}}]}}'`,
  },
];

export default async function ApiPage() {
  await requirePageUser("admin");
  // The configured origin, as in /api/openapi.json: request headers (X-Forwarded-Host) never change it.
  const base = configuredAppOrigin();
  return (
    <>
      <PageHeader
        title="API"
        description={
          <>
            A Customer.io-compatible Track API and App API subset: existing Customer.io clients work by changing only their base URL.
            Create credentials on the <Link href="/settings/api-keys" className="text-indigo-700 underline">API keys</Link> page.
          </>
        }
      />
      <section aria-labelledby="base-url-heading" className="mb-8 max-w-4xl rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="base-url-heading" className="mb-3 text-base font-semibold text-slate-900">
          Base URLs
        </h2>
        <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-sm">
          <dt className="font-medium text-slate-700">Track API (HTTP Basic: site ID and API key)</dt>
          <dd>
            <code aria-label="Track API base URL" className="rounded bg-slate-100 px-1.5 py-0.5 font-mono">{`${base}/api/v1`}</code>
          </dd>
          <dt className="font-medium text-slate-700">App API (Bearer token)</dt>
          <dd>
            <code aria-label="App API base URL" className="rounded bg-slate-100 px-1.5 py-0.5 font-mono">{`${base}/v1`}</code>
          </dd>
          <dt className="font-medium text-slate-700">OpenAPI document</dt>
          <dd>
            <a href="/api/openapi.json" className="font-mono text-indigo-700 underline">{`${base}/api/openapi.json`}</a>
          </dd>
        </dl>
        <p className="mt-4 text-sm text-slate-600">
          With the official Node client: <code className="font-mono">{`new TrackClient(siteId, apiKey, { url: "${base}/api/v1" })`}</code>. Errors
          answer <code className="font-mono">{`{"meta":{"errors":[…]}}`}</code>: 400 bad input, 401 bad key, 409 suppressed identifier, 413 body
          over 1 MB.
        </p>
      </section>
      <section aria-labelledby="examples-heading" className="max-w-4xl">
        <h2 id="examples-heading" className="mb-3 text-base font-semibold text-slate-900">
          Examples
        </h2>
        <ul className="flex flex-col gap-5">
          {EXAMPLES.map((example) => (
            <li key={example.title}>
              <h3 className="text-sm font-semibold text-slate-800">{example.title}</h3>
              <p className="mb-1.5 text-sm text-slate-600">{example.description}</p>
              <pre className="overflow-x-auto rounded-md bg-slate-900 p-3 text-xs leading-relaxed text-slate-100">
                <code>{example.command(base)}</code>
              </pre>
            </li>
          ))}
        </ul>
      </section>
      <TrackV2Section base={base} />
    </>
  );
}
