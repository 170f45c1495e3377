// Track API v2: up to 500 KB of entity items ({"batch":[…]}), validated first, applied in order;
// 200 {"errors":[{batch_index, reason}]} names the items that failed, the others are applied.
import { methodNotAllowed, trackRoute } from "@/lib/api/route";
import { applyBatch, batchBodySchema, MAX_BATCH_BYTES } from "@/lib/track-api/v2";

export const POST = trackRoute(async ({ workspace, actor, json }) => {
  const { batch } = await json(batchBodySchema, undefined, MAX_BATCH_BYTES);
  return applyBatch({ workspace, actor, batch });
});

const notAllowed = methodNotAllowed("POST");
export const GET = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;
