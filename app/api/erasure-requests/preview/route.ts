// "Erase a list" (support and admins): the pasted or uploaded list as the raw body (text/csv), sorted
// into what applying it would do. Writes nothing. Under /api/ so that proxy.ts never buffers it.
import { csvUploadBody } from "@/lib/api/http";
import { staffRoute } from "@/lib/api/route";
import { LIST_TOO_LARGE, MAX_LIST_BYTES } from "@/lib/erasure-requests/parse-list";
import { previewListRequest } from "@/lib/erasure-requests/requests";

export const POST = staffRoute(async ({ request, workspace }) =>
  previewListRequest(csvUploadBody(request, { maxBytes: MAX_LIST_BYTES, tooLarge: LIST_TOO_LARGE }), workspace),
);
