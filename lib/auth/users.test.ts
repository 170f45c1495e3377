import { beforeAll, describe, expect, it } from "vitest";
import { getWorkspace } from "../workspace/workspace";
import { db } from "../db";
import { uniqueEmail, uniqueToken } from "../test/factories";
import { auth } from "./auth";
import { CLIENT_IP_HEADER } from "../client-ip";
import { createUser, deactivateUser, ensureEnvAdmin, LAST_ADMIN_MESSAGE, listUsers, reactivateUser, setUserRole, UserChangeError } from "./users";

const PASSWORD = "users-test-password";
const SYSTEM = { type: "system" } as const;

async function canSignIn(email: string): Promise<boolean> {
  try {
    await auth.api.signInEmail({ body: { email, password: PASSWORD }, headers: new Headers({ [CLIENT_IP_HEADER]: "10.7.7.7" }) });
    return true;
  } catch {
    return false;
  }
}

// Starting the database (and migrating it) is slow on a busy machine: do it under the hook timeout.
beforeAll(async () => {
  await getWorkspace();
});

describe("staff users", () => {
  it("creates users with a hashed password that Better Auth accepts", async () => {
    const email = uniqueEmail("Mixed");
    const user = await createUser({ email: email.toUpperCase(), name: "Mixed Case", password: PASSWORD, role: "support" });
    expect(user).toMatchObject({ email: email.toLowerCase(), role: "support", isActive: true });
    const account = await db.account.findFirstOrThrow({ where: { userId: user.id } });
    expect(account.password).toBeTruthy();
    expect(account.password).not.toContain(PASSWORD);
    expect(await canSignIn(email)).toBe(true);
    await expect(createUser({ email, name: "Again", password: PASSWORD, role: "support" })).rejects.toThrow(UserChangeError);
    await expect(createUser({ email: uniqueEmail(), name: "Short", password: "short", role: "support" })).rejects.toMatchObject({ field: "password" });
    expect((await listUsers()).some((u) => u.id === user.id)).toBe(true);
    const audit = await db.auditEntry.findFirst({ where: { action: "user.create", details: { path: ["userId"], equals: user.id } } });
    expect(audit).not.toBeNull();
  });

  it("never removes or demotes the last active admin", async () => {
    // Start from a workspace with no other active admin.
    await db.user.updateMany({ where: { role: "admin" }, data: { banned: true } });
    const first = await createUser({ email: uniqueEmail("a1"), name: "First", password: PASSWORD, role: "admin" });
    await expect(setUserRole({ userId: first.id, role: "support", actor: SYSTEM })).rejects.toThrow(LAST_ADMIN_MESSAGE);
    await expect(deactivateUser({ userId: first.id, actor: SYSTEM })).rejects.toThrow(LAST_ADMIN_MESSAGE);

    const second = await createUser({ email: uniqueEmail("a2"), name: "Second", password: PASSWORD, role: "admin" });
    expect((await setUserRole({ userId: first.id, role: "support", actor: SYSTEM })).role).toBe("support");
    await expect(deactivateUser({ userId: second.id, actor: SYSTEM })).rejects.toThrow(LAST_ADMIN_MESSAGE);
    await expect(setUserRole({ userId: second.id, role: "support", actor: SYSTEM })).rejects.toThrow(LAST_ADMIN_MESSAGE);

    // Two admins demoting each other at once: one of them must stay.
    await setUserRole({ userId: first.id, role: "admin", actor: SYSTEM });
    const results = await Promise.allSettled([
      setUserRole({ userId: first.id, role: "support", actor: SYSTEM }),
      setUserRole({ userId: second.id, role: "support", actor: SYSTEM }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db.user.count({ where: { role: "admin", banned: false } })).toBe(1);
  });

  it("deactivation ends sessions and blocks sign-in; reactivation restores it", async () => {
    await createUser({ email: uniqueEmail("keep"), name: "Keep", password: PASSWORD, role: "admin" });
    const email = uniqueEmail("leaver");
    const user = await createUser({ email, name: "Leaver", password: PASSWORD, role: "support" });
    expect(await canSignIn(email)).toBe(true);
    expect(await db.session.count({ where: { userId: user.id } })).toBeGreaterThan(0);

    const admin = await createUser({ email: uniqueEmail("boss"), name: "Boss", password: PASSWORD, role: "admin" });
    await expect(deactivateUser({ userId: admin.id, actor: { type: "user", id: admin.id } })).rejects.toThrow(/your own/);
    expect((await deactivateUser({ userId: user.id, actor: { type: "user", id: admin.id } })).isActive).toBe(false);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    expect(await canSignIn(email)).toBe(false);

    await reactivateUser({ userId: user.id, actor: { type: "user", id: admin.id } });
    expect(await canSignIn(email)).toBe(true);
    const actions = await db.auditEntry.findMany({ where: { actorId: admin.id }, select: { action: true } });
    expect(actions.map((a) => a.action).sort()).toEqual(["user.deactivate", "user.reactivate"]);
  });

  it("creates the ADMIN_EMAIL / ADMIN_PASSWORD admin whoever else exists, demo users or not, and it can sign in", async () => {
    // Demo users present (whatever an earlier test left, at least one user exists).
    if (!(await db.user.findUnique({ where: { email: "admin@example.com" } }))) {
      await createUser({ email: "admin@example.com", name: "Ada Admin", password: uniqueToken("pw-"), role: "admin" });
    }
    const withDemo = { ADMIN_EMAIL: uniqueEmail("Env").toUpperCase(), ADMIN_PASSWORD: PASSWORD };
    const created = await ensureEnvAdmin(withDemo);
    expect(created).toMatchObject({ status: "created", user: { email: withDemo.ADMIN_EMAIL.toLowerCase(), role: "admin", isActive: true } });
    expect(await canSignIn(withDemo.ADMIN_EMAIL.toLowerCase())).toBe(true);
    // Idempotent: a restart finds it and creates nothing.
    expect(await ensureEnvAdmin(withDemo)).toMatchObject({ status: "exists", user: { id: created!.user.id } });
    expect(await db.user.count({ where: { email: withDemo.ADMIN_EMAIL.toLowerCase() } })).toBe(1);

    // Demo users absent (other staff still exist).
    await db.user.deleteMany({ where: { email: { in: ["admin@example.com", "support@example.com"] } } });
    const withoutDemo = { ADMIN_EMAIL: uniqueEmail("env2"), ADMIN_PASSWORD: PASSWORD };
    expect((await ensureEnvAdmin(withoutDemo))?.status).toBe("created");
    expect(await canSignIn(withoutDemo.ADMIN_EMAIL)).toBe(true);
  });

  it("leaves an existing user with ADMIN_EMAIL untouched, and refuses half or weak settings by variable name", async () => {
    const email = uniqueEmail("existing");
    const before = await createUser({ email, name: "Existing", password: PASSWORD, role: "support" });
    const result = await ensureEnvAdmin({ ADMIN_EMAIL: email, ADMIN_PASSWORD: "another-password-123" });
    expect(result).toMatchObject({ status: "exists", user: { id: before.id, role: "support" } });
    expect(await canSignIn(email)).toBe(true); // still the old password
    expect(await db.user.findUniqueOrThrow({ where: { id: before.id }, select: { role: true } })).toEqual({ role: "support" });

    expect(await ensureEnvAdmin({})).toBeNull();
    await expect(ensureEnvAdmin({ ADMIN_EMAIL: uniqueEmail("half") })).rejects.toThrow(/ADMIN_EMAIL and ADMIN_PASSWORD/);
    await expect(ensureEnvAdmin({ ADMIN_EMAIL: uniqueEmail("weak"), ADMIN_PASSWORD: "short" })).rejects.toThrow(/^ADMIN_PASSWORD: /);
    // Better Auth's sign-in rejects such an address, so no admin could ever use it.
    await expect(ensureEnvAdmin({ ADMIN_EMAIL: "a@b.c", ADMIN_PASSWORD: PASSWORD })).rejects.toThrow(/^ADMIN_EMAIL: /);
    expect(await db.user.count({ where: { email: "a@b.c" } })).toBe(0);
  });
});
