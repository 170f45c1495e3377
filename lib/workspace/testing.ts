// Test-only: puts the workspace back into ID-only mode so that e2e tests can exercise the switch to
// email-or-ID on one server. Reached only through /api/testing/workspace when E2E_TEST_API=1.
import "server-only";
import { db } from "../db";
import { dropLivingEmailClaims } from "../identity/release-claims";
import { workspaceChanged } from "./workspace";

function isTestApiEnabled(): boolean {
  return process.env.E2E_TEST_API === "1";
}

// Sets ID-only mode: drops the email claims of living people (emails become plain attributes again).
export async function resetToIdOnlyModeForTesting({ workspaceId }: { workspaceId: string }): Promise<void> {
  if (!isTestApiEnabled()) throw new Error("the test API is disabled");
  await db.$transaction(async (tx) => {
    await dropLivingEmailClaims(tx, workspaceId);
    await tx.$executeRaw`UPDATE workspace SET identification_mode = 'id', updated_at = now() WHERE id = ${workspaceId}`;
  });
  workspaceChanged();
}
