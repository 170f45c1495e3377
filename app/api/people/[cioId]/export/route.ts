// The person page's "Export data": the person's data as a streamed JSON download, for signed-in
// support and admins. Another site can't start it (Sec-Fetch-Site), since it writes an audit entry.
import { actorOf, isAuthorizationError, requireRequestUser } from "@/lib/auth/guard";
import { exportPersonData, exportResponse } from "@/lib/export/person-export";
import { errorResponse, errorToResponse } from "@/lib/api/http";
import { getWorkspace } from "@/lib/workspace/workspace";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ cioId: string }> }) {
  try {
    if (request.headers.get("sec-fetch-site") === "cross-site") return errorResponse(403, ["This download must start from the app's own pages."]);
    const user = await requireRequestUser(request);
    const { cioId } = await params;
    return exportResponse(await exportPersonData({ workspace: await getWorkspace(), cioId, actor: actorOf(user), via: "staff" }));
  } catch (error) {
    if (isAuthorizationError(error)) return errorResponse(error.status, [error.message]);
    return errorToResponse(error);
  }
}
