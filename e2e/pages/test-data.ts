// Test data through the app's test-data API (POST /api/testing/people): `count` people "<prefix>-<n>"
// with attributes batch = prefix and plan = pro.
import { randomBytes } from "node:crypto";
import { expect, type APIRequestContext } from "@playwright/test";
import { TEST_API_HEADERS } from "../fixtures";

export type CreatedPeople = { cioId: string; id: string | null; email: string | null }[];

export function uniquePrefix(label: string) {
  return `${label}-${randomBytes(4).toString("hex")}`;
}

export async function createTestPeople(request: APIRequestContext, prefix: string, count: number): Promise<CreatedPeople> {
  const response = await request.post("/api/testing/people", {
    headers: TEST_API_HEADERS,
    data: { count, prefix, attributes: { batch: prefix, plan: "pro" }, events: 0 },
  });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { people: CreatedPeople }).people;
}
