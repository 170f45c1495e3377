"use client";
// Settings → Workspace → Indexed attributes: what is indexed (and whether its index is ready), a form
// to add one and a Remove button per row. While a build runs the page refreshes itself every 2 s.
import { useRouter } from "next/navigation";
import { useActionState, useEffect } from "react";
import { ListTable, listColumnHelper } from "@/components/data-table/data-table";
import { actionsColumn } from "@/components/data-table/row-actions";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { FieldError, Input } from "@/components/ui/input";
import { IDLE_ACTION_STATE } from "@/lib/ui/action-state";
import { addIndexedAttributeAction, removeIndexedAttributeAction } from "@/lib/actions/attribute-indexes";
import type { IndexedAttributeSummary } from "@/lib/attribute-indexes/attribute-indexes";
import { formatDateTime } from "@/lib/ui/format";

const column = listColumnHelper<IndexedAttributeSummary>();

function StatusBadge({ attribute }: { attribute: IndexedAttributeSummary }) {
  if (attribute.status === "ready") return <Badge tone="success">Ready</Badge>;
  if (attribute.status === "building") return <Badge tone="info">Building…</Badge>;
  return (
    <span className="flex flex-col items-start gap-1">
      <Badge tone="danger">Failed</Badge>
      {attribute.error ? <span className="text-xs text-red-700">{attribute.error}</span> : null}
    </span>
  );
}

function RemoveButton({ name }: { name: string }) {
  const [state, formAction, isPending] = useActionState(removeIndexedAttributeAction, IDLE_ACTION_STATE);
  return (
    <form action={formAction} className="flex items-center gap-2">
      <input type="hidden" name="name" value={name} />
      {!state.ok && state.message ? (
        <span role="alert" className="text-xs text-red-600">
          {state.message}
        </span>
      ) : null}
      <Button type="submit" variant="secondary" disabled={isPending} aria-label={`Remove index of ${name}`}>
        Remove
      </Button>
    </form>
  );
}

const columns = column.columns([
  column.accessor("name", { header: "Attribute", cell: (info) => info.getValue(), meta: { cellClassName: "font-mono text-xs text-slate-900" } }),
  column.accessor("status", { header: "Status", cell: (info) => <StatusBadge attribute={info.row.original} /> }),
  column.accessor("createdAt", { header: "Added", cell: (info) => formatDateTime(info.getValue()), meta: { cellClassName: "text-slate-600" } }),
  column.accessor("readyAt", { header: "Ready since", cell: (info) => (info.getValue() ? formatDateTime(info.getValue()) : "—"), meta: { cellClassName: "text-slate-600" } }),
  actionsColumn({ cell: (attribute: IndexedAttributeSummary) => <RemoveButton name={attribute.name} /> }),
]);

export function IndexedAttributesPanel({ attributes }: { attributes: IndexedAttributeSummary[] }) {
  const [state, formAction, isPending] = useActionState(addIndexedAttributeAction, IDLE_ACTION_STATE);
  const router = useRouter();
  const isBuilding = attributes.some((a) => a.status === "building");
  useEffect(() => {
    if (!isBuilding) return;
    const timer = setInterval(() => router.refresh(), 2000);
    return () => clearInterval(timer);
  }, [isBuilding, router]);
  const error = state.fieldErrors?.name?.[0];
  return (
    <div className="flex flex-col gap-4">
      <p className="text-sm text-slate-600">
        Filters such as “signed_up_at is before” or “plan_price is greater than” read every newer person when the attribute has no index. Index the
        attributes your team filters by range; each index makes every identify a little slower, so at most a few.
      </p>
      <form action={formAction} noValidate className="flex flex-col gap-1" key={JSON.stringify(state)}>
        <label htmlFor="indexed-attribute-name" className="text-sm font-medium text-slate-700">
          Attribute name
        </label>
        <div className="flex items-start gap-3">
          <Input
            id="indexed-attribute-name"
            name="name"
            autoComplete="off"
            placeholder="e.g. signed_up_at"
            defaultValue={state.ok ? "" : state.values?.name}
            className="w-80"
            aria-invalid={!!error || undefined}
            aria-describedby="indexed-attribute-name-error"
          />
          <Button type="submit" variant="primary" disabled={isPending}>
            Index attribute
          </Button>
        </div>
        <FieldError id="indexed-attribute-name-error" message={error} />
        <p role="status" aria-live="polite" className={state.ok ? "text-sm text-emerald-700" : "text-sm text-red-600"}>
          {error ? "" : state.message}
        </p>
      </form>
      <ListTable columns={columns} data={attributes} getRowId={(a) => a.name} label="Indexed attributes" empty="No attribute is indexed." />
    </div>
  );
}
