"use server";
// Sign-in, sign-out and the users page. The users page's actions go through the action pipeline;
// signing in and out come before and after a session, so they talk to Better Auth directly.
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { auth } from "../auth/auth";
import { formAction } from "./pipeline";
import type { ActionState } from "../ui/action-state";
import { createUserSchema, INVALID_CREDENTIALS_MESSAGE, safeNextPath, setRoleSchema, signInSchema, userIdSchema } from "../auth/schemas";
import { TOO_MANY_ATTEMPTS_MESSAGE } from "../auth/throttle";
import { createUser, deactivateUser, reactivateUser, setUserRole, UserChangeError } from "../auth/users";

// What every users-page action shares: admins only; a refused change (the last active admin, one's
// own account) comes back as its message; the page is revalidated.
const USERS_PAGE = { role: "admin" as const, refusals: [UserChangeError], revalidate: ["/settings/users"] };

// A text field of a submitted form ("" when missing or a file).
function formValue(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === "string" ? value : "";
}

function errorStatus(error: unknown): { status?: number; code?: string } {
  const e = error as { statusCode?: number; status?: number | string; body?: { code?: string } };
  return { status: typeof e.statusCode === "number" ? e.statusCode : undefined, code: e.body?.code };
}

// Signs in through Better Auth (so the same throttling hook runs as for HTTP), then goes to ?next=.
export async function signInAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const parsed = signInSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) {
    return { ok: false, message: INVALID_CREDENTIALS_MESSAGE, fieldErrors: parsed.error.flatten().fieldErrors, values: { email: formValue(formData, "email") } };
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

// Admin: creates a staff account with a role and an initial password.
export const createUserAction = formAction({
  ...USERS_PAGE,
  input: createUserSchema,
  invalidMessage: "Check the highlighted fields.",
  run: async ({ input, actor }) => {
    const user = await createUser({ ...input, actor });
    return { ok: true, message: `${user.email} can now sign in as ${user.role}.` };
  },
});

// Admin: makes a staff member admin or support (never leaving no active admin).
export const setUserRoleAction = formAction({
  ...USERS_PAGE,
  input: setRoleSchema,
  invalidMessage: "Choose a role.",
  run: async ({ input, actor }) => {
    const user = await setUserRole({ ...input, actor });
    return { ok: true, message: `${user.email} is now ${user.role}.` };
  },
});

// Admin: deactivates a staff account and ends its sessions.
export const deactivateUserAction = formAction({
  ...USERS_PAGE,
  input: userIdSchema,
  invalidMessage: "Unknown user.",
  run: async ({ input, actor }) => {
    const user = await deactivateUser({ ...input, actor });
    return { ok: true, message: `${user.email} was deactivated.` };
  },
});

// Admin: lets a deactivated staff member sign in again.
export const reactivateUserAction = formAction({
  ...USERS_PAGE,
  input: userIdSchema,
  invalidMessage: "Unknown user.",
  run: async ({ input, actor }) => {
    const user = await reactivateUser({ ...input, actor });
    return { ok: true, message: `${user.email} can sign in again.` };
  },
});
