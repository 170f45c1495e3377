// The HTTP answer for a certificate, shared by the App API and the staff download: the stored text
// as is (200), 409 while its job still runs, 404 when no erasure has that receipt, 400 for a
// malformed receipt id.
import "server-only";
import { errorResponse } from "../api/http";
import type { Workspace } from "../generated/prisma/client";
import { certificateFileName, isReceiptId } from "./certificate-document";
import { getErasureCertificate } from "./certificates";

export async function certificateResponse(options: { workspace: Workspace; receiptId: string; download?: boolean }): Promise<Response> {
  if (!isReceiptId(options.receiptId)) return errorResponse(400, ["not a receipt id (rcpt_ and 20 letters or digits)"]);
  const result = await getErasureCertificate({ workspace: options.workspace, receiptId: options.receiptId });
  if (result.state === "running") return errorResponse(409, ["this deletion is still running; its certificate is issued when it ends"]);
  if (result.state === "none") return errorResponse(404, ["no certificate of erasure for this receipt"]);
  const headers: Record<string, string> = { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" };
  if (options.download) headers["content-disposition"] = `attachment; filename="${certificateFileName(result.receiptId)}"`;
  return new Response(result.text, { status: 200, headers });
}
