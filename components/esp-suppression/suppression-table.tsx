"use client";
// The list's current page: select rows (or one row's Remove), confirm, remove. TanStack Table v9 in
// manual mode: the server already paged, filtered and ordered the rows.
import { createColumnHelper, rowSelectionFeature, tableFeatures, useTable, type RowSelectionState } from "@tanstack/react-table";
import { useEffect, useMemo, useState, useTransition } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogContent, DialogRoot } from "@/components/ui/dialog";
import { removeEspSuppressionsAction } from "@/lib/esp-suppression/actions";
import type { EspSuppressionRow } from "@/lib/esp-suppression/queries";
import { ESP_TYPE_OPTIONS } from "@/lib/esp-suppression/schemas";
import { formatDateTime } from "@/lib/ui/format";

const features = tableFeatures({ rowSelectionFeature });
const helper = createColumnHelper<typeof features, EspSuppressionRow>();
const TYPE_LABELS = Object.fromEntries(ESP_TYPE_OPTIONS.map((option) => [option.value, option.label]));

export function SuppressionTable({ rows }: { rows: EspSuppressionRow[] }) {
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  const [pendingRemoval, setPendingRemoval] = useState<EspSuppressionRow[] | null>(null);
  const [isPending, startTransition] = useTransition();

  // A new page (or filter) starts with nothing selected.
  useEffect(() => setRowSelection({}), [rows]);

  const columns = useMemo(
    () =>
      helper.columns([
        helper.display({
          id: "select",
          header: ({ table }) => (
            <input
              type="checkbox"
              aria-label="Select all on this page"
              checked={table.getIsAllPageRowsSelected()}
              ref={(el) => {
                if (el) el.indeterminate = table.getIsSomePageRowsSelected() && !table.getIsAllPageRowsSelected();
              }}
              onChange={table.getToggleAllPageRowsSelectedHandler()}
            />
          ),
          cell: ({ row }) => (
            <input type="checkbox" aria-label={`Select ${row.original.email} (${TYPE_LABELS[row.original.type]})`} checked={row.getIsSelected()} onChange={row.getToggleSelectedHandler()} />
          ),
        }),
        helper.accessor("email", { header: "Email", cell: (info) => <span className="font-medium text-slate-900">{info.getValue()}</span> }),
        helper.accessor("type", { header: "Type", cell: (info) => <Badge>{TYPE_LABELS[info.getValue()]}</Badge> }),
        helper.accessor("reason", { header: "Reason", cell: (info) => <span className="line-clamp-2 max-w-md text-slate-600">{info.getValue() ?? "—"}</span> }),
        helper.accessor("statusCode", { header: "Status code", cell: (info) => info.getValue() ?? "—" }),
        helper.accessor("origin", { header: "Origin", cell: (info) => info.getValue() }),
        helper.accessor("createdAt", { header: "Created", cell: (info) => <span className="whitespace-nowrap">{formatDateTime(info.getValue())}</span> }),
        helper.display({
          id: "actions",
          header: () => <span className="sr-only">Actions</span>,
          cell: ({ row }) => (
            <Button variant="ghost" className="px-2 py-1 text-red-700" aria-label={`Remove ${row.original.email} (${TYPE_LABELS[row.original.type]})`} onClick={() => setPendingRemoval([row.original])}>
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
      <div className="mb-2 flex min-h-9 items-center gap-3 text-sm" aria-live="polite">
        {selected.length > 0 ? (
          <>
            <span>{selected.length} selected</span>
            <Button variant="danger" onClick={() => setPendingRemoval(selected)}>
              Remove selected
            </Button>
          </>
        ) : null}
      </div>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table aria-label="Email suppression entries" className="w-full text-left text-sm">
          <thead className="bg-slate-50 text-xs text-slate-500 uppercase">
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => (
                  <th key={header.id} scope="col" className="px-3 py-2 font-medium">
                    {header.isPlaceholder ? null : <table.FlexRender header={header} />}
                  </th>
                ))}
              </tr>
            ))}
          </thead>
          <tbody className="divide-y divide-slate-100">
            {table.getRowModel().rows.length === 0 ? (
              <tr>
                <td colSpan={columns.length} className="px-3 py-8 text-center text-slate-500">
                  No entries match.
                </td>
              </tr>
            ) : (
              table.getRowModel().rows.map((row) => (
                <tr key={row.id} aria-selected={row.getIsSelected()} className="hover:bg-slate-50">
                  {row.getAllCells().map((cell) => (
                    <td key={cell.id} className="px-3 py-2 align-top">
                      <table.FlexRender cell={cell} />
                    </td>
                  ))}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>

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
