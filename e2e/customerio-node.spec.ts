// The official customerio-node client, pointed at this server by its `url` option, works unchanged.
import { randomBytes } from "node:crypto";
import { APIClient, TrackClient } from "customerio-node";
import { APP_API_KEY, expect, test, TRACK_API_KEY, TRACK_SITE_ID } from "./fixtures";

test("[API] customerio-node TrackClient: identify, track, suppress, unsuppress, destroy", async ({ baseURL }) => {
  const cio = new TrackClient(TRACK_SITE_ID, TRACK_API_KEY, { url: `${baseURL}/api/v1`, retry: { maxRetries: 0 } });
  const api = new APIClient(APP_API_KEY, { url: `${baseURL}/v1`, retry: { maxRetries: 0 } });
  const id = `cio-node-${randomBytes(5).toString("hex")}`;
  const email = `${id}@example.test`;

  expect(await cio.identify(id, { email, plan: "pro", created_at: 1_700_000_000 })).toEqual({});
  const created = (await api.getAttributes(id)) as { customer: { id: string; attributes: Record<string, unknown>; identifiers: { cio_id: string } } };
  expect(created.customer).toMatchObject({ id, attributes: { plan: "pro", email } });

  expect(await cio.track(id, { name: "purchase", data: { total: 42 } })).toEqual({});
  expect(await cio.trackPageView(id, "/pricing")).toEqual({});
  const activities = (await api.getCustomerActivities(id, { type: "event" })) as { activities: { name: string }[] };
  expect(activities.activities.map((a) => a.name)).toContain("purchase");

  expect(await cio.suppress(id)).toEqual({});
  await expect(cio.identify(id, { plan: "back" })).rejects.toMatchObject({ statusCode: 409 });
  expect(await cio.track(id, { name: "ignored" })).toEqual({});
  expect(await cio.unsuppress(id)).toEqual({});

  expect(await cio.identify(id, { email, plan: "again" })).toEqual({});
  const again = (await api.getAttributes(email, "email" as never)) as { customer: { identifiers: { cio_id: string } } };
  expect(again.customer.identifiers.cio_id).not.toBe(created.customer.identifiers.cio_id);

  expect(await cio.destroy(id)).toEqual({});
  await expect(api.getAttributes(id)).rejects.toMatchObject({ statusCode: 404 });
  expect(await cio.destroy(id)).toEqual({});

  const wrong = new TrackClient(TRACK_SITE_ID, "wrong", { url: `${baseURL}/api/v1`, retry: { maxRetries: 0 } });
  await expect(wrong.identify(id, {})).rejects.toMatchObject({ statusCode: 401 });
});
