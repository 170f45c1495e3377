// The suppressed-profiles list as CSV (hashes, hints, dates), streamed in keyset batches. Admins only,
// from the app's own pages; audited.
import { staffRoute } from "@/lib/api/route";
import { listExportResponse } from "@/lib/csv/download";
import { startSuppressionsExport } from "@/lib/suppression/queries";

export const dynamic = "force-dynamic";

export const GET = staffRoute(async ({ workspace, actor }) => listExportResponse(await startSuppressionsExport({ workspaceId: workspace.id, actor })), { role: "admin" });
