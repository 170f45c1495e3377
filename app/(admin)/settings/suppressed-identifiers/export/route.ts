// The suppressed-profiles list as CSV (hashes, hints, dates), streamed in keyset batches. Admins only.
import { isAuthorizationError, requireActionUser } from "@/lib/auth/guard";
import { csvResponseStream } from "@/lib/esp-suppression/export";
import { exportSuppressionsCsv } from "@/lib/suppression/queries";
import { getWorkspace } from "@/lib/workspace/workspace";

export const dynamic = "force-dynamic";

export async function GET() {
  try {
    await requireActionUser("admin");
  } catch (error) {
    if (isAuthorizationError(error)) return new Response(error.message, { status: error.status });
    throw error;
  }
  const workspace = await getWorkspace();
  const name = `suppressed-identifiers-${new Date().toISOString().slice(0, 10)}.csv`;
  return new Response(csvResponseStream(exportSuppressionsCsv({ workspaceId: workspace.id })), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${name}"`,
      "cache-control": "no-store",
    },
  });
}
