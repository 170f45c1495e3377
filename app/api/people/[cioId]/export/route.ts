// The person page's "Export data": the person's data as a streamed JSON download, for signed-in
// support and admins on the app's own pages (it writes an audit entry, so no other site may start it).
import { staffRoute } from "@/lib/api/route";
import { exportPersonData, exportResponse } from "@/lib/export/person-export";

export const dynamic = "force-dynamic";

export const GET = staffRoute<{ cioId: string }>(async ({ params, workspace, actor }) =>
  exportResponse(await exportPersonData({ workspace, cioId: params.cioId, actor, via: "staff" })),
);
