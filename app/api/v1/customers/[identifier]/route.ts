// Track API: identify (PUT) and delete (DELETE) one person, addressed by id, email or cio_<cio_id>.
import { identify } from "@/lib/people/identify";
import { deletePersonByIdentifier } from "@/lib/deletion/delete-people";
import { methodNotAllowed, trackRoute } from "@/lib/api/route";
import { receiptResponse } from "@/lib/api/http";
import { identifyBodySchema } from "@/lib/track-api/schemas";

type Params = { identifier: string };

export const PUT = trackRoute<Params>(async ({ params, workspace, actor, json }) => {
  await identify({ workspace, identifier: params.identifier, attributes: await json(identifyBodySchema), actor });
});

// 200 {} whether or not someone matched: deleting is idempotent. X-Receipt-Id names the erasure's
// certificate (GET /v1/receipts/:id); the body stays Customer.io's.
export const DELETE = trackRoute<Params>(async ({ params, workspace, actor }) => {
  const { receiptId } = await deletePersonByIdentifier({ workspace, identifier: params.identifier, actor });
  return receiptResponse(receiptId);
});

const notAllowed = methodNotAllowed("PUT", "DELETE");
export const GET = notAllowed;
export const POST = notAllowed;
export const PATCH = notAllowed;
