// App API: everything held about a person as one JSON document, streamed (?id_type=id|email|cio_id).
// A suppressed identifier is refused with 409: its person was deleted.
import { exportPersonDataByIdentifier, exportResponse } from "@/lib/export/person-export";
import { parseWith } from "@/lib/api/http";
import { appRoute, methodNotAllowed } from "@/lib/api/route";
import { idTypeQuerySchema } from "@/lib/track-api/schemas";

export const GET = appRoute<{ identifier: string }>(async ({ request, params, workspace, actor }) => {
  const { id_type } = parseWith(idTypeQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
  return exportResponse(await exportPersonDataByIdentifier({ workspace, identifier: params.identifier, idType: id_type, actor }));
});

const notAllowed = methodNotAllowed("GET");
export const POST = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;
