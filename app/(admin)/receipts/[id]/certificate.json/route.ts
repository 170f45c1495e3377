// The certificate of erasure as a JSON download, for signed-in staff (support and admin) on the app's
// own pages.
import { staffRoute } from "@/lib/api/route";
import { certificateResponse } from "@/lib/receipts/certificate-response";

export const dynamic = "force-dynamic";

export const GET = staffRoute<{ id: string }>(async ({ params, workspace }) => certificateResponse({ workspace, receiptId: params.id, download: true }));
