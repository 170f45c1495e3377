// Track API v2: up to 500 KB and 1,000 entity items ({"batch":[…]}), validated first, applied in order;
// 200 {"errors":[{batch_index, reason}],"error_count":n} names the items that failed, the others are
// applied; 207 with each item's status when the database failed part-way. TRACK_RATE_LIMIT counts items.
import { methodNotAllowed, trackRoute } from "@/lib/api/route";
import { applyBatch, batchResponse, MAX_BATCH_BYTES, refuseOverItemCap } from "@/lib/track-api/v2";
import { batchBodySchema } from "@/lib/track-api/schemas";

export const POST = trackRoute(
  async ({ workspace, actor, json, chargeItems }) => {
    const { batch } = await json(batchBodySchema, undefined, MAX_BATCH_BYTES);
    refuseOverItemCap(batch);
    await chargeItems(batch.length);
    return batchResponse(await applyBatch({ workspace, actor, batch }));
  },
  { rateCost: "items" },
);

const notAllowed = methodNotAllowed("POST");
export const GET = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;
