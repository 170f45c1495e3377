"use server";
// Sign-in, sign-out and the users page. Each admin action: role check → zod → lib → revalidate.
import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { auth } from "./auth";
import type { FormState } from "./form-state";
import { actorOf, requireActionUser } from "./guard";
import { createUserSchema, INVALID_CREDENTIALS_MESSAGE, safeNextPath, setRoleSchema, signInSchema, userIdSchema } from "./schemas";
import { TOO_MANY_ATTEMPTS_MESSAGE } from "./throttle";
import { createUser, deactivateUser, reactivateUser, setUserRole, UserChangeError } from "./users";

const USERS_PATH = "/settings/users";

function errorStatus(error: unknown): { status?: number; code?: string } {
  const e = error as { statusCode?: number; status?: number | string; body?: { code?: string } };
  return { status: typeof e.statusCode === "number" ? e.statusCode : undefined, code: e.body?.code };
}

// Signs in through Better Auth (so the same throttling hook runs as for HTTP), then goes to ?next=.
export async function signInAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = signInSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) {
    return { ok: false, message: INVALID_CREDENTIALS_MESSAGE, errors: parsed.error.flatten().fieldErrors, values: { email: String(formData.get("email") ?? "") } };
  }
  const values = { email: parsed.data.email };
  try {
    await auth.api.signInEmail({
      body: { email: parsed.data.email, password: parsed.data.password },
      headers: await headers(),
    });
  } catch (error) {
    const { status, code } = errorStatus(error);
    if (status === 429) return { ok: false, message: TOO_MANY_ATTEMPTS_MESSAGE, values };
    if (code === "BANNED_USER") return { ok: false, message: "This account has been deactivated.", values };
    if (status && status < 500) return { ok: false, message: INVALID_CREDENTIALS_MESSAGE, values };
    throw error;
  }
  redirect(safeNextPath(parsed.data.next));
}

// Ends the session (deletes it server-side and clears the cookie).
export async function signOutAction(): Promise<void> {
  try {
    await auth.api.signOut({ headers: await headers() });
  } catch {
    // Already signed out.
  }
  redirect("/login");
}

function refused(error: unknown): FormState {
  if (error instanceof UserChangeError) {
    return { ok: false, message: error.message, errors: error.field ? { [error.field]: [error.message] } : undefined };
  }
  throw error;
}

// Admin: creates a staff account with a role and an initial password.
export async function createUserAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const admin = await requireActionUser("admin");
  const parsed = createUserSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return { ok: false, message: "Check the highlighted fields.", errors: parsed.error.flatten().fieldErrors };
  try {
    const user = await createUser({ ...parsed.data, actor: actorOf(admin) });
    revalidatePath(USERS_PATH);
    return { ok: true, message: `${user.email} can now sign in as ${user.role}.` };
  } catch (error) {
    return refused(error);
  }
}

// Admin: makes a staff member admin or support (never leaving no active admin).
export async function setUserRoleAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const admin = await requireActionUser("admin");
  const parsed = setRoleSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return { ok: false, message: "Choose a role.", errors: parsed.error.flatten().fieldErrors };
  try {
    const user = await setUserRole({ ...parsed.data, actor: actorOf(admin) });
    revalidatePath(USERS_PATH);
    return { ok: true, message: `${user.email} is now ${user.role}.` };
  } catch (error) {
    return refused(error);
  }
}

// Admin: deactivates a staff account and ends its sessions.
export async function deactivateUserAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const admin = await requireActionUser("admin");
  const parsed = userIdSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return { ok: false, message: "Unknown user." };
  try {
    const user = await deactivateUser({ ...parsed.data, actor: actorOf(admin) });
    revalidatePath(USERS_PATH);
    return { ok: true, message: `${user.email} was deactivated.` };
  } catch (error) {
    return refused(error);
  }
}

// Admin: lets a deactivated staff member sign in again.
export async function reactivateUserAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const admin = await requireActionUser("admin");
  const parsed = userIdSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return { ok: false, message: "Unknown user." };
  try {
    const user = await reactivateUser({ ...parsed.data, actor: actorOf(admin) });
    revalidatePath(USERS_PATH);
    return { ok: true, message: `${user.email} can sign in again.` };
  } catch (error) {
    return refused(error);
  }
}
