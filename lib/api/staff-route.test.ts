// The staff GET routes (certificate download, both CSV exports, job progress, person export) through
// the route kit's staffRoute: only from the app's own pages (Sec-Fetch-Site / Origin), one error
// envelope for every refusal, and every export audited with whose data it held, never the values.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
// Route modules read the session from the request itself; load them anew (another file mocks next/headers).
vi.resetModules();
afterAll(() => vi.resetModules());

const { db } = await import("../db");
const { deletePeople } = await import("../deletion/delete-people");
const { hashIdentifier } = await import("../identity/identifiers");
const { identify } = await import("../people/identify");
const { uniqueEmail, uniqueToken } = await import("../test/factories");
const { appOrigin, signedInStaff } = await import("../test/staff-session");
const { getWorkspace } = await import("../workspace/workspace");
const certificateRoute = await import("../../app/(admin)/receipts/[id]/certificate.json/route");
const espExportRoute = await import("../../app/(admin)/settings/email/suppression-list/export/route");
const suppressionsExportRoute = await import("../../app/(admin)/settings/suppressed-identifiers/export/route");
const jobRoute = await import("../../app/api/deletion-jobs/[id]/route");
const personExportRoute = await import("../../app/api/people/[cioId]/export/route");

type Get = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

let adminCookie = "";
let origin = "";
let routes: { name: string; path: string; params: Record<string, string>; get: Get }[] = [];
let person: { cioId: string; id: string; email: string };

beforeAll(async () => {
  adminCookie = await signedInStaff("admin");
  origin = await appOrigin();
  const workspace = await getWorkspace();
  const actor = { type: "system" } as const;
  const gone = await identify({ workspace, identifier: uniqueToken("staffget"), attributes: {}, actor });
  const { receiptId } = await deletePeople({ workspace, cioIds: [gone.cioId!], suppress: true, actor });
  person = { id: uniqueToken("exported"), email: uniqueEmail("exported"), cioId: "" };
  person.cioId = (await identify({ workspace, identifier: person.id, attributes: { email: person.email }, actor })).cioId!;
  routes = [
    { name: "certificate", path: `/receipts/${receiptId}/certificate.json`, params: { id: receiptId }, get: certificateRoute.GET as Get },
    { name: "email suppression list CSV", path: "/settings/email/suppression-list/export", params: {}, get: espExportRoute.GET as Get },
    { name: "suppressed identifiers CSV", path: "/settings/suppressed-identifiers/export", params: {}, get: suppressionsExportRoute.GET as Get },
    { name: "job progress", path: "/api/deletion-jobs/job_00000000000000000000", params: { id: "job_00000000000000000000" }, get: jobRoute.GET as Get },
    { name: "person export", path: `/api/people/${person.cioId}/export`, params: { cioId: person.cioId }, get: personExportRoute.GET as Get },
  ];
});

async function call(route: (typeof routes)[number], headers: Record<string, string>) {
  const response = await route.get(new Request(`http://localhost${route.path}`, { headers }), { params: Promise.resolve(route.params) });
  const isJson = (response.headers.get("content-type") ?? "").startsWith("application/json");
  return { status: response.status, body: isJson ? ((await response.json()) as { meta?: { errors?: string[] } }) : await response.text() };
}

describe("[SECURITY] staff GET routes require the app's own origin", () => {
  it("refuses other sites, and requests that don't say where they come from, with 403 in the envelope", async () => {
    const refused: Record<string, string>[] = [
      { cookie: adminCookie },
      { cookie: adminCookie, "sec-fetch-site": "cross-site" },
      { cookie: adminCookie, "sec-fetch-site": "same-site" },
      { cookie: adminCookie, origin: "https://evil.example" },
      { cookie: adminCookie, "sec-fetch-site": "same-origin", origin: "https://evil.example" },
      { cookie: adminCookie, origin: "null" },
    ];
    for (const route of routes) {
      for (const headers of refused) {
        const answer = await call(route, headers);
        expect(answer.status, `${route.name} ${JSON.stringify({ ...headers, cookie: "…" })}`).toBe(403);
        expect(answer.body, route.name).toEqual({ meta: { errors: ["This request must come from the app's own pages."] } });
      }
    }
  });

  it("serves the app's own pages (Sec-Fetch-Site same-origin or none, or a trusted Origin); 401 in the envelope without a session", async () => {
    for (const route of routes) {
      for (const headers of [{ "sec-fetch-site": "same-origin" }, { "sec-fetch-site": "none" }, { origin }] as Record<string, string>[]) {
        const answer = await call(route, { cookie: adminCookie, ...headers });
        // The made-up job is unknown: 404 in the envelope, past the guard.
        expect(answer.status, `${route.name} ${JSON.stringify(headers)}`).toBe(route.name === "job progress" ? 404 : 200);
      }
      const anonymous = await call(route, { "sec-fetch-site": "same-origin" });
      expect(anonymous.status, route.name).toBe(401);
      expect(anonymous.body, route.name).toEqual({ meta: { errors: ["Sign in to continue."] } });
    }
    const support = await signedInStaff("support");
    const adminOnly = await call(routes[1], { cookie: support, "sec-fetch-site": "same-origin" });
    expect(adminOnly).toEqual({ status: 403, body: { meta: { errors: ["You are not allowed to do this."] } } });
  });
});

describe("[AUDIT] exports say whose data, and every list export is audited", () => {
  it("a person export's entry carries keyed hashes and hints of the person, no plaintext", async () => {
    const workspace = await getWorkspace();
    const route = routes.find((r) => r.name === "person export")!;
    const response = await route.get(new Request(`http://localhost${route.path}`, { headers: { cookie: adminCookie, "sec-fetch-site": "same-origin" } }), {
      params: Promise.resolve(route.params),
    });
    const receiptId = response.headers.get("x-receipt-id")!;
    await response.text();
    const entry = await db.auditEntry.findUniqueOrThrow({ where: { receiptId } });
    expect(entry.action).toBe("person.export");
    expect(entry.details).toEqual({
      via: "staff",
      person: [
        { kind: "cio_id", hint: expect.stringMatching(/^••••/), keyedHash: hashIdentifier(workspace, "cio_id", person.cioId) },
        { kind: "id", hint: `••••${person.id.slice(-2)}`, keyedHash: hashIdentifier(workspace, "id", person.id) },
        { kind: "email", hint: `${person.email[0]}•••@example.test`, keyedHash: hashIdentifier(workspace, "email", person.email) },
      ],
    });
    const stored = JSON.stringify({ ...entry, id: String(entry.id) });
    for (const value of [person.id, person.email, person.cioId]) expect(stored).not.toContain(value);
  });

  it("both CSV list downloads write an audit entry (never the search text)", async () => {
    for (const [route, action, query] of [
      [routes[1], "esp_suppression.export", "?type=bounces&q=someone%40example.test"],
      [routes[2], "suppression.export", ""],
    ] as const) {
      const response = await route.get(new Request(`http://localhost${route.path}${query}`, { headers: { cookie: adminCookie, "sec-fetch-site": "same-origin" } }), {
        params: Promise.resolve(route.params),
      });
      expect(response.status).toBe(200);
      await response.text();
      const entry = await db.auditEntry.findUniqueOrThrow({ where: { receiptId: response.headers.get("x-receipt-id")! } });
      expect(entry).toMatchObject({ action, actorType: "user" });
      expect(JSON.stringify(entry.details ?? {})).not.toContain("someone");
    }
  });
});
