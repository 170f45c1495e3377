// POST /api/testing/people: creates people (and optionally events and a segment) for a test. 404 unless E2E_TEST_API=1.
import { createTestPeople, createTestPeopleSchema } from "@/lib/testing/test-data";
import { notFound, readJson, testingRoute } from "@/lib/testing/route";

export const POST = testingRoute(async ({ request, workspace }) => {
  const input = await readJson(request, createTestPeopleSchema);
  return { status: 201, body: await createTestPeople({ workspace, input }) };
});

export const GET = notFound;
