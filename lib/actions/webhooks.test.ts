// Settings → Webhooks actions as admins and support submit them: only admins; a bad URL or no event
// type is an inline error and stores nothing; an accepted endpoint returns its secret once (stored
// encrypted, never in plaintext); everything is audited; resend after the purge says so.
import { describe, expect, it, vi } from "vitest";
import { requestHeaders } from "../test/request-headers";

vi.mock("next/headers", async () => (await import("../test/request-headers")).nextHeadersMock());
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
// Modules another file loaded without these mocks (the workers share them) are loaded anew here.
vi.resetModules();

const { signedInStaff } = await import("../test/staff-session");
const { getWorkspace } = await import("../workspace/workspace");
const { db } = await import("../db");
const { createWebhookEndpointAction, resendWebhookDeliveryAction, rotateWebhookSecretAction, setWebhookEndpointEnabledAction } = await import("./webhooks");

const IDLE = { ok: false, message: "" };
const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
};

describe("[WEBHOOKS] Server Actions", () => {
  it("refuses unsafe URLs and missing event types inline, storing nothing; support can't at all", async () => {
    const workspace = await getWorkspace();
    const before = await db.webhookEndpoint.count({ where: { workspaceId: workspace.id } });
    requestHeaders.current = new Headers({ cookie: await signedInStaff("admin") });
    const cases: [Record<string, string>, string][] = [
      [{ url: "http://hooks.example.com/x", "type:person.deleted": "on" }, "url"],
      [{ url: "https://169.254.169.254/latest", "type:person.deleted": "on" }, "url"],
      [{ url: "https://10.0.0.8/hook", "type:person.deleted": "on" }, "url"],
      [{ url: "https://[::1]/hook", "type:person.deleted": "on" }, "url"],
      [{ url: "not a url", "type:person.deleted": "on" }, "url"],
      [{ url: "https://93.184.216.34/hook" }, "eventTypes"],
      [{ url: "https://93.184.216.34/hook", "type:person.nope": "on" }, "eventTypes"],
      [{ url: "\u0000" }, "url"],
    ];
    for (const [fields, field] of cases) {
      const state = await createWebhookEndpointAction(IDLE, form(fields));
      expect(state.ok, JSON.stringify(fields)).toBe(false);
      expect(state.fieldErrors?.[field]?.[0], JSON.stringify(fields)).toBeTruthy();
    }
    expect(await db.webhookEndpoint.count({ where: { workspaceId: workspace.id } })).toBe(before);
    requestHeaders.current = new Headers({ cookie: await signedInStaff("support") });
    await expect(createWebhookEndpointAction(IDLE, form({ url: "https://93.184.216.34/hook", "type:person.deleted": "on" }))).rejects.toThrow();
    requestHeaders.current = new Headers();
  });

  it("creates, rotates and disables an endpoint, audited; the secret is returned once and stored encrypted", async () => {
    const workspace = await getWorkspace();
    requestHeaders.current = new Headers({ cookie: await signedInStaff("admin") });
    const created = await createWebhookEndpointAction(IDLE, form({ url: "https://93.184.216.34/hook?token=abc", description: "warehouse", "type:person.deleted": "on", "type:identifier.unsuppressed": "on" }));
    expect(created).toMatchObject({ ok: true, secret: expect.stringMatching(/^whsec_/) });
    const endpoint = await db.webhookEndpoint.findFirstOrThrow({ where: { workspaceId: workspace.id, description: "warehouse" } });
    expect(endpoint.eventTypes.sort()).toEqual(["identifier.unsuppressed", "person.deleted"]);
    expect(endpoint.secret).not.toContain(created.secret!.slice("whsec_".length));
    const rotated = await rotateWebhookSecretAction(IDLE, form({ id: endpoint.id }));
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(created.secret);
    expect((await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).previousExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 23 * 3_600_000);
    expect(await setWebhookEndpointEnabledAction(IDLE, form({ id: endpoint.id, enabled: "false" }))).toMatchObject({ ok: true });
    const audit = await db.auditEntry.findMany({ where: { workspaceId: workspace.id, action: { startsWith: "webhook_endpoint." } }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["webhook_endpoint.create", "webhook_endpoint.rotate_secret", "webhook_endpoint.update"]));
    // The audit names the host, never the path (it may carry a token).
    expect(JSON.stringify(audit.map((a) => a.details))).not.toContain("token=abc");
    expect(await resendWebhookDeliveryAction(IDLE, form({ deliveryId: "999999999" }))).toMatchObject({ ok: false, message: "This delivery no longer exists." });
    requestHeaders.current = new Headers();
  });
});
