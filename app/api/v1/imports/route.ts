// Track API extension: import people from a CSV body (text/csv), streamed; answers the summary. A body
// over the import's byte cap is refused before anything is read (413) when its length is declared,
// and stops the import when found while streaming (413, or 400 over the row cap, with the summary).
import { importPeople, MAX_IMPORT_FILE_BYTES } from "@/lib/imports/import-people";
import { HttpError, jsonResponse, refuseDeclaredOver } from "@/lib/api/http";
import { methodNotAllowed, trackRoute } from "@/lib/api/route";

const CSV_TYPES = ["text/csv", "application/csv", "text/plain"];

export const POST = trackRoute(async ({ request, workspace, actor }) => {
  const type = (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (!CSV_TYPES.includes(type)) throw new HttpError(415, ["send the CSV file as the body with content-type text/csv"]);
  refuseDeclaredOver(request, MAX_IMPORT_FILE_BYTES, `the CSV body is over ${MAX_IMPORT_FILE_BYTES.toLocaleString("en-US")} bytes; split the file`);
  if (!request.body || request.headers.get("content-length") === "0") throw new HttpError(400, ["the CSV body is empty"]);
  const fileName = new URL(request.url).searchParams.get("file_name");
  const summary = await importPeople({ workspace, source: request.body, fileName, actor });
  const body = { ...summary, errors_url: `/api/v1/imports/${summary.id}/errors` };
  if (summary.limitExceeded) {
    // The error envelope, with the summary of what was imported before the cap beside it.
    return jsonResponse({ meta: { errors: [summary.failure] }, ...body }, { status: summary.limitExceeded === "bytes" ? 413 : 400 });
  }
  return body;
});

const notAllowed = methodNotAllowed("POST");
export const GET = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;
