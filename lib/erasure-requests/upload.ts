// What the "Erase a list" page and its routes (POST /api/erasure-requests/preview and …/apply) agree
// on: the URLs, the answers' shapes. Client-safe: the browser sends the list as the raw body.
import type { ErasureListCounts } from "./apply-list";
import type { ErasureOutcome, ErasurePreviewRow } from "./preview-list";

export const ERASURE_PREVIEW_URL = "/api/erasure-requests/preview";
export const ERASURE_APPLY_URL = "/api/erasure-requests/apply";

// A preview row as JSON: a suppression's date as an ISO string.
type WithIsoSince<T> = T extends { outcome: "suppressed" } ? Omit<T, "since"> & { since?: string } : T;

// A preview as JSON.
export type ErasurePreviewAnswer = {
  ok: true;
  message: string;
  previewedAt: string;
  mode: "id" | "email_or_id";
  lines: number;
  counts: Record<ErasureOutcome, number>;
  rows: WithIsoSince<ErasurePreviewRow>[];
};

export type ErasureApplyAnswer =
  | { ok: true; message: string; receiptId: string; mode: "inline"; deleted: number; counts: ErasureListCounts }
  | { ok: true; message: string; receiptId: string; mode: "job"; jobId: string; total: number; counts: ErasureListCounts }
  | { ok: false; message: string };
