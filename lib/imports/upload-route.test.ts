// POST /api/imports/people, the People → Import page's upload, called in-process with real sessions:
// who may call it, from where, and how big a file may be (up front and while streaming).
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
const { getWorkspace } = await import("../workspace/workspace");
const { MAX_PEOPLE_UPLOAD_BYTES } = await import("./upload");
const route = await import("../../app/api/imports/people/route");

let supportCookie = "";
let origin = "";

beforeAll(async () => {
  supportCookie = await signedInStaff("support");
  origin = await appOrigin();
});

type Post = { body?: BodyInit; cookie?: string | null; origin?: string | null; headers?: Record<string, string>; fileName?: string };

async function post(init: Post) {
  const headers = new Headers({ "content-type": "text/csv", ...init.headers });
  const cookie = init.cookie === undefined ? supportCookie : init.cookie;
  if (cookie) headers.set("cookie", cookie);
  const from = init.origin === undefined ? origin : init.origin;
  if (from) headers.set("origin", from);
  const url = `http://localhost/api/imports/people${init.fileName ? `?file_name=${encodeURIComponent(init.fileName)}` : ""}`;
  const request = new Request(url, { method: "POST", headers, body: init.body, duplex: "half" } as RequestInit);
  const response = await route.POST(request);
  return { status: response.status, body: await response.json() };
}

const importsNamed = async (fileName: string) => db.personImport.count({ where: { fileName } });
const peopleWithIds = async (ids: string[]) => db.person.count({ where: { externalId: { in: ids } } });

describe("[IMPORT] POST /api/imports/people", () => {
  it("imports a good file for support staff and answers the page's summary", async () => {
    const ids = [uniqueToken("up"), uniqueToken("up")];
    const fileName = `${uniqueToken("file")}.csv`;
    const { status, body } = await post({ body: `id,plan\n${ids[0]},pro\n${ids[1]},team\n,no id\n`, fileName });
    expect(status).toBe(200);
    expect(body).toMatchObject({ ok: true, message: "Import finished: 2 created, 0 updated, 1 rejected.", summary: { created: 2, rejected: 1 } });
    expect(await peopleWithIds(ids)).toBe(2);
    const stored = await db.personImport.findFirstOrThrow({ where: { fileName } });
    expect(stored).toMatchObject({ status: "completed", actorType: "user" });
    expect(await db.auditEntry.count({ where: { action: "people.import", details: { path: ["importId"], equals: stored.id } } })).toBe(1);
  });

  it("refuses anonymous callers with 401 and imports nothing", async () => {
    const id = uniqueToken("anon");
    const { status, body } = await post({ body: `id\n${id}\n`, cookie: null });
    expect(status).toBe(401);
    expect(body).toEqual({ meta: { errors: [expect.any(String)] } });
    expect(await peopleWithIds([id])).toBe(0);
  });

  it("refuses a foreign or missing Origin with 403 even with a valid session (no CSRF through the cookie)", async () => {
    const id = uniqueToken("csrf");
    for (const from of ["https://evil.example", "null", null, `${origin}.evil.example`]) {
      const { status, body } = await post({ body: `id\n${id}\n`, origin: from });
      expect(status, String(from)).toBe(403);
      expect(body.meta.errors[0]).toMatch(/app's own pages/);
    }
    expect(await peopleWithIds([id])).toBe(0);
  });

  it("takes only a text/csv body (415), which a cross-site form can't send", async () => {
    const id = uniqueToken("type");
    for (const type of ["text/plain", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded"]) {
      expect((await post({ body: `id\n${id}\n`, headers: { "content-type": type } })).status).toBe(415);
    }
    expect(await peopleWithIds([id])).toBe(0);
  });

  it("refuses a declared Content-Length over the cap with 413 before reading or recording anything", async () => {
    const fileName = `${uniqueToken("big")}.csv`;
    const id = uniqueToken("big");
    const { status, body } = await post({
      body: `id\n${id}\n`,
      headers: { "content-length": String(MAX_PEOPLE_UPLOAD_BYTES + 1) },
      fileName,
    });
    expect(status).toBe(413);
    expect(body).toEqual({ meta: { errors: ["The file is over 50 MB; split it and import the parts."] } });
    expect(await importsNamed(fileName)).toBe(0);
    expect(await peopleWithIds([id])).toBe(0);
  });

  it("refuses an empty body with 400", async () => {
    const { status, body } = await post({ body: "", headers: { "content-length": "0" } });
    expect(status).toBe(400);
    expect(body.meta.errors).toEqual(["The file is empty."]);
  });

  it("stops a streamed body at the cap with 413: the rows up to the line it names imported and recorded, nothing after", async () => {
    const before = [uniqueToken("pre"), uniqueToken("pre"), uniqueToken("pre")];
    const after = uniqueToken("post");
    const fileName = `${uniqueToken("stream")}.csv`;
    const head = `id,plan\n${before.map((id) => `${id},a`).join("\n")}\n`;
    const { status, body } = await post({ body: streamedBody(head, MAX_PEOPLE_UPLOAD_BYTES + 1, `${after},c\n`), fileName });
    expect(status).toBe(413);
    expect(body).toMatchObject({ ok: false, summary: { status: "failed", limitExceeded: "bytes" } });
    const message: string = body.meta.errors[0];
    expect(message).toBe(body.message);
    // Rows already parsed when the cap hit may be dropped with the stream; the line it names is exact.
    const line = Number(/^Import stopped: the file is over 52,428,800 bytes: the import stopped after line (\d+);/.exec(message)?.[1]);
    expect(line).toBeGreaterThanOrEqual(1);
    expect(line).toBeLessThanOrEqual(4);
    expect(body.summary.created).toBe(line - 1);
    expect(await peopleWithIds(before.slice(0, line - 1))).toBe(line - 1);
    expect(await peopleWithIds([...before.slice(line - 1), after])).toBe(0);
    const stored = await db.personImport.findFirstOrThrow({ where: { fileName } });
    expect(stored).toMatchObject({ status: "failed", created: line - 1 });
    expect(await db.auditEntry.count({ where: { action: "people.import", details: { path: ["importId"], equals: stored.id } } })).toBe(1);
  });

  it("imports into the app's workspace", async () => {
    const id = uniqueToken("ws");
    expect((await post({ body: `id\n${id}\n` })).status).toBe(200);
    const workspace = await getWorkspace();
    expect(await db.person.count({ where: { workspaceId: workspace.id, externalId: id } })).toBe(1);
  });
});
