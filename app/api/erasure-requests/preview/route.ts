// "Erase a list" (support and admins): the pasted or uploaded list as the raw body (text/csv), sorted
// into what applying it would do. Writes nothing. Under /api/ so that proxy.ts never buffers it.
import { staffRoute } from "@/lib/auth/staff-route";
import { previewListRequest } from "@/lib/erasure-requests/requests";
import { getWorkspace } from "@/lib/workspace/workspace";

export const POST = staffRoute(async ({ request }) => previewListRequest(request, await getWorkspace()));
