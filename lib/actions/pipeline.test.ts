// Every Server Action of the app goes through the pipeline: the role is checked before the input is
// even read (garbage from a signed-out caller is a 401, never a validation message), admin actions
// refuse support staff with 403, bad input comes back as { ok: false, message, fieldErrors } with
// nothing changed, and domain refusals become messages.
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { requestHeaders } from "../test/request-headers";

vi.mock("next/headers", async () => (await import("../test/request-headers")).nextHeadersMock());
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const { db } = await import("../db");
const { signedInStaff } = await import("../test/staff-session");
const { uniqueToken } = await import("../test/factories");
const { getWorkspace } = await import("../workspace/workspace");
const { newCioId } = await import("../identity/identifiers");

// Every "use server" module and the actions in it that are not staff actions (signing in and out).
const ACTION_MODULES = {
  "people/actions": await import("./people"),
  "segments/actions": await import("./segments"),
  "api-keys/actions": await import("./api-keys"),
  "auth/actions": await import("./auth"),
  "esp-suppression/actions": await import("./esp-suppression"),
  "suppression/actions": await import("./suppression"),
  "workspace/actions": await import("./workspace"),
  "receipts/actions": await import("./receipts"),
  "attribute-indexes/actions": await import("./attribute-indexes"),
};
// Signing in and out, and checking a certificate, need no session.
const NOT_STAFF_ACTIONS = new Set(["signInAction", "signOutAction", "verifyCertificateAction"]);
const SUPPORT_ACTIONS = new Set([
  "deletePeopleAction",
  "cancelDeletionAction",
  "countPeopleAction",
  "saveSegmentAction",
  "deleteSegmentAction",
  "addToSegmentAction",
  "removeFromSegmentAction",
]);

type AnyAction = (...args: unknown[]) => Promise<unknown>;
const staffActions = Object.entries(ACTION_MODULES).flatMap(([module, exports]) =>
  Object.entries(exports as Record<string, unknown>)
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
    const { saveSegmentAction } = ACTION_MODULES["segments/actions"];
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
    const { addToSegmentAction } = ACTION_MODULES["segments/actions"];
    try {
      const result = await addToSegmentAction({ segmentId: segment.id, selection: { mode: "ids", cioIds: [newCioId()] } });
      expect(result).toEqual({ ok: false, message: "People can only be added to or removed from manual segments." });
    } finally {
      // Left behind, it would take in every later file's people of the default workspace with a plan.
      await db.segment.delete({ where: { id: segment.id } });
    }
  });
});
