// POST /api/testing/reset: empties the workspace's people data for a test suite. 404 unless E2E_TEST_API=1.
import { resetTestData } from "@/lib/testing/test-data";
import { notFound, testingRoute } from "@/lib/testing/route";

export const POST = testingRoute(async ({ workspace }) => {
  await resetTestData({ workspace });
  return { body: { ok: true } };
});

export const GET = notFound;
