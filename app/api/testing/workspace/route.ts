// Test-only (E2E_TEST_API=1, else 404). POST {"identificationMode":"id"} resets the workspace to
// ID-only; {"identificationMode":"email_or_id"} switches back through the real switch (so a spec can
// restore the demo's mode in its cleanup) and answers its result.
import { getWorkspace } from "@/lib/workspace/workspace";
import { switchIdentificationMode } from "@/lib/workspace/identification-mode";
import { isTestApiEnabled, resetToIdOnlyModeForTesting } from "@/lib/workspace/testing";

export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  if (!isTestApiEnabled()) return new Response("Not found", { status: 404 });
  const body = (await request.json().catch(() => ({}))) as { identificationMode?: string };
  const workspace = await getWorkspace();
  if (body.identificationMode === "id") {
    await resetToIdOnlyModeForTesting({ workspaceId: workspace.id });
    return Response.json({});
  }
  if (body.identificationMode === "email_or_id") {
    const result = await switchIdentificationMode({ workspace, to: "email_or_id", actor: { type: "system" } });
    return Response.json(result, { status: result.ok ? 200 : 409 });
  }
  return Response.json({ meta: { errors: ['identificationMode must be "id" or "email_or_id"'] } }, { status: 400 });
}
