// Test-only (404 unless the test-data API is enabled; bearer token required). POST
// {"identificationMode":"id"} resets the workspace to ID-only; {"identificationMode":"email_or_id"}
// switches back through the real switch (so a spec can restore the demo's mode in its cleanup) and
// answers its result.
import { switchIdentificationMode } from "@/lib/workspace/identification-mode";
import { resetToIdOnlyModeForTesting } from "@/lib/workspace/testing";
import { testingRoute } from "@/lib/testing/route";

export const dynamic = "force-dynamic";

export const POST = testingRoute(async ({ request, workspace }) => {
  const body = (await request.json().catch(() => ({}))) as { identificationMode?: string };
  if (body.identificationMode === "id") {
    await resetToIdOnlyModeForTesting({ workspaceId: workspace.id });
    return { body: {} };
  }
  if (body.identificationMode === "email_or_id") {
    const result = await switchIdentificationMode({ workspace, to: "email_or_id", actor: { type: "system" } });
    return { status: result.ok ? 200 : 409, body: result };
  }
  return { status: 400, body: { meta: { errors: ['identificationMode must be "id" or "email_or_id"'] } } };
});
