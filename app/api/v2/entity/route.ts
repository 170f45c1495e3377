// Track API v2: one action on one person ({"type":"person","identifiers":{…},"action":…}).
import { methodNotAllowed, trackRoute } from "@/lib/api/route";
import { receiptResponse } from "@/lib/api/http";
import { applyItem, validateItem } from "@/lib/track-api/v2";
import { z } from "zod";

export const POST = trackRoute(async ({ workspace, actor, json }) => {
  const item = validateItem(workspace, await json(z.unknown()));
  const receiptId = await applyItem({ workspace, actor, item });
  // A delete or suppress names its certificate of erasure in X-Receipt-Id; the body stays {}.
  return receiptId ? receiptResponse(receiptId) : undefined;
});

const notAllowed = methodNotAllowed("POST");
export const GET = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;
