// App API: put one address on the list under a type (200 {}), or take it off (204).
import { addEspSuppressionForApi, removeEspSuppressionForApi } from "@/lib/esp-suppression/api";
import { espApiBodySchema } from "@/lib/esp-suppression/schemas";
import { appRoute, methodNotAllowed } from "@/lib/api/route";

type Params = { type: string; email: string };

export const POST = appRoute<Params>(async ({ params, workspace, actor, json }) =>
  addEspSuppressionForApi({ workspaceId: workspace.id, ...params, body: await json(espApiBodySchema, {}), actor }),
);

export const DELETE = appRoute<Params>(async ({ params, workspace, actor }) =>
  removeEspSuppressionForApi({ workspaceId: workspace.id, ...params, actor }),
);

const notAllowed = methodNotAllowed("POST", "DELETE");
export const GET = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
