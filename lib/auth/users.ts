// Staff accounts: created by admins (or from ADMIN_EMAIL/ADMIN_PASSWORD at start), roles
// admin/support, deactivation instead of deletion. Passwords are hashed by Better Auth. There is
// always at least one active admin: demoting or deactivating the last one is refused.
import { db, type Tx } from "../db";
import { recordAudit, type Actor } from "../audit/record-audit";
import { getWorkspace } from "../workspace/workspace";
import { auth, type Role } from "./auth";
import { envAdminProblem } from "./schemas";

export type { Role };
export type StaffUser = {
  id: string;
  name: string;
  email: string;
  role: Role;
  isActive: boolean;
  createdAt: Date;
};

// A refused change, with the message the form shows (and the field it belongs to, when one does).
export class UserChangeError extends Error {
  readonly field?: "email" | "password" | "role" | "name";
  constructor(message: string, field?: UserChangeError["field"]) {
    super(message);
    this.name = "UserChangeError";
    this.field = field;
  }
}

export const LAST_ADMIN_MESSAGE = "This is the last active admin: make another admin first.";
const SYSTEM: Actor = { type: "system" };
const MIN_PASSWORD_LENGTH = 8;

function toStaffUser(row: { id: string; name: string; email: string; role: string | null; banned: boolean | null; createdAt: Date }): StaffUser {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role === "admin" ? "admin" : "support",
    isActive: !row.banned,
    createdAt: row.createdAt,
  };
}

const USER_SELECT = { id: true, name: true, email: true, role: true, banned: true, createdAt: true } as const;

// Creates a staff account with a password (hashed by Better Auth) and a role.
export async function createUser(options: {
  email: string;
  name: string;
  password: string;
  role: Role;
  actor?: Actor;
}): Promise<StaffUser> {
  const email = options.email.trim().toLowerCase();
  if (options.password.length < MIN_PASSWORD_LENGTH) {
    throw new UserChangeError(`Use at least ${MIN_PASSWORD_LENGTH} characters.`, "password");
  }
  if (await db.user.findUnique({ where: { email }, select: { id: true } })) {
    throw new UserChangeError("A user with this email already exists.", "email");
  }
  let created: { user: { id: string } };
  try {
    // Without request headers this runs as the server itself (no admin session needed).
    created = await auth.api.createUser({
      body: { email, name: options.name.trim() || email, password: options.password, role: options.role },
    });
  } catch (error) {
    const message = (error as { body?: { message?: string }; message?: string }).body?.message ?? (error as Error).message;
    if (/exist/i.test(message)) throw new UserChangeError("A user with this email already exists.", "email");
    if (/email/i.test(message)) throw new UserChangeError("Enter a valid email address.", "email");
    if (/password/i.test(message)) throw new UserChangeError(message, "password");
    throw error;
  }
  const workspace = await getWorkspace();
  await recordAudit({
    workspaceId: workspace.id,
    actor: options.actor ?? SYSTEM,
    action: "user.create",
    count: 1,
    details: { userId: created.user.id, role: options.role },
  });
  const row = await db.user.findUniqueOrThrow({ where: { id: created.user.id }, select: USER_SELECT });
  return toStaffUser(row);
}

export type EnvAdminResult = { status: "created" | "exists"; user: StaffUser };

// At server start: makes sure ADMIN_EMAIL / ADMIN_PASSWORD exists as an admin, whoever else exists
// (demo users included). Creates it when no user has that email; a user who already has it is left
// exactly as it is ("exists"). Null when neither variable is set; a refused value (one variable
// without the other, a short password, a bad email) throws a UserChangeError naming the variable.
export async function ensureEnvAdmin(env: Record<string, string | undefined> = process.env): Promise<EnvAdminResult | null> {
  const problem = envAdminProblem(env);
  if (problem) throw new UserChangeError(problem);
  const email = env.ADMIN_EMAIL?.trim().toLowerCase();
  const password = env.ADMIN_PASSWORD;
  if (!email || !password) return null;
  const existing = await db.user.findUnique({ where: { email }, select: USER_SELECT });
  if (existing) return { status: "exists", user: toStaffUser(existing) };
  try {
    const user = await createUser({ email, password, name: env.ADMIN_NAME ?? "Admin", role: "admin" });
    return { status: "created", user };
  } catch (error) {
    if (!(error instanceof UserChangeError)) throw error;
    // Another process created it first.
    const raced = await db.user.findUnique({ where: { email }, select: USER_SELECT });
    if (raced) return { status: "exists", user: toStaffUser(raced) };
    const variable = error.field === "password" ? "ADMIN_PASSWORD" : "ADMIN_EMAIL";
    throw new UserChangeError(`${variable}: ${error.message}`, error.field);
  }
}

// Every staff account, admins first, then by name.
export async function listUsers(): Promise<StaffUser[]> {
  const rows = await db.user.findMany({ select: USER_SELECT, orderBy: [{ createdAt: "asc" }] });
  return rows.map(toStaffUser).sort((a, b) => (a.role === b.role ? 0 : a.role === "admin" ? -1 : 1));
}

// Serializes changes to admins so two admins can't demote each other at the same moment and leave
// none; then refuses when `userId` is the only active admin.
async function assertNotLastAdmin(tx: Tx, userId: string): Promise<void> {
  await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtext('people-admin:active-admins'))`);
  const others = await tx.user.count({
    where: { role: "admin", id: { not: userId }, OR: [{ banned: false }, { banned: null }] },
  });
  if (others === 0) throw new UserChangeError(LAST_ADMIN_MESSAGE, "role");
}

async function findUser(tx: Tx, userId: string) {
  const user = await tx.user.findUnique({ where: { id: userId }, select: USER_SELECT });
  if (!user) throw new UserChangeError("This user no longer exists.");
  return user;
}

// Changes a staff member's role; takes effect on their next request.
export async function setUserRole(options: { userId: string; role: Role; actor: Actor }): Promise<StaffUser> {
  const workspace = await getWorkspace();
  const row = await db.$transaction(async (tx) => {
    const user = await findUser(tx, options.userId);
    if (user.role === options.role) return user;
    if (user.role === "admin" && !user.banned) await assertNotLastAdmin(tx, user.id);
    const updated = await tx.user.update({ where: { id: user.id }, data: { role: options.role }, select: USER_SELECT });
    await recordAudit({
      workspaceId: workspace.id,
      actor: options.actor,
      action: "user.update_role",
      count: 1,
      details: { userId: user.id, from: user.role ?? "support", to: options.role },
      tx,
    });
    return updated;
  });
  return toStaffUser(row);
}

// Deactivates a staff account: it can no longer sign in and its sessions end now.
export async function deactivateUser(options: { userId: string; actor: Actor }): Promise<StaffUser> {
  if (options.actor.type === "user" && options.actor.id === options.userId) {
    throw new UserChangeError("You can't deactivate your own account.");
  }
  const workspace = await getWorkspace();
  const row = await db.$transaction(async (tx) => {
    const user = await findUser(tx, options.userId);
    if (user.banned) return user;
    if (user.role === "admin") await assertNotLastAdmin(tx, user.id);
    const updated = await tx.user.update({
      where: { id: user.id },
      data: { banned: true, banReason: "deactivated", banExpires: null },
      select: USER_SELECT,
    });
    await tx.session.deleteMany({ where: { userId: user.id } });
    await recordAudit({ workspaceId: workspace.id, actor: options.actor, action: "user.deactivate", count: 1, details: { userId: user.id }, tx });
    return updated;
  });
  return toStaffUser(row);
}

// Lets a deactivated staff member sign in again.
export async function reactivateUser(options: { userId: string; actor: Actor }): Promise<StaffUser> {
  const workspace = await getWorkspace();
  const row = await db.$transaction(async (tx) => {
    const user = await findUser(tx, options.userId);
    if (!user.banned) return user;
    const updated = await tx.user.update({
      where: { id: user.id },
      data: { banned: false, banReason: null, banExpires: null },
      select: USER_SELECT,
    });
    await recordAudit({ workspaceId: workspace.id, actor: options.actor, action: "user.reactivate", count: 1, details: { userId: user.id }, tx });
    return updated;
  });
  return toStaffUser(row);
}
