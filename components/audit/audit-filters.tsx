import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import { AUDIT_LOG_PATH } from "@/lib/audit/search-params";

// A plain GET form: the filter lives in the URL and resets to page 1.
export function AuditFilters({
  options,
  action,
  actor,
  receipt,
  kind,
}: {
  options: { actions: string[]; actors: { value: string; label: string }[] };
  action?: string;
  actor?: string;
  receipt?: string;
  kind?: "erasure" | "export";
}) {
  return (
    <form method="get" role="search" aria-label="Filter audit log" className="mb-4 flex flex-wrap items-end gap-3">
      <div className="flex flex-col gap-1">
        <label htmlFor="audit-action" className="text-sm font-medium text-slate-700">Action</label>
        <Select id="audit-action" name="action" defaultValue={action ?? ""}>
          <option value="">All actions</option>
          {options.actions.map((value) => (
            <option key={value} value={value}>{value}</option>
          ))}
        </Select>
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="audit-actor" className="text-sm font-medium text-slate-700">Actor</label>
        <Select id="audit-actor" name="actor" defaultValue={actor ?? ""}>
          <option value="">Anyone</option>
          {options.actors.map((option) => (
            <option key={option.value} value={option.value}>{option.label}</option>
          ))}
        </Select>
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="audit-kind" className="text-sm font-medium text-slate-700">Request</label>
        <Select id="audit-kind" name="kind" defaultValue={kind ?? ""}>
          <option value="">Any</option>
          <option value="erasure">Erasure (deletions, suppressions)</option>
          <option value="export">Export (access requests, list downloads)</option>
        </Select>
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="audit-receipt" className="text-sm font-medium text-slate-700">Receipt</label>
        <Input id="audit-receipt" name="receipt" defaultValue={receipt ?? ""} placeholder="rcpt_…" className="w-64 font-mono" autoComplete="off" />
      </div>
      <Button type="submit" variant="primary">Filter</Button>
      {action || actor || receipt || kind ? (
        <Link href={AUDIT_LOG_PATH} className="px-2 py-1.5 text-sm text-indigo-600 hover:underline">Clear filters</Link>
      ) : null}
    </form>
  );
}
