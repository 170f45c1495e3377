// The People → Import page's upload, for support and admins: the CSV file as the raw body (text/csv),
// streamed into the import under the page's cap. Under /api/ so that proxy.ts never sees it (Next
// buffers, and cuts at 10 MB, the body of a request that its proxy handles).
import { revalidatePath } from "next/cache";
import { staffRoute } from "@/lib/api/route";
import { importPeople } from "@/lib/imports/import-people";
import { importPeopleState, MAX_PEOPLE_UPLOAD_BYTES, PEOPLE_UPLOAD_TOO_LARGE } from "@/lib/imports/upload";
import { csvUploadBody, jsonResponse } from "@/lib/api/http";

export const POST = staffRoute(async ({ request, actor, workspace }) => {
  const source = csvUploadBody(request, { maxBytes: MAX_PEOPLE_UPLOAD_BYTES, tooLarge: PEOPLE_UPLOAD_TOO_LARGE });
  const fileName = new URL(request.url).searchParams.get("file_name");
  const summary = await importPeople({ workspace, source, fileName, actor, maxBytes: MAX_PEOPLE_UPLOAD_BYTES });
  revalidatePath("/people");
  revalidatePath("/people/import");
  const state = importPeopleState(summary);
  if (!summary.limitExceeded) return state;
  // Stopped at a cap while streaming (only a body sent without its length gets that far): the rows
  // before it are imported, as the state's summary says, but the request as a whole is refused.
  return jsonResponse({ meta: { errors: [state.message] }, ...state }, { status: summary.limitExceeded === "bytes" ? 413 : 400 });
});
