"use client";
// The "Erase a list" preview's columns: one row per person (the lines that named them folded), per
// value that matches nobody or is already suppressed, per invalid line (with why).
import { listColumnHelper, type ListColumn } from "@/components/data-table/data-table";
import { Badge } from "@/components/ui/badge";
import type { ErasurePreviewAnswer } from "@/lib/erasure-requests/upload";
import { formatDateTime } from "@/lib/ui/format";

export type PreviewRow = ErasurePreviewAnswer["rows"][number];
type Outcome = PreviewRow["outcome"];

// Shared by the outcome cells, the counts and the filter.
export const OUTCOMES: { value: Outcome; label: string; tone: "danger" | "neutral" | "warning" | "info" }[] = [
  { value: "person", label: "Matches a person", tone: "danger" },
  { value: "nobody", label: "Matches nobody", tone: "neutral" },
  { value: "suppressed", label: "Already suppressed", tone: "info" },
  { value: "invalid", label: "Invalid", tone: "warning" },
];

const MATCH_LABEL = { id: "id", email: "email", cio_id: "cio_id", email_attribute: "email attribute" } as const;

function lines(row: PreviewRow): string {
  const shown = row.lines.slice(0, 5).join(", ");
  return row.lines.length > 5 ? `${shown}, …` : shown;
}

function identifier(row: PreviewRow): string {
  if (row.outcome === "person") return row.matches.map((m) => m.identifier).join(", ");
  if (row.outcome === "invalid") return row.excerpt;
  return row.identifier;
}

function detail(row: PreviewRow) {
  switch (row.outcome) {
    case "person":
      return (
        <span>
          <a className="font-medium text-indigo-700 underline" href={`/people/${row.cioId}`}>
            cio_{row.cioId}
          </a>{" "}
          by {[...new Set(row.matches.map((m) => MATCH_LABEL[m.kind]))].join(" and ")}
        </span>
      );
    case "nobody":
      return row.note ?? (row.kind === "email" ? "email nobody holds" : "id nobody holds");
    case "suppressed":
      return [row.since ? `since ${formatDateTime(row.since)}` : null, row.receiptId ? `receipt ${row.receiptId}` : null, row.note].filter(Boolean).join(" · ");
    case "invalid":
      return row.reason;
  }
}

const column = listColumnHelper<PreviewRow>();

export const previewColumns: ListColumn<PreviewRow>[] = [
  column.display({ id: "lines", header: "Lines", cell: (info) => <span className="tabular-nums">{lines(info.row.original)}</span> }),
  column.display({
    id: "outcome",
    header: "Outcome",
    cell: (info) => {
      const outcome = OUTCOMES.find((o) => o.value === info.row.original.outcome)!;
      return <Badge tone={outcome.tone}>{outcome.label}</Badge>;
    },
  }),
  column.display({ id: "identifier", header: "Identifier", cell: (info) => <span className="break-all">{identifier(info.row.original)}</span> }),
  column.display({ id: "detail", header: "What happens", cell: (info) => <span className="whitespace-normal">{detail(info.row.original)}</span> }),
];
