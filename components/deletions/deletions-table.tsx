"use client";
// The Deletions page's table: one row per bulk deletion job. While a job runs the page refreshes
// itself; a failed job can be resumed and a running one cancelled from its row.
import { useEffect, useMemo, useTransition } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { createColumnHelper, tableFeatures, useTable } from "@tanstack/react-table";
import { DataTable } from "@/components/data-table/data-table";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cancelDeletionAction, resumeDeletionJobAction } from "@/lib/actions/deletion";
import { formatCount, formatDateTime } from "@/lib/ui/format";

export type DeletionJobRow = {
  id: string;
  status: "queued" | "running" | "completed" | "failed" | "cancelled";
  suppress: boolean;
  done: number;
  total: number;
  rate: number;
  durationSeconds: number | null;
  cancelRequested: boolean;
  error: string | null;
  receiptId: string;
  startedBy: string;
  createdAt: string;
};

const REFRESH_MS = 2_000;
const features = tableFeatures({});
const column = createColumnHelper<typeof features, DeletionJobRow>();

const STATUS: Record<DeletionJobRow["status"], { label: string; tone: "neutral" | "info" | "success" | "danger" | "warning" }> = {
  queued: { label: "Queued", tone: "neutral" },
  running: { label: "Running", tone: "info" },
  completed: { label: "Completed", tone: "success" },
  failed: { label: "Failed", tone: "danger" },
  cancelled: { label: "Cancelled", tone: "warning" },
};

function formatDuration(seconds: number | null): string {
  if (seconds === null) return "—";
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes} min ${Math.round(seconds % 60)} s` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

function outcome(row: DeletionJobRow): string {
  const of = `${formatCount(row.done)} of ${formatCount(row.total)}`;
  switch (row.status) {
    case "completed":
      return `${formatCount(row.done)} deleted`;
    case "cancelled":
      return `Cancelled: ${of} deleted`;
    case "failed":
      return `Failed after ${of}${row.error ? ` — ${row.error}` : ""}`;
    default:
      return `${of} deleted${row.cancelRequested ? " · cancelling" : ""}`;
  }
}

export function DeletionsTable({ rows }: { rows: DeletionJobRow[] }) {
  const router = useRouter();
  const [isPending, startTransition] = useTransition();
  const isAnyRunning = rows.some((row) => row.status === "queued" || row.status === "running");

  useEffect(() => {
    if (!isAnyRunning) return;
    const timer = setInterval(() => router.refresh(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [isAnyRunning, router]);

  const act = (action: (jobId: string) => Promise<{ ok: boolean; message: string }>, jobId: string) =>
    startTransition(async () => {
      const result = await action(jobId);
      if (result.ok) toast.success(result.message);
      else toast.error(result.message);
      router.refresh();
    });

  const columns = useMemo(
    () => column.columns([
      column.accessor("createdAt", { header: "Started", cell: (info) => formatDateTime(info.getValue()) }),
      column.accessor("startedBy", { header: "By" }),
      column.accessor("total", { header: "People", cell: (info) => formatCount(info.getValue()), meta: { cellClassName: "tabular-nums" } }),
      column.accessor("suppress", { header: "Suppress", cell: (info) => (info.getValue() ? "Delete and suppress" : "Delete only") }),
      column.accessor("status", {
        header: "Status",
        cell: (info) => {
          const status = STATUS[info.row.original.status];
          return (
            <div className="flex flex-col gap-1 whitespace-normal">
              <Badge tone={status.tone} className="w-fit">
                {status.label}
              </Badge>
              <span className="text-xs text-slate-600">{outcome(info.row.original)}</span>
            </div>
          );
        },
      }),
      column.accessor("durationSeconds", { header: "Duration", cell: (info) => formatDuration(info.getValue()) }),
      column.accessor("rate", {
        header: "Rate",
        cell: (info) => (info.getValue() > 0 ? `${formatCount(Math.round(info.getValue()))}/s` : "—"),
        meta: { cellClassName: "tabular-nums" },
      }),
      column.accessor("receiptId", { header: "Receipt", cell: (info) => <code className="text-xs">{info.getValue()}</code> }),
      column.display({
        id: "actions",
        header: () => <span className="sr-only">Actions</span>,
        cell: (info) => {
          const row = info.row.original;
          if (row.status === "failed") {
            return (
              <Button variant="secondary" disabled={isPending} onClick={() => act(resumeDeletionJobAction, row.id)}>
                Resume
              </Button>
            );
          }
          if ((row.status === "queued" || row.status === "running") && !row.cancelRequested) {
            return (
              <Button variant="ghost" disabled={isPending} onClick={() => act(cancelDeletionAction, row.id)}>
                Cancel
              </Button>
            );
          }
          return null;
        },
      }),
    ]),
    [isPending], // eslint-disable-line react-hooks/exhaustive-deps -- act is new each render but only closes over router and startTransition, which are stable
  );

  const table = useTable({ features, columns, data: rows, getRowId: (row) => row.id });
  return <DataTable table={table} label="Deletion jobs" empty="No bulk deletions yet. Deletions of more than 1,000 people run as jobs and appear here." />;
}
