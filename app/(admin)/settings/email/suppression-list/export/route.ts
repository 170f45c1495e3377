// The list as CSV for the current filter (?type=&q=), streamed in keyset batches so that a million
// rows leave in constant memory. Admins only.
import { isAuthorizationError, requireActionUser } from "@/lib/auth/guard";
import { csvResponseStream, exportEspSuppressionsCsv } from "@/lib/esp-suppression/export";
import { espListSearchParamsSchema } from "@/lib/esp-suppression/search-params";
import { getWorkspace } from "@/lib/workspace/workspace";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  try {
    await requireActionUser("admin");
  } catch (error) {
    if (isAuthorizationError(error)) return new Response(error.message, { status: error.status });
    throw error;
  }
  const url = new URL(request.url);
  const { type, q } = espListSearchParamsSchema.parse(Object.fromEntries(url.searchParams));
  const workspace = await getWorkspace();
  const stamp = new Date().toISOString().slice(0, 10);
  const name = `email-suppression-list${type ? `-${type}` : ""}-${stamp}.csv`;
  return new Response(csvResponseStream(exportEspSuppressionsCsv({ workspaceId: workspace.id, type, search: q })), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${name}"`,
      "cache-control": "no-store",
    },
  });
}
