// POST /api/testing/people: creates people (and optionally events and a segment) for a test. 404 unless the
// test-data API is enabled; bearer token required.
import { createTestPeople, createTestPeopleSchema } from "@/lib/testing/test-data";
import { notFound, readJson, testingRoute } from "@/lib/testing/route";

export const POST = testingRoute(async ({ request, workspace }) => {
  const input = await readJson(request, createTestPeopleSchema);
  return { status: 201, body: await createTestPeople({ workspace, input }) };
});

export const GET = notFound;
