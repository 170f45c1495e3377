// What the email suppression list's CSV import and its upload route (POST
// /api/imports/email-suppressions) agree on: the cap, the messages, the state the form shows.
// Client-safe: the browser checks a file before sending it.
import type { EspImportSummary } from "./import";

export const ESP_UPLOAD_URL = "/api/imports/email-suppressions";
// The page's cap, checked in the browser, by Content-Length and while the import streams.
export const MAX_ESP_UPLOAD_BYTES = 40 * 1024 * 1024;
export const ESP_UPLOAD_TOO_LARGE = "The file is over 40 MB; split it.";

export type ImportState = { ok: boolean; message: string; summary?: EspImportSummary };

// Why a chosen file can't be sent, or null when it can.
export function espFileProblem(file: Blob | null): string | null {
  if (!file || file.size === 0) return "Choose a CSV file.";
  if (file.size > MAX_ESP_UPLOAD_BYTES) return ESP_UPLOAD_TOO_LARGE;
  return null;
}

// The form's state after a preview or an apply.
export function espImportState(summary: EspImportSummary): ImportState {
  const added = `${summary.added} new ${summary.added === 1 ? "entry" : "entries"}`;
  return {
    ok: true,
    message: summary.isApplied ? `Imported ${added}.` : "Preview ready: nothing has been imported yet.",
    summary,
  };
}
