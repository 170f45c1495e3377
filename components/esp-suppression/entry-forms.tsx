// Adding one address, and importing a CSV of them.
import { Section } from "@/components/ui/section";
import { AddEntryForm } from "./add-entry-form";
import { ImportForm } from "./import-form";

export function EntryForms() {
  return (
    <div className="mt-8 flex flex-col gap-6">
      <Section title="Add an address">
        <AddEntryForm />
      </Section>
      <Section title="Import CSV">
        <ImportForm />
      </Section>
    </div>
  );
}
