// Track API v2 (entity and batch) over HTTP against the running app; "nothing stored" is read back
// through the App API. Every action's cases are covered in depth by lib/track-api/v2.test.ts.
import { randomBytes } from "node:crypto";
import { APP_API_KEY, expect, test, TRACK_API_KEY, TRACK_SITE_ID } from "./fixtures";

const TRACK = { authorization: `Basic ${Buffer.from(`${TRACK_SITE_ID}:${TRACK_API_KEY}`).toString("base64")}`, "content-type": "application/json" };
const APP = { authorization: `Bearer ${APP_API_KEY}` };
const token = (prefix: string) => `${prefix}-${randomBytes(5).toString("hex")}`;
const person = (identifiers: Record<string, string>, action: string, rest: Record<string, unknown> = {}) => ({ type: "person", identifiers, action, ...rest });

test("[API] v2 entity and batch: actions apply, a suppressed identifier's item is refused and stores nothing", async ({ request }) => {
  const id = token("v2");
  const entity = (body: unknown) => request.post("/api/v2/entity", { headers: TRACK, data: body });
  expect((await entity(person({ id }, "identify", { attributes: { plan: "pro" } }))).status()).toBe(200);
  expect((await entity(person({ id }, "event", { name: "purchase", id: token("01J"), attributes: { total: 3 } }))).status()).toBe(200);
  const unsupported = await entity(person({ id }, "merge"));
  expect(unsupported.status()).toBe(400);
  expect((await unsupported.json()).meta.errors[0]).toContain('action "merge"');
  expect((await request.post("/api/v2/entity", { data: person({ id }, "identify") })).status()).toBe(401);

  const suppressed = `${token("gone")}@example.test`;
  expect((await entity(person({ email: suppressed }, "suppress"))).status()).toBe(200);
  const blocked = token("blocked");
  const other = token("v2");
  const batch = await request.post("/api/v2/batch", {
    headers: TRACK,
    data: { batch: [person({ id: other }, "identify"), person({ id: blocked }, "identify", { attributes: { email: suppressed } }), person({ id }, "page", { name: "/pricing" })] },
  });
  expect(batch.status()).toBe(200);
  const answer = await batch.json();
  expect(answer).toEqual({ errors: [{ batch_index: 1, reason: "identifier is suppressed" }], error_count: 1 });
  expect(JSON.stringify(answer)).not.toContain(suppressed);

  const attributes = await request.get(`/v1/customers/${id}/attributes`, { headers: APP });
  expect((await attributes.json()).customer.attributes.plan).toBe("pro");
  expect((await request.get(`/v1/customers/${other}/attributes`, { headers: APP })).status()).toBe(200);
  expect((await request.get(`/v1/customers/${blocked}/attributes`, { headers: APP })).status()).toBe(404);
  const activities = (await (await request.get(`/v1/customers/${id}/activities`, { headers: APP })).json()).activities as { type: string }[];
  expect(activities.map((a) => a.type).sort()).toEqual(["event", "page", "profile_created"]);
});
