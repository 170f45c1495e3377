// A cheap first gate (Next 16's middleware): signed-out visitors of app pages go to /login without
// rendering anything. It only looks for the session cookie; the real check is lib/auth/guard.ts.
import { getSessionCookie } from "better-auth/cookies";
import { NextResponse, type NextRequest } from "next/server";

const REQUEST_PATH_HEADER = "x-people-admin-path";

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const requestHeaders = new Headers(request.headers);
  // Lets a page send the visitor back here after signing in (see requirePageUser).
  requestHeaders.set(REQUEST_PATH_HEADER, `${pathname}${search}`);

  const isNavigation = request.method === "GET" || request.method === "HEAD";
  if (isNavigation && !getSessionCookie(request)) {
    const login = new URL("/login", request.url);
    if (pathname !== "/") login.searchParams.set("next", `${pathname}${search}`);
    return NextResponse.redirect(login);
  }
  return NextResponse.next({ request: { headers: requestHeaders } });
}

export const config = {
  // Everything but the login page, the APIs (their own auth), Next's assets and static files.
  matcher: ["/((?!login|api/|v1/|_next/|icon\\.svg|favicon\\.ico|robots\\.txt).*)"],
};
