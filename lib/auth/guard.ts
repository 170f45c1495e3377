// The one place that decides who may see a page, run a Server Action or call a route handler.
// Pages: no session → /login?next=…, wrong role → the 403 page. Actions and route handlers: an
// AuthorizationError, which Next also answers as HTTP 401/403 when nobody catches it.
import "server-only";
import { cache } from "react";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import type { Actor } from "../audit/record-audit";
import { auth } from "./auth";

type Role = "admin" | "support";
export type SessionUser = { id: string; name: string; email: string; role: Role };

// Set by proxy.ts so that a page can send the visitor back after signing in.
const REQUEST_PATH_HEADER = "x-people-admin-path";

// Thrown when the caller is signed out (401) or lacks the role (403). Its digest is the one Next's
// unauthorized()/forbidden() use, so an uncaught AuthorizationError in a Server Action or route
// handler becomes a 401/403 response rather than a 500.
export class AuthorizationError extends Error {
  readonly status: 401 | 403;
  readonly digest: string;
  constructor(status: 401 | 403, message = status === 401 ? "Sign in to continue." : "You are not allowed to do this.") {
    super(message);
    this.name = "AuthorizationError";
    this.status = status;
    this.digest = `NEXT_HTTP_ERROR_FALLBACK;${status}`;
  }
}

export function isAuthorizationError(error: unknown): error is AuthorizationError {
  return error instanceof AuthorizationError;
}

function toRole(role: string | null | undefined): Role {
  return role === "admin" ? "admin" : "support";
}

// Decides whether `user` may act where `role` is required; returns the user or throws.
export function authorize(user: SessionUser | null, role?: "admin"): SessionUser {
  if (!user) throw new AuthorizationError(401);
  if (role === "admin" && user.role !== "admin") throw new AuthorizationError(403);
  return user;
}

// The staff member whose session cookie these request headers carry, or null (no session, expired,
// or deactivated).
async function userOfHeaders(requestHeaders: Headers): Promise<SessionUser | null> {
  const session = await auth.api.getSession({ headers: requestHeaders });
  if (!session) return null;
  const user = session.user as typeof session.user & { role?: string | null; banned?: boolean | null };
  if (user.banned) return null;
  return { id: user.id, name: user.name, email: user.email, role: toRole(user.role) };
}

// The signed-in staff member of this request, or null. Cached per request, so the layout and the
// page share one lookup.
export const getCurrentUser = cache(async (): Promise<SessionUser | null> => userOfHeaders(await headers()));

// For Server Components: redirects to the login page or renders the 403 page.
export async function requirePageUser(role?: "admin"): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) {
    const path = (await headers()).get(REQUEST_PATH_HEADER);
    redirect(path && path !== "/" ? `/login?next=${encodeURIComponent(path)}` : "/login");
  }
  if (role === "admin" && user.role !== "admin") forbidden();
  return user;
}

// For Server Actions and route handlers: throws AuthorizationError (401/403).
export async function requireActionUser(role?: "admin"): Promise<SessionUser> {
  return authorize(await getCurrentUser(), role);
}

// For a route handler holding its Request: the same check on that request's own headers.
export async function requireRequestUser(request: Request, role?: "admin"): Promise<SessionUser> {
  return authorize(await userOfHeaders(request.headers), role);
}

// The audit log's "who" for a staff member.
export function actorOf(user: Pick<SessionUser, "id">): Actor {
  return { type: "user", id: user.id };
}
