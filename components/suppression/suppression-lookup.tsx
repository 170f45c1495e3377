// The lookup box and how unsuppressing works (only through the Track API).
import { LookupForm } from "./lookup-form";

export function SuppressionLookup() {
  return (
    <section aria-labelledby="lookup-heading" className="mb-6 max-w-3xl rounded-lg border border-slate-200 bg-white p-5">
      <h2 id="lookup-heading" className="mb-3 text-base font-semibold text-slate-900">
        Look up
      </h2>
      <LookupForm />
      <p className="mt-3 text-sm text-slate-600">
        Unsuppressing is done through the Track API only: <code className="rounded bg-slate-100 px-1">POST /api/v1/customers/:identifier/unsuppress</code>. It frees
        every identifier suppressed together with that one; the next identify creates a new person with no history.
      </p>
    </section>
  );
}
