"use client";
// The list's current page: select rows (or one row's Remove), confirm, remove. Column definitions over
// the table kit; the server already paged, filtered and ordered the rows.
import { createColumnHelper, rowSelectionFeature, tableFeatures, useTable, type RowSelectionState } from "@tanstack/react-table";
import { useMemo, useState, useTransition } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { selectColumn } from "@/components/data-table/columns";
import { DataTable } from "@/components/data-table/data-table";
import { actionsColumn } from "@/components/data-table/row-actions";
import { SelectionBar } from "@/components/data-table/toolbar";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogContent, DialogRoot } from "@/components/ui/dialog";
import { removeEspSuppressionsAction } from "@/lib/actions/esp-suppression";
import type { EspSuppressionRow } from "@/lib/esp-suppression/queries";
import { ESP_TYPE_OPTIONS } from "@/lib/esp-suppression/schemas";
import { formatDateTime } from "@/lib/ui/format";

const features = tableFeatures({ rowSelectionFeature });
const helper = createColumnHelper<typeof features, EspSuppressionRow>();
const TYPE_LABELS = Object.fromEntries(ESP_TYPE_OPTIONS.map((option) => [option.value, option.label]));
const entryLabel = (row: EspSuppressionRow) => `${row.email} (${TYPE_LABELS[row.type]})`;

export function SuppressionTable({ rows }: { rows: EspSuppressionRow[] }) {
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  const [pendingRemoval, setPendingRemoval] = useState<EspSuppressionRow[] | null>(null);
  const [isPending, startTransition] = useTransition();

  // A new page (or filter) starts with nothing selected.
  const [seenRows, setSeenRows] = useState(rows);
  if (rows !== seenRows) {
    setSeenRows(rows);
    setRowSelection({});
  }

  const columns = useMemo(
    () =>
      helper.columns([
        selectColumn<typeof features, EspSuppressionRow>({ allLabel: "Select all on this page", rowLabel: entryLabel }),
        helper.accessor("email", { header: "Email", cell: (info) => <span className="font-medium text-slate-900">{info.getValue()}</span> }),
        helper.accessor("type", { header: "Type", cell: (info) => <Badge>{TYPE_LABELS[info.getValue()]}</Badge> }),
        helper.accessor("reason", {
          header: "Reason",
          cell: (info) => <span className="line-clamp-2 max-w-md text-slate-600">{info.getValue() ?? "—"}</span>,
          meta: { cellClassName: "whitespace-normal" },
        }),
        helper.accessor("statusCode", { header: "Status code", cell: (info) => info.getValue() ?? "—" }),
        helper.accessor("origin", { header: "Origin", cell: (info) => info.getValue() }),
        helper.accessor("createdAt", { header: "Created", cell: (info) => <span className="whitespace-nowrap">{formatDateTime(info.getValue())}</span> }),
        actionsColumn<typeof features, EspSuppressionRow>({
          cell: (row) => (
            <Button variant="ghost" className="px-2 py-1 text-red-700" aria-label={`Remove ${entryLabel(row)}`} onClick={() => setPendingRemoval([row])}>
              Remove
            </Button>
          ),
        }),
      ]),
    [],
  );

  const table = useTable({
    features,
    columns,
    data: rows,
    getRowId: (row) => row.id,
    state: { rowSelection },
    onRowSelectionChange: setRowSelection,
    enableRowSelection: true,
  });

  const selected = rows.filter((row) => rowSelection[row.id]);

  const confirmRemoval = () => {
    const targets = pendingRemoval ?? [];
    startTransition(async () => {
      const result = await removeEspSuppressionsAction({ ids: targets.map((row) => row.id) });
      if (result.ok) toast.success(result.message);
      else toast.error(result.message);
      setPendingRemoval(null);
      setRowSelection({});
    });
  };

  return (
    <div>
      <div className="mb-2">
        <SelectionBar count={selected.length}>
          <Button variant="danger" onClick={() => setPendingRemoval(selected)}>
            Remove selected
          </Button>
        </SelectionBar>
      </div>
      <DataTable table={table} label="Email suppression entries" empty="No entries match." isRowSelected={(id) => Boolean(rowSelection[id])} />

      <DialogRoot open={pendingRemoval !== null} onOpenChange={(open) => (open ? null : setPendingRemoval(null))}>
        {pendingRemoval ? (
          <DialogContent
            title={pendingRemoval.length === 1 ? "Remove this entry?" : `Remove ${pendingRemoval.length} entries?`}
            description="The email provider may send to these addresses again. This is recorded in the audit log."
          >
            <ul className="mb-4 max-h-40 overflow-y-auto text-sm text-slate-700">
              {pendingRemoval.slice(0, 10).map((row) => (
                <li key={row.id}>
                  {row.email} · {TYPE_LABELS[row.type]}
                </li>
              ))}
              {pendingRemoval.length > 10 ? <li>… and {pendingRemoval.length - 10} more</li> : null}
            </ul>
            <div className="flex justify-end gap-2">
              <DialogClose asChild>
                <Button>Cancel</Button>
              </DialogClose>
              <Button variant="danger" onClick={confirmRemoval} disabled={isPending}>
                {isPending ? "Removing…" : "Remove"}
              </Button>
            </div>
          </DialogContent>
        ) : null}
      </DialogRoot>
    </div>
  );
}
