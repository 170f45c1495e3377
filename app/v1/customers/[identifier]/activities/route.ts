// App API: a person's activity, newest first (?type=&name=&start=&limit=&id_type=).
import { appRoute, methodNotAllowed } from "@/lib/api/route";
import { listCustomerActivities } from "@/lib/track-api/customers";
import { parseWith } from "@/lib/api/http";
import { activitiesQuerySchema } from "@/lib/track-api/schemas";

export const GET = appRoute<{ identifier: string }>(async ({ request, params, workspace }) => {
  const query = parseWith(activitiesQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
  return listCustomerActivities({ workspace, identifier: params.identifier, idType: query.id_type, ...query });
});

const notAllowed = methodNotAllowed("GET");
export const POST = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;
