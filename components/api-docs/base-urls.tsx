// The API's base URLs, the OpenAPI document and the error envelope, for this install.
import { Section } from "@/components/ui/section";
export function BaseUrls({ base }: { base: string }) {
  return (
    <Section title="Base URLs" className="mb-8 max-w-4xl">
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
    </Section>
  );
}
