// The authorization helper, end to end: real sessions from Better Auth, every admin Server Action
// called as support, as nobody, and as an admin.
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { uniqueEmail } from "../test/factories";

import { requestHeaders } from "../test/request-headers";

vi.mock("next/headers", async () => (await import("../test/request-headers")).nextHeadersMock());
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const { authorize, AuthorizationError, getCurrentUser, requireActionUser, actorOf } = await import("./guard");
const { createUser } = await import("./users");
const authActions = await import("../actions/auth");
const apiKeyActions = await import("../actions/api-keys");
const { signedInStaff } = await import("../test/staff-session");

const PASSWORD = "guard-test-password";

function form(values: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(values)) data.set(key, value);
  return data;
}

const IDLE = { ok: false, message: "" };

// Every admin-only Server Action, with input that would succeed for an admin.
function adminActions(targetUserId: () => string) {
  return {
    createUserAction: () =>
      authActions.createUserAction(IDLE, form({ email: uniqueEmail("new"), name: "New", password: "long-enough-1", role: "support" })),
    setUserRoleAction: () => authActions.setUserRoleAction(IDLE, form({ userId: targetUserId(), role: "support" })),
    deactivateUserAction: () => authActions.deactivateUserAction(IDLE, form({ userId: targetUserId() })),
    reactivateUserAction: () => authActions.reactivateUserAction(IDLE, form({ userId: targetUserId() })),
    createApiKeyAction: () => apiKeyActions.createApiKeyAction(IDLE, form({ kind: "track", name: "Guard test" })),
    revokeApiKeyAction: () => apiKeyActions.revokeApiKeyAction(IDLE, form({ id: "key_does_not_matter" })),
  };
}

let adminCookie = "";
let supportCookie = "";
let targetId = "";

beforeAll(async () => {
  targetId = (await createUser({ email: uniqueEmail("target"), name: "Target", password: PASSWORD, role: "support" })).id;
  adminCookie = await signedInStaff("admin");
  supportCookie = await signedInStaff("support");
});

beforeEach(() => {
  requestHeaders.current = new Headers();
});

describe("authorize", () => {
  it("refuses anonymous callers with 401 and support with 403 where admin is required", () => {
    expect(() => authorize(null)).toThrow(AuthorizationError);
    expect(() => authorize(null, "admin")).toThrowError(expect.objectContaining({ status: 401 }));
    const support = { id: "u1", name: "S", email: "s@example.test", role: "support" as const };
    expect(authorize(support)).toBe(support);
    expect(() => authorize(support, "admin")).toThrowError(expect.objectContaining({ status: 403 }));
    const admin = { ...support, role: "admin" as const };
    expect(authorize(admin, "admin")).toBe(admin);
  });

  it("carries Next's 401/403 digest so an uncaught one is answered with that status", () => {
    expect(new AuthorizationError(403).digest).toBe("NEXT_HTTP_ERROR_FALLBACK;403");
    expect(new AuthorizationError(401).digest).toBe("NEXT_HTTP_ERROR_FALLBACK;401");
  });

  it("maps a user to an audit actor", () => {
    expect(actorOf({ id: "u1" })).toEqual({ type: "user", id: "u1" });
  });
});

describe("session lookup", () => {
  it("finds the user of a valid session cookie and nobody without one", async () => {
    requestHeaders.current = new Headers({ cookie: supportCookie });
    expect(await getCurrentUser()).toMatchObject({ role: "support" });
    requestHeaders.current = new Headers({ cookie: "better-auth.session_token=forged.value" });
    expect(await getCurrentUser()).toBeNull();
    requestHeaders.current = new Headers();
    await expect(requireActionUser()).rejects.toMatchObject({ status: 401 });
  });
});

describe("admin Server Actions", () => {
  const actions = adminActions(() => targetId);

  for (const [name, run] of Object.entries(actions)) {
    it(`${name} refuses anonymous callers`, async () => {
      requestHeaders.current = new Headers();
      await expect(run()).rejects.toMatchObject({ name: "AuthorizationError", status: 401 });
    });

    it(`${name} refuses support staff`, async () => {
      requestHeaders.current = new Headers({ cookie: supportCookie });
      await expect(run()).rejects.toMatchObject({ name: "AuthorizationError", status: 403 });
    });
  }

  it("lets an admin run them", async () => {
    requestHeaders.current = new Headers({ cookie: adminCookie });
    const created = await actions.createApiKeyAction();
    expect(created.ok).toBe(true);
    expect(created.created?.secret).toMatch(/^[0-9a-f]{64}$/);
    expect((await actions.createUserAction()).ok).toBe(true);
    expect((await actions.setUserRoleAction()).ok).toBe(true);
    expect((await actions.deactivateUserAction()).ok).toBe(true);
    expect((await actions.reactivateUserAction()).ok).toBe(true);
  });
});
