// The HTTP side of erasure requests for the app's own pages: the list arrives as the raw body of a
// staff route (lib/auth/staff-route.ts's csvUploadBody, capped at MAX_LIST_BYTES); these read it,
// preview or apply it, and answer in the shapes of ./upload.ts. Both routes call these, so they stay
// a few lines.
import "server-only";
import { HttpError } from "../api/http";
import type { Actor } from "../audit/record-audit";
import { DeletionConfirmationError } from "../errors";
import type { Workspace } from "../generated/prisma/client";
import { formatCount } from "../ui/format";
import { applyErasureList } from "./apply-list";
import { previewErasureList } from "./preview-list";
import { ErasureListLimitError, LIST_TOO_LARGE, parseErasureList, type ListEntry } from "./parse-list";
import type { ErasureApplyAnswer, ErasurePreviewAnswer } from "./upload";

async function readList(body: ReadableStream<Uint8Array>): Promise<ListEntry[]> {
  try {
    return await parseErasureList(body);
  } catch (error) {
    if (error instanceof ErasureListLimitError && error.limit === "bytes") throw new HttpError(413, [LIST_TOO_LARGE]);
    throw error;
  }
}

// POST …/preview: what the list would do, writing nothing.
export async function previewListRequest(body: ReadableStream<Uint8Array>, workspace: Workspace): Promise<ErasurePreviewAnswer> {
  const preview = await previewErasureList({ workspace, entries: await readList(body) });
  return {
    ok: true,
    message: `${formatCount(preview.lines)} ${preview.lines === 1 ? "line" : "lines"} previewed; nothing has changed.`,
    previewedAt: preview.previewedAt.toISOString(),
    mode: preview.mode,
    lines: preview.lines,
    counts: preview.counts,
    rows: preview.rows.map((row) => (row.outcome === "suppressed" && row.since ? { ...row, since: row.since.toISOString() } : row) as ErasurePreviewAnswer["rows"][number]),
  };
}

// POST …/apply?previewed_at=&suppress=1&preview_people=&typed=: the same list again, applied as the
// preview at previewed_at saw it.
export async function applyListRequest(request: { url: string; body: ReadableStream<Uint8Array> }, workspace: Workspace, actor: Actor): Promise<ErasureApplyAnswer> {
  const params = new URL(request.url).searchParams;
  const previewedAt = new Date(params.get("previewed_at") ?? "");
  if (Number.isNaN(previewedAt.getTime())) throw new HttpError(400, ["previewed_at: preview the list first"]);
  const previewPeople = Number(params.get("preview_people") ?? "0");
  if (!Number.isSafeInteger(previewPeople) || previewPeople < 0) throw new HttpError(400, ["preview_people must be a count"]);
  const suppress = params.get("suppress") === "1";
  const entries = await readList(request.body);
  let result;
  try {
    result = await applyErasureList({
      workspace,
      entries,
      previewedAt,
      suppress,
      actor,
      confirmation: { previewPeople, typed: params.get("typed") ?? undefined },
    });
  } catch (error) {
    if (error instanceof DeletionConfirmationError) return { ok: false, message: error.message };
    throw error;
  }
  const what = suppress ? "deleted and suppressed" : "deleted";
  const alone = result.counts.suppressedWithoutPerson;
  const extra = alone ? `, ${formatCount(alone)} ${alone === 1 ? "identifier" : "identifiers"} suppressed without a person` : "";
  if (result.mode === "inline") {
    return { ok: true, message: `${formatCount(result.deleted)} ${result.deleted === 1 ? "person" : "people"} ${what}${extra}. Receipt ${result.receiptId}`, ...result };
  }
  return { ok: true, message: `Deleting ${formatCount(result.total)} people in the background${extra}. Receipt ${result.receiptId}`, ...result };
}
