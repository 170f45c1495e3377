// Who may fetch a certificate: App API keys (GET /v1/receipts/:id), signed-in support and admin staff
// (the JSON download), not anonymous callers; the published keys and the verify check are public.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { PublishedKey } from "./certificate-document";

vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
// Route modules read the session from the request itself; load them anew (another file mocks next/headers).
vi.resetModules();
afterAll(() => vi.resetModules());

const { createApiKey } = await import("../api-keys/api-keys");
const { deletePeople } = await import("../deletion/delete-people");
const { identify } = await import("../people/identify");
const { createTestWorkspace, uniqueToken } = await import("../test/factories");
const { forgedCertificate, newTestKey, signedWith, withLeadingMember } = await import("../test/certificates");
const { getActiveSigningKey, revokeSigningKey } = await import("./signing-keys");
const { signedInStaff } = await import("../test/staff-session");
const { getWorkspace } = await import("../workspace/workspace");
const { verifyCertificateAction } = await import("../actions/receipts");
const { verifyCertificateText } = await import("./verify");
const appRoute = await import("../../app/v1/receipts/[id]/route");
const staffRoute = await import("../../app/(admin)/receipts/[id]/certificate.json/route");
const keysRoute = await import("../../app/.well-known/erasure-keys.json/route");

const actor = { type: "user", id: "user_access" } as const;
let receiptId = "";
let appKey = "";

beforeAll(async () => {
  const workspace = await getWorkspace();
  const { cioId } = await identify({ workspace, identifier: uniqueToken("acc"), attributes: {}, actor });
  receiptId = (await deletePeople({ workspace, cioIds: [cioId!], suppress: true, actor })).receiptId;
  appKey = (await createApiKey({ workspaceId: workspace.id, kind: "app", name: "receipts test", actor })).secret;
});

const context = (id: string) => ({ params: Promise.resolve({ id }) });

function appGet(id: string, token?: string) {
  const headers = token ? { authorization: `Bearer ${token}` } : undefined;
  return appRoute.GET(new Request(`http://localhost/v1/receipts/${id}`, { headers }), context(id));
}

function staffGet(id: string, cookie?: string) {
  return staffRoute.GET(new Request(`http://localhost/receipts/${id}/certificate.json`, { headers: cookie ? { cookie } : undefined }), context(id));
}

async function publishedKeys() {
  const response = await keysRoute.GET();
  return { response, body: (await response.json()) as { keys: PublishedKey[] } };
}

describe("[RECEIPTS] access", () => {
  it("App API: a valid key gets the signed certificate; no key 401; bad id 400; unknown receipt 404", async () => {
    const ok = await appGet(receiptId, appKey);
    expect(ok.status).toBe(200);
    const text = await ok.text();
    const { body } = await publishedKeys();
    expect(verifyCertificateText(text, body.keys)).toMatchObject({ status: "valid", receiptId });
    expect((await appGet(receiptId)).status).toBe(401);
    expect((await appGet(receiptId, "wrong")).status).toBe(401);
    expect((await appGet("not-a-receipt", appKey)).status).toBe(400);
    const unknown = await appGet("rcpt_aaaaaaaaaaaaaaaaaaaa", appKey);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ meta: { errors: ["no certificate of erasure for this receipt"] } });
  });

  it("staff download: support and admin get the same bytes as an attachment; anonymous 401", async () => {
    const bodies: string[] = [];
    for (const role of ["support", "admin"] as const) {
      const response = await staffGet(receiptId, await signedInStaff(role));
      expect(response.status).toBe(200);
      expect(response.headers.get("content-disposition")).toBe(`attachment; filename="certificate-of-erasure-${receiptId}.json"`);
      bodies.push(await response.text());
    }
    expect(bodies[0]).toBe(bodies[1]);
    const anonymous = await staffGet(receiptId);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.text()).not.toContain(receiptId);
  });

  it("the published keys and the verify check need no sign-in", async () => {
    const { response, body } = await publishedKeys();
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    const text = await (await appGet(receiptId, appKey)).text();
    const keyId = (JSON.parse(text) as { signature: { keyId: string } }).signature.keyId;
    expect(body.keys.map((k) => k.kid)).toContain(keyId);

    const form = (value: string) => {
      const data = new FormData();
      data.set("certificate", value);
      return data;
    };
    expect(await verifyCertificateAction({ status: "idle" }, form(text))).toMatchObject({ status: "valid" });
    expect(await verifyCertificateAction({ status: "idle" }, form(text.replace('"deleted":1', '"deleted":2')))).toMatchObject({ status: "tampered" });
    expect(await verifyCertificateAction({ status: "idle" }, form(""))).toMatchObject({ status: "invalid" });
  });

  it("the verify page trusts only this server's keys: a forgery naming its own keys, a duplicate member, a revoked key's late certificate are refused", async () => {
    const verify = async (text: string) => verifyCertificateAction({ status: "idle" }, (() => {
      const data = new FormData();
      data.set("certificate", text);
      return data;
    })());
    const workspace = await getWorkspace();
    // Its own key, its own key set URL: not this server's key.
    const forger = newTestKey({ workspace: workspace.id });
    const forged = signedWith(forgedCertificate({ keyId: forger.id, workspaceId: workspace.id, keysUrl: "https://forger.example/.well-known/erasure-keys.json" }), forger);
    expect(await verify(forged)).toEqual({ status: "unknown_key", message: `unknown key: ${forger.id} is not among the keys checked against` });

    const genuine = await (await appGet(receiptId, appKey)).text();
    const duplicated = await verify(withLeadingMember(genuine, '"people":{"deleted":1000000}'));
    expect(duplicated).toMatchObject({ status: "not_canonical", message: expect.stringContaining("certificate.people appears twice") });

    // A workspace of its own, so this file's other certificates keep their key.
    const other = await createTestWorkspace();
    const leaked = await getActiveSigningKey(other.id);
    await revokeSigningKey({ workspaceId: other.id, keyId: leaked.id, actor });
    const late = signedWith(forgedCertificate({ keyId: leaked.id, workspaceId: other.id, issuedAt: new Date(Date.now() + 1000) }), leaked);
    expect(await verify(late)).toMatchObject({ status: "revoked", message: expect.stringMatching(/^revoked: /) });
  });
});
