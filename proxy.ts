// Runs before every page (Next 16's middleware): gives each page request a fresh CSP nonce (see
// lib/security/content-security-policy.ts), and sends signed-out visitors of app pages to /login
// without rendering anything. It only looks for the session cookie; the real check is lib/auth/guard.ts.
import { getSessionCookie } from "better-auth/cookies";
import { NextResponse, type NextRequest } from "next/server";
import { NONCE_HEADER, newNonce, pageContentSecurityPolicy } from "./lib/security/content-security-policy";

const REQUEST_PATH_HEADER = "x-people-admin-path";
// Pages anyone may see (the verify page checks certificates of erasure for anyone who holds one).
const PUBLIC_PAGES = new Set(["/login", "/receipts/verify"]);

// An API path whose percent-encoding doesn't decode (%zz, %C3%28, an encoded lone surrogate): Next's
// router fails to match it against a dynamic route and answers a bare 500 before any route code runs,
// so it is refused here with the APIs' error envelope.
function undecodablePath(pathname: string): boolean {
  try {
    for (const segment of pathname.split("/")) decodeURIComponent(segment);
    return false;
  } catch {
    return true;
  }
}

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (API_PATH.test(pathname)) {
    if (!undecodablePath(pathname)) return NextResponse.next();
    return NextResponse.json({ meta: { errors: ["the path is not valid percent-encoded UTF-8"] } }, { status: 400, headers: { "cache-control": "no-store" } });
  }
  const nonce = newNonce();
  const csp = pageContentSecurityPolicy({ nonce, isDevelopment: process.env.NODE_ENV === "development" });
  const requestHeaders = new Headers(request.headers);
  // Lets a page send the visitor back here after signing in (see requirePageUser).
  requestHeaders.set(REQUEST_PATH_HEADER, `${pathname}${search}`);
  // Next takes the nonce for its own scripts from the request's CSP header.
  requestHeaders.set("content-security-policy", csp);
  requestHeaders.set(NONCE_HEADER, nonce);

  let response: NextResponse;
  const isNavigation = request.method === "GET" || request.method === "HEAD";
  if (isNavigation && !PUBLIC_PAGES.has(pathname) && !getSessionCookie(request)) {
    const login = new URL("/login", request.url);
    if (pathname !== "/") login.searchParams.set("next", `${pathname}${search}`);
    response = NextResponse.redirect(login);
  } else {
    response = NextResponse.next({ request: { headers: requestHeaders } });
  }
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

// The APIs with identifiers in their path, when the path holds a percent sign (see undecodablePath).
const API_PATH = /^\/(?:api\/v1\/customers|api\/v1\/imports|v1\/customers|v1\/esp)\//;

export const config = {
  // Every page, /login included; not the APIs (their own auth; their CSP comes from next.config.js),
  // the public keys under /.well-known/, Next's assets or static files. Second: API paths with a
  // percent-encoded part, checked above.
  matcher: ["/((?!api/|v1/|\\.well-known/|_next/|icon\\.svg|favicon\\.ico|robots\\.txt).*)", "/((?:api/v1/customers|api/v1/imports|v1/customers|v1/esp)/.*%.*)"],
};
