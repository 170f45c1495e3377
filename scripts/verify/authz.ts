// Phase 2: the authorization matrix. Every page (app/**/page.tsx), route handler (app/**/route.ts, each
// verb it really serves) and Server Action (exports of "use server" files) is enumerated FROM THE CODE,
// then called as each kind of caller; the answer must match RULES below. An enumerated path with no
// rule fails the run, so a new page, route or action can't be forgotten. Server Actions are invoked
// over HTTP as the browser does (Next-Action header with the id from the build's manifest).
import { readFileSync } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { basic, bearer, type Credentials, type Report, request, ROOT } from "./context";
import { type Callers, signIn } from "./fixtures";

export const CALLERS = ["anonymous", "support", "admin", "deactivated", "track key", "app key", "revoked key", "other kind"] as const;
type Caller = (typeof CALLERS)[number];

// Who may call what: staff pages and actions (support and admin), admin-only ones, the Track API (its
// key), the App API (its key), public, and the test-data API (off: 404 for everyone in production).
type Access = "public" | "staff" | "admin" | "track" | "app" | "track or staff" | "off";
const ALLOWED: Record<Access, Caller[]> = {
  public: [...CALLERS],
  staff: ["support", "admin"],
  admin: ["admin"],
  track: ["track key"],
  app: ["app key"],
  "track or staff": ["track key", "support", "admin"],
  off: [],
};

// The rule table: every page, route and action of the app. Keys: "page /path", "route /path", "action file#name".
export const RULES: Record<string, Access> = {
  "page /": "staff",
  "page /login": "public",
  "page /people": "staff",
  "page /people/[cioId]": "staff",
  "page /people/import": "staff",
  "page /people/erase-list": "staff",
  "page /activity": "staff",
  "page /segments": "staff",
  "page /segments/new": "staff",
  "page /segments/[segmentId]": "staff",
  "page /settings/api": "admin",
  "page /settings/api-keys": "admin",
  "page /settings/audit-log": "admin",
  "page /settings/email/suppression-list": "admin",
  "page /settings/suppressed-identifiers": "admin",
  "page /settings/users": "admin",
  "page /settings/workspace": "admin",
  "page /settings/webhooks": "admin",
  "page /settings/webhooks/[endpointId]": "admin",
  "page /deletions": "staff",
  "page /receipts/[id]": "staff",
  "page /receipts/verify": "public",
  "route /receipts/[id]/certificate.json": "staff",
  "route /.well-known/erasure-keys.json": "public",
  "route /api/people/[cioId]/export": "staff",
  "route /v1/customers/[identifier]/export": "app",
  "route /v1/receipts/[id]": "app",
  "route /settings/email/suppression-list/export": "admin",
  "route /settings/suppressed-identifiers/export": "admin",
  "route /api/auth/[...all]": "public",
  "route /api/health": "public",
  "route /api/openapi.json": "public",
  "route /api/imports/people": "staff",
  "route /api/erasure-requests/preview": "staff",
  "route /api/erasure-requests/apply": "staff",
  "route /api/imports/email-suppressions": "admin",
  "route /api/testing/people": "off",
  "route /api/testing/reset": "off",
  "route /api/testing/workspace": "off",
  "route /api/v1/customers/[identifier]": "track",
  "route /api/v1/customers/[identifier]/events": "track",
  "route /api/v1/customers/[identifier]/suppress": "track",
  "route /api/v1/customers/[identifier]/unsuppress": "track",
  "route /api/v1/imports": "track",
  "route /api/v1/ping": "track",
  "route /api/v2/entity": "track",
  "route /api/v2/batch": "track",
  "route /api/deletion-jobs/[id]": "staff",
  "route /api/v1/imports/[id]/errors": "track or staff",
  "route /v1/customers": "app",
  "route /v1/customers/[identifier]/activities": "app",
  "route /v1/customers/[identifier]/attributes": "app",
  "route /v1/esp/search_suppression/[email]": "app",
  "route /v1/esp/suppression/[type]": "app",
  "route /v1/esp/suppression/[type]/[email]": "app",
  "action lib/actions/api-keys.ts#createApiKeyAction": "admin",
  "action lib/actions/api-keys.ts#revokeApiKeyAction": "admin",
  "action lib/actions/auth.ts#signInAction": "public",
  "action lib/actions/auth.ts#signOutAction": "public",
  "action lib/actions/auth.ts#createUserAction": "admin",
  "action lib/actions/auth.ts#setUserRoleAction": "admin",
  "action lib/actions/auth.ts#deactivateUserAction": "admin",
  "action lib/actions/auth.ts#reactivateUserAction": "admin",
  "action lib/actions/esp-suppression.ts#addEspSuppressionAction": "admin",
  "action lib/actions/esp-suppression.ts#removeEspSuppressionsAction": "admin",
  "action lib/actions/erasure-requests.ts#lookUpIdentifierAction": "staff",
  "action lib/actions/deletion.ts#resumeDeletionJobAction": "staff",
  "action lib/actions/deletion.ts#cancelDeletionAction": "staff",
  "action lib/actions/people.ts#deletePeopleAction": "staff",
  "action lib/actions/people.ts#countPeopleAction": "staff",
  "action lib/actions/segments.ts#saveSegmentAction": "staff",
  "action lib/actions/segments.ts#deleteSegmentAction": "staff",
  "action lib/actions/segments.ts#addToSegmentAction": "staff",
  "action lib/actions/segments.ts#removeFromSegmentAction": "staff",
  "action lib/actions/suppression.ts#lookupSuppressionAction": "admin",
  "action lib/actions/receipts.ts#verifyCertificateAction": "public",
  "action lib/actions/receipts.ts#rotateSigningKeyAction": "admin",
  "action lib/actions/receipts.ts#revokeSigningKeyAction": "admin",
  "action lib/actions/workspace.ts#renameWorkspaceAction": "admin",
  "action lib/actions/workspace.ts#previewModeSwitchAction": "admin",
  "action lib/actions/workspace.ts#switchModeAction": "admin",
  "action lib/actions/attribute-indexes.ts#addIndexedAttributeAction": "admin",
  "action lib/actions/attribute-indexes.ts#removeIndexedAttributeAction": "admin",
  "action lib/actions/webhooks.ts#createWebhookEndpointAction": "admin",
  "action lib/actions/webhooks.ts#updateWebhookEndpointAction": "admin",
  "action lib/actions/webhooks.ts#rotateWebhookSecretAction": "admin",
  "action lib/actions/webhooks.ts#setWebhookEndpointEnabledAction": "admin",
  "action lib/actions/webhooks.ts#deleteWebhookEndpointAction": "admin",
  "action lib/actions/webhooks.ts#sendTestWebhookAction": "admin",
  "action lib/actions/webhooks.ts#resendWebhookDeliveryAction": "admin",
};

// Arguments the matrix sends each action: harmless for a caller who is allowed (refused as invalid,
// or a no-op), so the matrix changes nothing. "form": (previous state, an empty FormData).
const ACTION_ARGS: Record<string, unknown[] | "form"> = {
  removeEspSuppressionsAction: [{ ids: [] }],
  deletePeopleAction: [{ suppress: false, selection: { mode: "ids", cioIds: [] } }],
  cancelDeletionAction: ["job_none"],
  resumeDeletionJobAction: ["job_none"],
  countPeopleAction: [{ q: "verify-authz-nobody" }],
  deleteSegmentAction: ["seg_none"],
  addToSegmentAction: [{ segmentId: "seg_none", cioIds: [] }],
  removeFromSegmentAction: [{ segmentId: "seg_none", cioIds: [] }],
  previewModeSwitchAction: [],
  switchModeAction: [],
  signOutAction: [],
};

type Target = { key: string; kind: "page" | "route" | "action"; method: string; path: string; file: string; actionName?: string };

async function walk(dir: string, found: string[] = []): Promise<string[]> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await walk(full, found);
    else found.push(full);
  }
  return found;
}

// app/(admin)/people/[cioId]/page.tsx → /people/[cioId]
function routePath(file: string): string {
  const parts = path.relative(path.join(ROOT, "app"), path.dirname(file)).split(path.sep).filter((p) => p && !/^\(.*\)$/.test(p));
  return `/${parts.join("/")}`;
}

// Every page, every verb a route file really serves (not its methodNotAllowed stubs), every action.
export async function enumerateTargets(): Promise<Target[]> {
  const targets: Target[] = [];
  const appFiles = await walk(path.join(ROOT, "app"));
  for (const file of appFiles.filter((f) => f.endsWith("/page.tsx"))) {
    const p = routePath(file);
    targets.push({ key: `page ${p}`, kind: "page", method: "GET", path: p, file });
  }
  for (const file of appFiles.filter((f) => /\/route\.tsx?$/.test(f))) {
    const p = routePath(file);
    const source = readFileSync(file, "utf8");
    const stubs = new Set([...source.matchAll(/export const (GET|POST|PUT|PATCH|DELETE) = notAllowed/g)].map((m) => m[1]));
    const verbs = [...source.matchAll(/export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1]);
    const destructured = [...source.matchAll(/export const \{([^}]+)\}/g)].flatMap((m) => m[1].split(",").map((s) => s.trim()).filter((s) => /^(GET|POST|PUT|PATCH|DELETE)$/.test(s)));
    for (const verb of [...new Set([...verbs, ...destructured])].filter((v) => !stubs.has(v))) {
      targets.push({ key: `route ${p}`, kind: "route", method: verb, path: p, file });
    }
  }
  const libFiles = [...(await walk(path.join(ROOT, "lib"))), ...appFiles, ...(await walk(path.join(ROOT, "components")))].filter((f) => /\.tsx?$/.test(f) && !f.includes("/generated/"));
  for (const file of libFiles) {
    const source = readFileSync(file, "utf8");
    if (!/^\s*(?:\/\/[^\n]*\n\s*)*["']use server["']/.test(source)) continue;
    const rel = path.relative(ROOT, file);
    for (const m of source.matchAll(/export (?:async function|const) (\w+)/g)) {
      targets.push({ key: `action ${rel}#${m[1]}`, kind: "action", method: "POST", path: "", file: rel, actionName: m[1] });
    }
  }
  return targets;
}

type ManifestEntry = { workers: Record<string, unknown>; filename?: string; exportedName?: string };

// Next's action ids: the build's server-reference-manifest maps id → module and export, and the pages
// whose bundle holds the action (one of which is where the browser posts it).
export function actionIds(distDir: string): Map<string, { id: string; page: string }> {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, distDir, "server/server-reference-manifest.json"), "utf8")) as { node: Record<string, ManifestEntry> };
  const byExport = new Map<string, { id: string; page: string }>();
  for (const [id, entry] of Object.entries(manifest.node)) {
    const name = entry.exportedName ?? "";
    const filename = (entry.filename ?? "").replace(/^\.\//, "").replace(/^\[project\]\//, "");
    const page = Object.keys(entry.workers).map((w) => w.replace(/^app/, "").replace(/\/page$/, "").replace(/\/\([^)]+\)/g, "") || "/")[0] ?? "/";
    byExport.set(`${filename}#${name}`, { id, page });
  }
  return byExport;
}

type Cell = { caller: Caller; expected: "allow" | "deny"; got: "allow" | "deny" | "error" | "absent"; status: number };

export async function runAuthz(options: { base: string; databaseUrl: string; distDir: string; credentials: Credentials; callers: Callers; report: Report }): Promise<void> {
  const { base, credentials, callers, report } = options;
  // Sessions of their own: an allowed signOutAction must not end the sessions other phases use.
  const own = {
    admin: await signIn(base, credentials.adminEmail, credentials.adminPassword),
    support: await signIn(base, callers.supportEmail, callers.supportPassword),
  };
  // signOutAction ends the session it is called with: last, so no other cell runs signed out.
  const targets = (await enumerateTargets()).sort((a, b) => Number(a.actionName === "signOutAction") - Number(b.actionName === "signOutAction"));
  const unruled = [...new Set(targets.map((t) => t.key).filter((k) => !(k in RULES)))];
  const stale = Object.keys(RULES).filter((k) => !targets.some((t) => t.key === k));

  // Real values for dynamic segments.
  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();
  const track = basic(credentials.siteId, credentials.trackKey);
  await request({ base, method: "PUT", path: "/api/v1/customers/verify-authz-1", headers: { authorization: track, "content-type": "application/json" }, body: `{"email":"verify-authz-1@example.test"}` });
  const imported = JSON.parse((await request({ base, method: "POST", path: "/api/v1/imports", headers: { authorization: track, "content-type": "text/csv" }, body: "id,email\nverify-authz-2,bad email\n" })).body) as { id?: string };
  const { rows: people } = await client.query<{ cio_id: string }>(`SELECT cio_id FROM person LIMIT 1`);
  const { rows: segments } = await client.query<{ id: string }>(`SELECT id FROM segment LIMIT 1`);
  const { rows: endpoints } = await client.query<{ id: string }>(`SELECT id FROM webhook_endpoint LIMIT 1`);
  await client.end();
  const params: Record<string, string> = {
    "[cioId]": people[0]?.cio_id ?? "00000000000000000000",
    "[segmentId]": segments[0]?.id ?? "seg_none",
    "[endpointId]": endpoints[0]?.id ?? "whe_none",
    "[identifier]": "verify-authz-1",
    "[id]": imported.id ?? "imp_none",
    "[type]": "bounces",
    "[email]": "verify-authz%40example.test",
    "[...all]": "get-session",
  };
  const fill = (p: string) => p.replace(/\[[^\]]+\]/g, (segment) => params[segment] ?? "x");

  const ids = actionIds(options.distDir);
  const headersFor = (caller: Caller, target: Target): Record<string, string> => {
    const isApp = target.path.startsWith("/v1/");
    switch (caller) {
      case "anonymous":
        return {};
      case "support":
        return { cookie: own.support };
      case "admin":
        return { cookie: own.admin };
      case "deactivated":
        return { cookie: callers.deactivatedCookie };
      case "track key":
        return { authorization: track };
      case "app key":
        return { authorization: bearer(credentials.appKey) };
      case "revoked key":
        return { authorization: isApp ? bearer(callers.revokedApp) : basic(callers.revokedTrack.siteId, callers.revokedTrack.secret) };
      case "other kind":
        return { authorization: isApp ? bearer(credentials.trackKey) : basic(credentials.siteId, credentials.appKey) };
    }
  };

  const rows: { target: Target; cells: Cell[] }[] = [];
  for (const target of targets) {
    const access = RULES[target.key];
    if (!access) continue;
    const cells: Cell[] = [];
    for (const caller of CALLERS) {
      const expected = ALLOWED[access].includes(caller) ? "allow" : "deny";
      const cell = await call(target, caller, headersFor(caller, target));
      cells.push({ caller, expected, ...cell });
    }
    rows.push({ target, cells });
  }

  async function call(target: Target, caller: Caller, auth: Record<string, string>): Promise<{ got: Cell["got"]; status: number }> {
    const origin = { origin: base };
    if (target.kind === "action") {
      const found = ids.get(`${target.file}#${target.actionName}`);
      // Exported but used by no page: the build gives it no id, so nobody can call it over HTTP.
      if (!found) return { got: "absent", status: 0 };
      const args = ACTION_ARGS[target.actionName!] ?? "form";
      let body: string;
      let type: string;
      if (args === "form") {
        const boundary = "----verify" + Math.random().toString(16).slice(2);
        body = `--${boundary}\r\nContent-Disposition: form-data; name="0"\r\n\r\n[{"ok":false,"message":""},"$K1"]\r\n--${boundary}--\r\n`;
        type = `multipart/form-data; boundary=${boundary}`;
      } else {
        body = JSON.stringify(args);
        type = "text/plain;charset=UTF-8";
      }
      const response = await request({ base, method: "POST", path: fill(found.page), headers: { ...auth, ...origin, "next-action": found.id, accept: "text/x-component", "content-type": type }, body });
      if (response.status >= 500) return { got: "error", status: response.status };
      const denied = response.status === 401 || response.status === 403 || /Sign in to continue\.|You are not allowed to do this\./.test(response.body);
      return { got: denied ? "deny" : "allow", status: response.status };
    }
    const url = fill(target.path) + (target.path === "/api/imports/email-suppressions" ? "?intent=preview" : "");
    const bodies: Record<string, { body: string; type: string }> = {
      "/api/imports/people": { body: "id\n", type: "text/csv" },
      // Previews write nothing; an apply without previewed_at is refused before it reads the list.
      "/api/erasure-requests/preview": { body: "verify-authz-nobody\n", type: "text/csv" },
      "/api/erasure-requests/apply": { body: "verify-authz-nobody\n", type: "text/csv" },
      "/api/imports/email-suppressions": { body: "email\n", type: "text/csv" },
      "/api/v1/imports": { body: "id\n", type: "text/csv" },
      "/v1/customers": { body: `{"filter":{"and":[]}}`, type: "application/json" },
      "/api/v1/customers/[identifier]/events": { body: `{"name":"verify"}`, type: "application/json" },
      "/api/auth/[...all]": { body: "{}", type: "application/json" },
    };
    const payload = target.method === "GET" || target.method === "DELETE" ? undefined : (bodies[target.path] ?? { body: "{}", type: "application/json" });
    let response = await request({ base, method: target.method, path: url, headers: { ...auth, ...origin, ...(payload ? { "content-type": payload.type } : {}) }, body: payload?.body });
    // A page that redirects elsewhere (/ → /people) is judged where it lands.
    for (let hop = 0; target.kind === "page" && hop < 3 && response.status >= 300 && response.status < 400; hop++) {
      const next = new URL(String(response.headers.location ?? "/"), base);
      if (next.pathname === "/login") break;
      response = await request({ base, method: "GET", path: `${next.pathname}${next.search}`, headers: auth });
    }
    if (response.status >= 500) return { got: "error", status: response.status };
    const location = String(response.headers.location ?? "");
    if (RULES[target.key] === "off") return { got: response.status === 404 ? "deny" : "allow", status: response.status };
    const denied = response.status === 401 || response.status === 403 || (response.status >= 300 && response.status < 400 && location.includes("/login"));
    return { got: denied ? "deny" : "allow", status: response.status };
  }

  // Hostile input for every Server Action, as the admin (the most any caller can reach): arguments of
  // the wrong type, NUL, huge strings, deep nesting, and forms whose every usual field is hostile. Each
  // must be refused or handled (< 500) within a second. Actions that take no input are left out.
  async function actionCorpus(): Promise<void> {
    const deep = (n: number): unknown => (n === 0 ? "x" : { a: deep(n - 1) });
    // Under the 1 MB Server Action body cap with every field filled (over it, Next itself refuses).
    const values = ["\u0000", "x".repeat(60_000), "<img src=x onerror=alert(1)>", "' OR 1=1 --", "\u202e\u200b", "cio_\u0000"];
    const argLists: unknown[][] = [[], [null], [42], ["\u0000"], ["x".repeat(200_000)], [[1, 2]], [{ ids: "x" }], [{ ids: ["\u0000"] }], [{ selection: { mode: "ids", cioIds: ["\u0000"] }, suppress: "yes" }], [deep(500)], [{ segmentId: "\u0000", cioIds: ["0".repeat(20)] }, "\u0000"]];
    const fields = ["name", "email", "value", "role", "userId", "id", "kind", "condition", "segmentId", "password", "type", "reason", "keyId", "certificate"];
    let tried = 0;
    const failures: string[] = [];
    // A session of its own: the matrix's last row (signOutAction) ended the admin's.
    const adminCookie = await signIn(base, credentials.adminEmail, credentials.adminPassword);
    for (const target of targets.filter((t) => t.kind === "action" && !["signOutAction", "switchModeAction", "previewModeSwitchAction", "signInAction"].includes(t.actionName!))) {
      const found = ids.get(`${target.file}#${target.actionName}`);
      if (!found) continue;
      const isForm = (ACTION_ARGS[target.actionName!] ?? "form") === "form";
      const bodies: { body: string; type: string }[] = [];
      if (isForm) {
        for (const value of values) {
          const boundary = "----verify" + Math.random().toString(16).slice(2);
          // As React encodes a form's FormData: its fields as "_1_<name>" first, then the root "0" naming it
          // ($K1); fields after the root, or named "1_…", never reach the action.
          const parts = [...fields.map((f) => `--${boundary}\r\nContent-Disposition: form-data; name="_1_${f}"\r\n\r\n${value}\r\n`), `--${boundary}\r\nContent-Disposition: form-data; name="0"\r\n\r\n[{"ok":false,"message":""},"$K1"]\r\n`];
          bodies.push({ body: `${parts.join("")}--${boundary}--\r\n`, type: `multipart/form-data; boundary=${boundary}` });
        }
      } else {
        for (const args of argLists) bodies.push({ body: JSON.stringify(args), type: "text/plain;charset=UTF-8" });
      }
      for (const { body, type } of bodies) {
        tried++;
        const response = await request({ base, method: "POST", path: fill(found.page), headers: { cookie: adminCookie, origin: base, "next-action": found.id, accept: "text/x-component", "content-type": type }, body, timeoutMs: 5_000 }).catch((error: Error) => ({ status: 0, ms: 5_000, body: error.message }));
        if (response.status >= 500 || response.status === 0 || response.ms > 1000) failures.push(`${target.actionName} ${body.slice(0, 40).replace(/\s+/g, " ")}: ${response.status} in ${Math.round(response.ms)} ms`);
      }
    }
    for (const f of failures.slice(0, 40)) console.log(`    ✗ action input ${f}`);
    report.add("corpus", "Server Action inputs tried (as admin)", tried, true);
    report.add("corpus", "Server Action answers 5xx or over 1 s", failures.length, failures.length === 0);
  }

  // Put back what an allowed admin's switchModeAction changed (as lib/workspace/testing.ts does, which
  // refuses to run with the test-data API off, as it is here).
  const reset = new pg.Client({ connectionString: options.databaseUrl });
  await reset.connect();
  await reset.query(`DELETE FROM identifier_claim WHERE kind = 'email' AND cio_id IS NOT NULL`);
  await reset.query(`UPDATE workspace SET identification_mode = 'id', updated_at = now()`);
  await reset.end();

  // The table.
  const short: Record<Caller, string> = { anonymous: "anon", support: "supp", admin: "admin", deactivated: "deact", "track key": "track", "app key": "app", "revoked key": "revok", "other kind": "other" };
  const label = (r: (typeof rows)[number]) => `${r.target.kind === "route" ? `${r.target.method} ` : ""}${r.target.key.replace(/^(page|route|action) /, "").replace(/^lib\//, "")}`;
  const width = Math.max(...rows.map((r) => label(r).length));
  console.log(`  ${"target".padEnd(width)} ${CALLERS.map((c) => short[c].padEnd(6)).join("")}`);
  let failed = 0;
  const mismatches: string[] = [];
  for (const r of rows) {
    const marks = r.cells.map((c) => {
      const ok = c.got === c.expected || c.got === "absent";
      if (!ok) {
        failed++;
        mismatches.push(`${label(r)} as ${c.caller}: expected ${c.expected}, got ${c.got} (${c.status})`);
      }
      return `${{ allow: "A", deny: "-", error: "E", absent: "n/a" }[c.got]}${ok ? " " : "!"}`.padEnd(6);
    });
    console.log(`  ${label(r).padEnd(width)} ${marks.join("")}`);
  }
  console.log("  (A allowed, - denied, E server error, n/a an exported action no page uses: it has no id in the build; ! not what the rule expects)");
  for (const m of mismatches.slice(0, 30)) console.log(`    ✗ ${m}`);
  for (const k of unruled) console.log(`    ✗ no rule for ${k}`);
  for (const k of stale) console.log(`    ✗ rule for ${k}, which the code no longer has`);
  await actionCorpus();
  const cellCount = rows.reduce((n, r) => n + r.cells.length, 0);
  report.add("authz", `targets enumerated (pages, route verbs, actions)`, `${targets.filter((t) => t.kind === "page").length} / ${targets.filter((t) => t.kind === "route").length} / ${targets.filter((t) => t.kind === "action").length}`, true);
  report.add("authz", "targets without a rule", unruled.length + stale.length, unruled.length + stale.length === 0);
  report.add("authz", "cells checked / failed", `${cellCount} / ${failed}`, failed === 0);
}
