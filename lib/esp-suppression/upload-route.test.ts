// POST /api/imports/email-suppressions, the email suppression list's CSV import, called in-process
// with real sessions: admins only, same origin only, a preview that writes nothing, an apply, and the
// byte cap up front and while streaming.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// The route reads the session from the request itself; revalidatePath needs Next's request context.
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
// Test files share a worker's module cache: load the route and the guard anew, and leave them to be
// loaded anew after this file (another file mocks next/headers for the guard).
vi.resetModules();
afterAll(() => vi.resetModules());

const { db } = await import("../db");
const { uniqueToken } = await import("../test/factories");
const { appOrigin, signedInStaff, streamedBody } = await import("../test/staff-session");
const { MAX_ESP_UPLOAD_BYTES } = await import("./upload");
const route = await import("../../app/api/imports/email-suppressions/route");

let adminCookie = "";
let supportCookie = "";
let origin = "";

beforeAll(async () => {
  adminCookie = await signedInStaff("admin");
  supportCookie = await signedInStaff("support");
  origin = await appOrigin();
});

type Post = { query?: string; body?: BodyInit; cookie?: string | null; origin?: string | null; headers?: Record<string, string> };

async function post(init: Post) {
  const headers = new Headers({ "content-type": "text/csv", ...init.headers });
  const cookie = init.cookie === undefined ? adminCookie : init.cookie;
  if (cookie) headers.set("cookie", cookie);
  const from = init.origin === undefined ? origin : init.origin;
  if (from) headers.set("origin", from);
  const url = `http://localhost/api/imports/email-suppressions?${init.query ?? "intent=preview"}`;
  const request = new Request(url, { method: "POST", headers, body: init.body, duplex: "half" } as RequestInit);
  const response = await route.POST(request);
  return { status: response.status, body: await response.json() };
}

const listed = async (domain: string) => db.espSuppression.count({ where: { domain } });

function csvFor(domain: string): string {
  return ["email,type,reason", `one@${domain},bounces,gone`, "not an email,blocks,", `two@${domain},,`].join("\n");
}

describe("[SUPPRESSION] POST /api/imports/email-suppressions", () => {
  it("previews without writing, then applies, for an admin", async () => {
    const domain = `${uniqueToken("imp")}.test`;
    const preview = await post({ query: "intent=preview&default_type=blocks", body: csvFor(domain) });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      ok: true,
      message: "Preview ready: nothing has been imported yet.",
      summary: { isApplied: false, rows: 3, toAdd: 2, invalid: 1, errors: [{ line: 3 }] },
    });
    expect(await listed(domain)).toBe(0);

    const applied = await post({ query: "intent=apply&default_type=blocks", body: csvFor(domain) });
    expect(applied.status).toBe(200);
    expect(applied.body).toMatchObject({ ok: true, message: "Imported 2 new entries.", summary: { isApplied: true, added: 2 } });
    expect(await listed(domain)).toBe(2);
    expect(await db.auditEntry.findUnique({ where: { receiptId: applied.body.summary.receiptId } })).toMatchObject({ action: "esp_suppression.import", count: 2, actorType: "user" });
  });

  it("refuses support staff with 403 and anonymous callers with 401, adding nothing", async () => {
    const domain = `${uniqueToken("deny")}.test`;
    const support = await post({ query: "intent=apply&default_type=blocks", body: csvFor(domain), cookie: supportCookie });
    expect(support.status).toBe(403);
    expect(support.body).toEqual({ meta: { errors: [expect.any(String)] } });
    const anonymous = await post({ query: "intent=apply&default_type=blocks", body: csvFor(domain), cookie: null });
    expect(anonymous.status).toBe(401);
    expect(await listed(domain)).toBe(0);
  });

  it("refuses a foreign or missing Origin with 403 even for an admin", async () => {
    const domain = `${uniqueToken("csrf")}.test`;
    for (const from of ["https://evil.example", null]) {
      const { status } = await post({ query: "intent=apply&default_type=blocks", body: csvFor(domain), origin: from });
      expect(status, String(from)).toBe(403);
    }
    expect(await listed(domain)).toBe(0);
  });

  it("answers 400 for a bad intent or default type and 415 for another content type", async () => {
    const domain = `${uniqueToken("bad")}.test`;
    expect((await post({ query: "intent=later", body: csvFor(domain) })).status).toBe(400);
    const badType = await post({ query: "intent=apply&default_type=nope", body: csvFor(domain) });
    expect(badType).toEqual({ status: 400, body: { meta: { errors: ["Choose a valid default type."] } } });
    expect((await post({ query: "intent=apply", body: csvFor(domain), headers: { "content-type": "text/plain" } })).status).toBe(415);
    expect(await listed(domain)).toBe(0);
  });

  it("refuses a declared Content-Length over the cap with 413 before reading anything", async () => {
    const domain = `${uniqueToken("big")}.test`;
    const { status, body } = await post({
      query: "intent=apply&default_type=blocks",
      body: csvFor(domain),
      headers: { "content-length": String(MAX_ESP_UPLOAD_BYTES + 1) },
    });
    expect(status).toBe(413);
    expect(body).toEqual({ meta: { errors: ["The file is over 40 MB; split it."] } });
    expect(await listed(domain)).toBe(0);
  });

  it("stops a streamed preview at the cap with 413 and no summary to apply", async () => {
    const domain = `${uniqueToken("stream")}.test`;
    const { status, body } = await post({
      query: "intent=preview&default_type=blocks",
      body: streamedBody(`${csvFor(domain)}\n`, MAX_ESP_UPLOAD_BYTES + 1, `three@${domain},bounces,\n`),
    });
    expect(status).toBe(413);
    expect(body).toEqual({ meta: { errors: ["The file is over 40 MB; split it."] } });
    expect(await listed(domain)).toBe(0);
  });

  it("stops a streamed apply at the cap with 413 and says what it added before (audited), nothing after", async () => {
    const domain = `${uniqueToken("streamapply")}.test`;
    const { status, body } = await post({
      query: "intent=apply&default_type=blocks",
      body: streamedBody(`${csvFor(domain)}\n`, MAX_ESP_UPLOAD_BYTES + 1, `three@${domain},bounces,\n`),
    });
    expect(status).toBe(413);
    expect(body.meta.errors).toEqual(["The file is over 40 MB; split it."]);
    expect(body).toMatchObject({ ok: false, summary: { isApplied: true, limitExceeded: "bytes" } });
    expect(body.message).toMatch(/^The file is over 40 MB; split it\. \d new (entry was|entries were) added before it stopped\.$/);
    expect(await listed(domain)).toBe(body.summary.added);
    expect(await db.espSuppression.count({ where: { domain, emailKey: `three@${domain}` } })).toBe(0);
    if (body.summary.added > 0) {
      expect(await db.auditEntry.findUnique({ where: { receiptId: body.summary.receiptId } })).toMatchObject({ count: body.summary.added });
    }
  });
});
