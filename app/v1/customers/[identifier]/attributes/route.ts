// App API: a person's identifiers and attributes (?id_type=id|email|cio_id; default: as Track reads it).
import { appRoute, methodNotAllowed } from "@/lib/api/route";
import { getCustomerAttributes } from "@/lib/track-api/customers";
import { parseWith } from "@/lib/api/http";
import { idTypeQuerySchema } from "@/lib/track-api/schemas";

export const GET = appRoute<{ identifier: string }>(async ({ request, params, workspace }) => {
  const { id_type } = parseWith(idTypeQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
  return getCustomerAttributes({ workspace, identifier: params.identifier, idType: id_type });
});

const notAllowed = methodNotAllowed("GET");
export const POST = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;
