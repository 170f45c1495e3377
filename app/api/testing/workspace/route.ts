// Test-only (E2E_TEST_API=1, else 404): POST {"identificationMode":"id"} resets the workspace to ID-only.
import { getWorkspace } from "@/lib/workspace/workspace";
import { isTestApiEnabled, resetToIdOnlyModeForTesting } from "@/lib/workspace/testing";

export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  if (!isTestApiEnabled()) return new Response("Not found", { status: 404 });
  const body = (await request.json().catch(() => ({}))) as { identificationMode?: string };
  if (body.identificationMode !== "id") return Response.json({ meta: { errors: ['identificationMode must be "id"'] } }, { status: 400 });
  const workspace = await getWorkspace();
  await resetToIdOnlyModeForTesting({ workspaceId: workspace.id });
  return Response.json({});
}
