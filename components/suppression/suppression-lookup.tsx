// The lookup box and how unsuppressing works (only through the Track API).
import { Section } from "@/components/ui/section";
import { LookupForm } from "./lookup-form";

export function SuppressionLookup() {
  return (
    <Section title="Look up" className="mb-6 max-w-3xl">
      <LookupForm />
      <p className="mt-3 text-sm text-slate-600">
        Unsuppressing is done through the Track API only: <code className="rounded bg-slate-100 px-1">POST /api/v1/customers/:identifier/unsuppress</code>. It frees
        every identifier suppressed together with that one; the next identify creates a new person with no history.
      </p>
    </Section>
  );
}
