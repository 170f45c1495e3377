// Copy-paste curl examples of the Track and App APIs against this install's base URL.
import { Section } from "@/components/ui/section";
export type Example = { title: string; description: string; command: (base: string) => string };

export const TRACK_AUTH = `-u "$SITE_ID:$API_KEY"`;


const EXAMPLES: Example[] = [
  {
    title: "Identify (create or update a person)",
    description: "Path: an id, an email, or cio_<cio_id>. A suppressed identifier answers 409 and nothing is stored.",
    command: (base) =>
      `curl -X PUT ${TRACK_AUTH} -H "Content-Type: application/json" \\\n  ${base}/api/v1/customers/customer-42 \\\n  -d '{"email":"ada@example.com","plan":"pro","created_at":1700000000}'`,
  },
  {
    title: "Track an event",
    description: "The same event id twice is stored once. Events for unknown or suppressed people answer 200 and store nothing.",
    command: (base) =>
      `curl -X POST ${TRACK_AUTH} -H "Content-Type: application/json" \\\n  ${base}/api/v1/customers/customer-42/events \\\n  -d '{"name":"purchase","id":"01JD4Q3M8Y2K6Z7V9W0X1Y2Z3A","data":{"total":42}}'`,
  },
  {
    title: "Delete a person",
    description: "Deletes the person; their identifiers are free again. Deleting someone unknown also answers 200.",
    command: (base) => `curl -X DELETE ${TRACK_AUTH} \\\n  ${base}/api/v1/customers/customer-42`,
  },
  {
    title: "Suppress (delete and suppress every identifier)",
    description: "Deletes the person, suppresses all of their identifiers and redacts their activity. No body needed.",
    command: (base) => `curl -X POST ${TRACK_AUTH} \\\n  ${base}/api/v1/customers/ada@example.com/suppress`,
  },
  {
    title: "Unsuppress",
    description: "Frees every identifier suppressed together with this one; the next identify creates a new person.",
    command: (base) => `curl -X POST ${TRACK_AUTH} \\\n  ${base}/api/v1/customers/ada@example.com/unsuppress`,
  },
  {
    title: "Import people from CSV",
    description: "Header row: id and/or email, other columns become attributes. Answers the summary and the error report's URL.",
    command: (base) =>
      `curl -X POST ${TRACK_AUTH} -H "Content-Type: text/csv" \\\n  --data-binary @people.csv \\\n  "${base}/api/v1/imports?file_name=people.csv"`,
  },
  {
    title: "Search people (App API)",
    description: "Customer.io's filter shape; page with the next value as ?start=.",
    command: (base) =>
      `curl -X POST -H "Authorization: Bearer $APP_API_KEY" -H "Content-Type: application/json" \\\n  "${base}/v1/customers?limit=100" \\\n  -d '{"filter":{"and":[{"attribute":{"field":"plan","operator":"eq","value":"pro"}}]}}'`,
  },
];

export function ApiExamples({ base }: { base: string }) {
  return (
    <Section title="Examples" card={false} className="max-w-4xl">
      <ExampleList examples={EXAMPLES} base={base} />
    </Section>
  );
}

// The curl examples of one section, each with its title and what to know.
export function ExampleList({ examples, base }: { examples: Example[]; base: string }) {
  return (
    <ul className="flex flex-col gap-5">
      {examples.map((example) => (
        <li key={example.title}>
          <h3 className="text-sm font-semibold text-slate-800">{example.title}</h3>
          <p className="mb-1.5 text-sm text-slate-600">{example.description}</p>
          <pre className="overflow-x-auto rounded-md bg-slate-900 p-3 text-xs leading-relaxed text-slate-100">
            <code>{example.command(base)}</code>
          </pre>
        </li>
      ))}
    </ul>
  );
}
