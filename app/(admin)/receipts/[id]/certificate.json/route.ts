// The certificate of erasure as a JSON download, for signed-in staff (support and admin).
import { isAuthorizationError, requireRequestUser } from "@/lib/auth/guard";
import { certificateResponse } from "@/lib/receipts/certificate-response";
import { errorResponse } from "@/lib/api/http";
import { getWorkspace } from "@/lib/workspace/workspace";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    await requireRequestUser(request);
  } catch (error) {
    if (isAuthorizationError(error)) return errorResponse(error.status, [error.message]);
    throw error;
  }
  const { id } = await params;
  return certificateResponse({ workspace: await getWorkspace(), receiptId: id, download: true });
}
