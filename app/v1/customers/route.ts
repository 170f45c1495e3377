// App API: search people with a Customer.io filter (and/or/not, segment, attribute), cursor-paginated.
import { appRoute, methodNotAllowed } from "@/lib/api/route";
import { searchCustomers } from "@/lib/track-api/customers";
import { parseWith } from "@/lib/api/http";
import { pageQuerySchema, searchBodySchema } from "@/lib/track-api/schemas";

export const POST = appRoute(async ({ request, workspace, json }) => {
  const url = new URL(request.url);
  const page = parseWith(pageQuerySchema, { start: url.searchParams.get("start") ?? undefined, limit: url.searchParams.get("limit") ?? undefined });
  const { filter } = await json(searchBodySchema);
  return searchCustomers({ workspace, filter, ...page });
});

const notAllowed = methodNotAllowed("POST");
export const GET = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;
