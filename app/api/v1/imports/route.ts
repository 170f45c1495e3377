// Track API extension: import people from a CSV body (text/csv), streamed; answers the summary.
import { importPeople } from "@/lib/imports/import-people";
import { HttpError } from "@/lib/track-api/http";
import { methodNotAllowed, trackRoute } from "@/lib/track-api/route";

const CSV_TYPES = ["text/csv", "application/csv", "text/plain"];

export const POST = trackRoute(async ({ request, workspace, actor }) => {
  const type = (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (!CSV_TYPES.includes(type)) throw new HttpError(415, ["send the CSV file as the body with content-type text/csv"]);
  if (!request.body) throw new HttpError(400, ["the CSV body is empty"]);
  const fileName = new URL(request.url).searchParams.get("file_name");
  const summary = await importPeople({ workspace, source: request.body, fileName, actor });
  return { ...summary, errors_url: `/api/v1/imports/${summary.id}/errors` };
});

const notAllowed = methodNotAllowed("POST");
export const GET = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;
