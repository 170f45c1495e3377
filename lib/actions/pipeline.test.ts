// Every Server Action of the app goes through the pipeline: the role is checked before the input is
// even read (garbage from a signed-out caller is a 401, never a validation message), admin actions
// refuse support staff with 403, bad input comes back as { ok: false, message, fieldErrors } with
// nothing changed, and domain refusals become messages.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { requestHeaders } from "../test/request-headers";

vi.mock("next/headers", async () => (await import("../test/request-headers")).nextHeadersMock());
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
// Modules another file loaded without these mocks (the workers share them) are loaded anew here.
vi.resetModules();

const { db } = await import("../db");
const { signedInStaff } = await import("../test/staff-session");
const { uniqueToken } = await import("../test/factories");
const { getWorkspace } = await import("../workspace/workspace");
const { newCioId } = await import("../identity/identifiers");

// Every "use server" module of the app, found in the file tree (a file whose first statement is the
// directive), and the actions in it that are not staff actions (signing in and out).
const ROOT = path.resolve(__dirname, "../..");
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" || entry.name === "node_modules" ? [] : sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}
const USE_SERVER = /^\s*(?:\/\/[^\n]*\n\s*)*["']use server["']/;
const SERVER_FILES = ["lib", "app", "components"]
  .flatMap((dir) => sourceFiles(path.join(ROOT, dir)))
  .filter((file) => USE_SERVER.test(readFileSync(file, "utf8")))
  .sort();
const ACTION_MODULES: Record<string, Record<string, unknown>> = {};
for (const file of SERVER_FILES) {
  ACTION_MODULES[path.relative(ROOT, file).replace(/\.tsx?$/, "")] = (await import(file)) as Record<string, unknown>;
}
const segmentActions = ACTION_MODULES["lib/actions/segments"] as typeof import("./segments");
// Signing in and out, and checking a certificate, need no session.
const NOT_STAFF_ACTIONS = new Set(["signInAction", "signOutAction", "verifyCertificateAction"]);
const SUPPORT_ACTIONS = new Set([
  "deletePeopleAction",
  "cancelDeletionAction",
  "resumeDeletionJobAction",
  "countPeopleAction",
  "saveSegmentAction",
  "deleteSegmentAction",
  "addToSegmentAction",
  "removeFromSegmentAction",
  "lookUpIdentifierAction",
]);

type AnyAction = (...args: unknown[]) => Promise<unknown>;
const staffActions = Object.entries(ACTION_MODULES).flatMap(([module, exports]) =>
  Object.entries(exports)
    .filter(([name, value]) => typeof value === "function" && !NOT_STAFF_ACTIONS.has(name))
    .map(([name, value]) => ({ module, name, run: value as AnyAction })),
);

// Garbage for either shape: a value action reads the first argument, a form action the FormData.
const garbage = () => [{ ok: false, message: "" }, new FormData()];

let supportCookie = "";

beforeAll(async () => {
  supportCookie = await signedInStaff("support");
});

beforeEach(() => {
  requestHeaders.current = new Headers();
});

describe("[ACTIONS] the action pipeline", () => {
  it("covers every action file, and every staff action is either support or admin", () => {
    // Found from the tree, so a new "use server" file is covered without being listed here.
    expect(Object.keys(ACTION_MODULES)).toContain("lib/actions/deletion");
    expect(Object.keys(ACTION_MODULES).length).toBeGreaterThanOrEqual(10);
    expect(staffActions.length).toBeGreaterThanOrEqual(20);
    expect(new Set(staffActions.map((action) => action.module)).size).toBe(Object.keys(ACTION_MODULES).length);
  });

  for (const { module, name, run } of staffActions) {
    it(`${module} ${name} checks the session before reading its input (401)`, async () => {
      await expect(run(...garbage())).rejects.toMatchObject({ name: "AuthorizationError", status: 401 });
    });

    if (!SUPPORT_ACTIONS.has(name)) {
      it(`${module} ${name} is admin only (403 for support)`, async () => {
        requestHeaders.current = new Headers({ cookie: supportCookie });
        await expect(run(...garbage())).rejects.toMatchObject({ name: "AuthorizationError", status: 403 });
      });
    }
  }

  it("answers bad input with the field messages and changes nothing", async () => {
    requestHeaders.current = new Headers({ cookie: supportCookie });
    const { saveSegmentAction } = segmentActions;
    const before = await db.segment.count();
    const form = new FormData();
    form.set("kind", "manual");
    form.set("name", "   ");
    const state = await saveSegmentAction({ ok: false, message: "" }, form);
    expect(state).toMatchObject({ ok: false, message: "Check the highlighted fields.", fieldErrors: { name: ["Name is required"] } });
    expect(await db.segment.count()).toBe(before);
  });

  it("turns a domain refusal into a message (adding people to a data-driven segment)", async () => {
    requestHeaders.current = new Headers({ cookie: supportCookie });
    const workspace = await getWorkspace();
    const segment = await db.segment.create({
      data: { id: uniqueToken("seg_"), workspaceId: workspace.id, name: uniqueToken("D"), kind: "data_driven", filter: { attribute: { field: "plan", operator: "exists" } } },
    });
    const { addToSegmentAction } = segmentActions;
    try {
      const result = await addToSegmentAction({ segmentId: segment.id, selection: { mode: "ids", cioIds: [newCioId()] } });
      expect(result).toEqual({ ok: false, message: "People can only be added to or removed from manual segments." });
    } finally {
      // Left behind, it would take in every later file's people of the default workspace with a plan.
      await db.segment.delete({ where: { id: segment.id } });
    }
  });
});
