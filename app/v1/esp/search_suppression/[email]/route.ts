// App API: every suppression type one address is listed under.
import { searchEspSuppressionForApi } from "@/lib/esp-suppression/api";
import { appRoute, methodNotAllowed } from "@/lib/api/route";

export const GET = appRoute<{ email: string }>(async ({ params, workspace }) =>
  searchEspSuppressionForApi({ workspaceId: workspace.id, email: params.email }),
);

const notAllowed = methodNotAllowed("GET");
export const POST = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;
