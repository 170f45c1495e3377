// The list as CSV for the current filter (?type=&q=), streamed in keyset batches so that a million
// rows leave in constant memory. Admins only, from the app's own pages; audited.
import { staffRoute } from "@/lib/api/route";
import { listExportResponse } from "@/lib/csv/download";
import { startEspSuppressionExport } from "@/lib/esp-suppression/export";
import { espListSearchParamsSchema } from "@/lib/esp-suppression/search-params";

export const dynamic = "force-dynamic";

export const GET = staffRoute(
  async ({ request, workspace, actor }) => {
    const { type, q } = espListSearchParamsSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
    return listExportResponse(await startEspSuppressionExport({ workspaceId: workspace.id, type, search: q, actor }));
  },
  { role: "admin" },
);
