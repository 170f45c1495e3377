// App API: the signed certificate of erasure of a receipt (deletion, suppression or bulk job).
import { certificateResponse } from "@/lib/receipts/certificate-response";
import { appRoute, methodNotAllowed } from "@/lib/api/route";

export const GET = appRoute<{ id: string }>(async ({ params, workspace }) => certificateResponse({ workspace, receiptId: params.id }));

const notAllowed = methodNotAllowed("GET");
export const POST = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;
