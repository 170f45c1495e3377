// What of Better Auth is reachable over HTTP at /api/auth/*: only the endpoints the app itself uses.
// Everything else (the admin plugin's impersonate, set-role, ban, set-user-password, remove-user,
// create-user, list-users…, sign-up, password reset, account linking) answers 404 before Better Auth
// sees the request: those changes go through lib/auth/users.ts, which audits them and keeps an active
// admin. Server-side `auth.api.*` calls don't go over HTTP and are not affected.
import { auth } from "./auth";

const AUTH_BASE_PATH = "/api/auth";

// method + path (below AUTH_BASE_PATH). Sign-in and sign-out run as Server Actions through auth.api;
// the HTTP forms are kept for scripts and the e2e suite (same throttling), and get-session for tools.
export const ALLOWED_AUTH_ENDPOINTS: ReadonlySet<string> = new Set(["POST /sign-in/email", "POST /sign-out", "GET /get-session"]);

// Whether an HTTP request may reach Better Auth. The path is compared exactly as the URL parser
// normalized it, so an encoded or trailing-slash variant is simply not on the list.
function isAllowedAuthRequest(request: Request): boolean {
  const { pathname } = new URL(request.url);
  if (!pathname.startsWith(`${AUTH_BASE_PATH}/`)) return false;
  return ALLOWED_AUTH_ENDPOINTS.has(`${request.method.toUpperCase()} ${pathname.slice(AUTH_BASE_PATH.length)}`);
}

// The route handler of app/api/auth/[...all]: the allow-list, then Better Auth.
export async function handleAuthRequest(request: Request): Promise<Response> {
  if (!isAllowedAuthRequest(request)) return Response.json({ message: "Not Found" }, { status: 404 });
  return auth.handler(request);
}
