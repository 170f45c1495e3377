// Track API: delete the person and suppress all their identifiers (or the bare identifier).
import { suppressIdentifier } from "@/lib/deletion/suppress-identifier";
import { methodNotAllowed, trackRoute } from "@/lib/api/route";
import { receiptResponse } from "@/lib/api/http";

// 200 {} with X-Receipt-Id: the erasure's certificate (GET /v1/receipts/:id).
export const POST = trackRoute<{ identifier: string }>(async ({ params, workspace, actor }) => {
  const { receiptId } = await suppressIdentifier({ workspace, identifier: params.identifier, actor });
  return receiptResponse(receiptId);
});

const notAllowed = methodNotAllowed("POST");
export const GET = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;
