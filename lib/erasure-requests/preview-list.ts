// The preview of an erasure list: what applying it now would do, line by line, with counts per
// outcome. It writes nothing.
import type { IdentificationMode, Workspace } from "../generated/prisma/client";
import { classifyErasureList, ID_MODE_EMAIL_NOTE, type MatchKind, type Target, type TargetKind } from "./classify-list";
import type { ListEntry } from "./parse-list";

export type ErasureOutcome = "person" | "nobody" | "suppressed" | "invalid";

export type ErasurePreviewRow =
  | { outcome: "person"; cioId: string; matches: { kind: MatchKind; identifier: string }[]; lines: number[] }
  | { outcome: "nobody"; kind: TargetKind; identifier: string; lines: number[]; note?: string }
  | { outcome: "suppressed"; kind: TargetKind; identifier: string; lines: number[]; since?: Date; receiptId?: string; note?: string }
  | { outcome: "invalid"; reason: string; excerpt: string; lines: number[] };

export type ErasurePreview = {
  previewedAt: Date;
  mode: IdentificationMode;
  lines: number;
  counts: Record<ErasureOutcome, number>;
  rows: ErasurePreviewRow[];
};

export async function previewErasureList(options: { workspace: Workspace; entries: ListEntry[] }): Promise<ErasurePreview> {
  const { workspace, entries } = options;
  const previewedAt = new Date();
  const found = await classifyErasureList({ workspace, entries });
  const idMode = workspace.identificationMode === "id";
  const rows: ErasurePreviewRow[] = [];
  for (const [cioId, person] of found.people) {
    rows.push({ outcome: "person", cioId, matches: person.matches, lines: [...new Set(person.lines)].sort((a, b) => a - b) });
  }
  for (const t of found.nobody) rows.push({ outcome: "nobody", kind: t.kind, identifier: displayOf(t), lines: t.lines, ...(t.note ? { note: t.note } : {}) });
  for (const t of found.suppressed) {
    rows.push({
      outcome: "suppressed",
      kind: t.kind,
      identifier: displayOf(t),
      lines: t.lines,
      ...(t.since ? { since: t.since } : {}),
      ...(t.receiptId ? { receiptId: t.receiptId } : {}),
      ...(t.note ? { note: t.note } : t.kind === "email" && idMode ? { note: ID_MODE_EMAIL_NOTE } : {}),
    });
  }
  for (const i of found.invalid) rows.push({ outcome: "invalid", reason: i.reason, excerpt: i.excerpt, lines: i.lines });
  rows.sort((a, b) => a.lines[0] - b.lines[0]);
  const counts = { person: 0, nobody: 0, suppressed: 0, invalid: 0 };
  for (const row of rows) counts[row.outcome]++;
  return { previewedAt, mode: workspace.identificationMode, lines: new Set(entries.map((e) => e.line)).size, counts, rows };
}

function displayOf(target: Target): string {
  return target.kind === "cio_id" ? `cio_${target.key}` : target.identifier;
}
