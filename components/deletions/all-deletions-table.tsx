"use client";
// Every deletion on record (the Deletions page): when, who, kind, people, suppress, status, receipt,
// filtered by kind, actor and receipt (URL state), in keyset pages.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId } from "react";
import { ListTable, listColumnHelper, type ListColumn } from "@/components/data-table/data-table";
import { SearchInput } from "@/components/data-table/toolbar";
import { Badge } from "@/components/ui/badge";
import { Select } from "@/components/ui/input";
import { DELETION_KINDS, deletionsHref, type DeletionKind, type DeletionsSearchParams } from "@/lib/deletion/search-params";
import { formatCount, formatDateTime } from "@/lib/ui/format";

export type DeletionRow = {
  receiptId: string;
  createdAt: string;
  kind: DeletionKind;
  actor: string;
  actorFilter: string | null;
  people: number;
  suppress: boolean;
  status: string;
};

const KIND_LABELS: Record<DeletionKind, string> = {
  person: "Person page",
  selection: "Selection",
  list: "Erasure request (list)",
  api: "API",
  job: "Bulk job",
};

const column = listColumnHelper<DeletionRow>();
const columns: ListColumn<DeletionRow>[] = [
  column.accessor("createdAt", { header: "When", cell: (info) => formatDateTime(info.row.original.createdAt) }),
  column.accessor("actor", {
    header: "Who",
    cell: (info) => {
      const filter = info.row.original.actorFilter;
      return filter ? (
        <Link href={deletionsHref({ actor: filter })} className="text-indigo-700 underline" title="Only this actor's deletions">
          {info.row.original.actor}
        </Link>
      ) : (
        info.row.original.actor
      );
    },
  }),
  column.accessor("kind", { header: "Kind", cell: (info) => KIND_LABELS[info.row.original.kind] }),
  column.accessor("people", { header: "People", cell: (info) => formatCount(info.row.original.people), meta: { cellClassName: "tabular-nums" } }),
  column.accessor("suppress", { header: "Suppress", cell: (info) => (info.getValue() ? "Delete and suppress" : "Delete only") }),
  column.accessor("status", { header: "Status", cell: (info) => <Badge tone={info.getValue() === "completed" ? "success" : info.getValue() === "failed" ? "danger" : "info"}>{info.getValue()}</Badge> }),
  column.accessor("receiptId", {
    header: "Receipt",
    cell: (info) => (
      <Link href={`/receipts/${info.getValue()}`} className="font-mono text-xs text-indigo-700 underline">
        {info.getValue()}
      </Link>
    ),
  }),
];

export function AllDeletionsTable({ rows, params, nextCursor }: { rows: DeletionRow[]; params: DeletionsSearchParams; nextCursor: string | null }) {
  const id = useId();
  const router = useRouter();
  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-end gap-3">
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-kind`} className="text-xs font-medium text-slate-600">
            Kind
          </label>
          <Select id={`${id}-kind`} value={params.kind ?? ""} onChange={(e) => router.push(deletionsHref({ ...params, kind: (e.target.value || undefined) as DeletionKind | undefined, cursor: undefined }))}>
            <option value="">All kinds</option>
            {DELETION_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {KIND_LABELS[kind]}
              </option>
            ))}
          </Select>
        </div>
        <SearchInput label="Receipt id" placeholder="rcpt_…" param="receipt" className="w-64" />
        {params.actor ? (
          <Link href={deletionsHref({ ...params, actor: undefined, cursor: undefined })} className="pb-2 text-sm text-indigo-700 underline">
            All actors
          </Link>
        ) : null}
      </div>
      <ListTable columns={columns} data={rows} getRowId={(row) => row.receiptId} label="All deletions" empty="No deletions match." />
      <nav aria-label="Deletions pages" className="flex gap-4 text-sm">
        {params.cursor ? (
          <Link href={deletionsHref({ ...params, cursor: undefined })} className="text-indigo-700 underline">
            Newest
          </Link>
        ) : null}
        {nextCursor ? (
          <Link href={deletionsHref({ ...params, cursor: nextCursor })} className="text-indigo-700 underline">
            Older
          </Link>
        ) : null}
      </nav>
    </div>
  );
}
