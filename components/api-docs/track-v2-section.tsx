// Settings → API: the Track API v2 endpoints (Customer.io's entity and batch), with curl examples.
import { MAX_BATCH_BYTES, V2_ACTIONS } from "@/lib/track-api/schemas";
import { Section } from "@/components/ui/section";
import { ExampleList, TRACK_AUTH as AUTH, type Example } from "./api-examples";

const EXAMPLES: Example[] = [
  {
    title: "One action on one person: POST /api/v2/entity",
    description: `Exactly one of identifiers.id, .email or .cio_id; action is one of ${V2_ACTIONS.join(", ")}. Events take name, id and timestamp, and their data in attributes. The rules are v1's: a suppressed identifier answers 409 on identify and nothing is stored.`,
    command: (base) =>
      `curl -X POST ${AUTH} -H "Content-Type: application/json" \\\n  ${base}/api/v2/entity \\\n  -d '{"type":"person","identifiers":{"id":"customer-42"},"action":"identify","attributes":{"email":"ada@example.com","plan":"pro"}}'`,
  },
  {
    title: "Many at once: POST /api/v2/batch",
    description: `Up to ${MAX_BATCH_BYTES.toLocaleString("en-US")} bytes. Items are validated first and applied in order; the answer's errors list the items not applied by batch_index and why, never their values.`,
    command: (base) =>
      `curl -X POST ${AUTH} -H "Content-Type: application/json" \\\n  ${base}/api/v2/batch \\\n  -d '{"batch":[{"type":"person","identifiers":{"id":"customer-42"},"action":"event","name":"purchase","attributes":{"total":42}},{"type":"person","identifiers":{"email":"bo@example.com"},"action":"identify"}]}'`,
  },
];

export function TrackV2Section({ base }: { base: string }) {
  return (
    <Section title="Track API v2" card={false} className="mt-8 max-w-4xl">
      <ExampleList examples={EXAMPLES} base={base} />
    </Section>
  );
}
