// POST /api/testing/reset: empties the workspace's people data for a test suite and audits that it
// did (the audit log stays). 404 unless the test-data API is enabled; bearer token required.
import { resetTestData } from "@/lib/testing/test-data";
import { notFound, testingRoute } from "@/lib/testing/route";

export const POST = testingRoute(async ({ workspace }) => {
  const { receiptId, counts } = await resetTestData({ workspace });
  return { body: { ok: true, receiptId, counts } };
});

export const GET = notFound;
