// Adding one address, and importing a CSV of them.
import { AddEntryForm } from "./add-entry-form";
import { ImportForm } from "./import-form";

export function EntryForms() {
  return (
    <div className="mt-8 flex flex-col gap-6">
      <section aria-labelledby="esp-add-heading" className="rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="esp-add-heading" className="mb-3 text-base font-semibold text-slate-900">
          Add an address
        </h2>
        <AddEntryForm />
      </section>
      <section aria-labelledby="esp-import-heading" className="rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="esp-import-heading" className="mb-3 text-base font-semibold text-slate-900">
          Import CSV
        </h2>
        <ImportForm />
      </section>
    </div>
  );
}
