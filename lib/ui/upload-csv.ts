// The browser side of the app's CSV upload routes (app/api/imports/*): the file goes as the raw body,
// typed text/csv, so the route can refuse it by its Content-Length and stream it under its cap.
// Client-safe.

export const EMPTY_FILE_MESSAGE = "The file is empty.";

// What a form shows after an upload: the route's own state, or the first message of its error.
export type UploadState = { ok: boolean; message: string };

// Posts `file` to `url` and reads the answer: the route's state when it sent one (also on 4xx, when
// an import stopped at a cap after importing part of the file), else the error envelope's message.
export async function uploadCsvFile<S extends UploadState>(url: string, file: Blob): Promise<S | UploadState> {
  let response: Response;
  try {
    response = await fetch(url, { method: "POST", headers: { "content-type": "text/csv" }, body: file });
  } catch {
    return { ok: false, message: "The upload failed; check the connection and try again." };
  }
  const body = (await response.json().catch(() => null)) as (Partial<S> & { meta?: { errors?: unknown[] } }) | null;
  if (body && typeof body.ok === "boolean" && typeof body.message === "string") return body as S;
  const error = body?.meta?.errors?.[0];
  return { ok: false, message: typeof error === "string" ? error : `The upload failed (HTTP ${response.status}).` };
}
