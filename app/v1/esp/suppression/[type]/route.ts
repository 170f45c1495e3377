// App API: the addresses listed under one suppression type, paged by limit/offset.
import { listEspSuppressionsForApi } from "@/lib/esp-suppression/api";
import { appRoute, methodNotAllowed } from "@/lib/api/route";

export const GET = appRoute<{ type: string }>(async ({ request, params, workspace }) =>
  listEspSuppressionsForApi({ workspaceId: workspace.id, type: params.type, searchParams: new URL(request.url).searchParams }),
);

const notAllowed = methodNotAllowed("GET");
export const POST = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;
