// One wrapper for the route handlers that the app's own pages call with the staff member's session
// cookie, for what a Server Action shouldn't carry (a file upload, streamed under a cap): the
// same-origin check that Next gives Server Actions, the role check, and the API's error envelope
// ({"meta":{"errors":[…]}}). Each route file stays a few lines, like lib/api/route.ts's.
import "server-only";
import type { Actor } from "../audit/record-audit";
import { errorResponse, errorToResponse, HttpError, jsonResponse, refuseDeclaredOver } from "../api/http";
import { EMPTY_FILE_MESSAGE } from "../ui/upload-csv";
import { auth } from "./auth";
import { actorOf, isAuthorizationError, requireRequestUser, type SessionUser } from "./guard";

export type StaffCall = { request: Request; user: SessionUser; actor: Actor };

const FOREIGN_ORIGIN_MESSAGE = "This request must come from the app's own pages.";

// The session cookie rides along on any site's POST to us; only the Origin header tells our pages
// apart. It must be one that Better Auth trusts for its own endpoints (BETTER_AUTH_URL, localhost
// and 127.0.0.1 on the port, TRUSTED_ORIGINS). Browsers send it on every POST made with fetch.
async function isTrustedOrigin(request: Request): Promise<boolean> {
  const origin = request.headers.get("origin");
  if (!origin || origin === "null") return false;
  return (await auth.$context).isTrustedOrigin(origin);
}

// Builds a route handler for signed-in staff (admins only with `role: "admin"`): a missing or foreign
// Origin is 403, no session 401, the wrong role 403. The handler returns a Response or a JSON-able
// value; what it throws maps as in the Track API (HttpError as is, 400/404/409, else 500).
export function staffRoute(handle: (call: StaffCall) => Promise<unknown>, options: { role?: "admin" } = {}) {
  return async (request: Request): Promise<Response> => {
    try {
      if (!(await isTrustedOrigin(request))) return errorResponse(403, [FOREIGN_ORIGIN_MESSAGE]);
      const user = await requireRequestUser(request, options.role);
      const result = await handle({ request, user, actor: actorOf(user) });
      return result instanceof Response ? result : jsonResponse(result ?? {});
    } catch (error) {
      if (isAuthorizationError(error)) return errorResponse(error.status, [error.message]);
      return errorToResponse(error);
    }
  };
}

// The body of a CSV upload from our pages, to stream into an import given the same cap: typed
// text/csv (415 otherwise; a cross-site HTML form can't send that type), refused with `tooLarge` (413)
// when its Content-Length is over `maxBytes`, before any of it is read; 400 when empty.
export function csvUploadBody(request: Request, options: { maxBytes: number; tooLarge: string }): ReadableStream<Uint8Array> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "text/csv") throw new HttpError(415, ["Send the file as the request body with content-type text/csv."]);
  refuseDeclaredOver(request, options.maxBytes, options.tooLarge);
  if (!request.body || request.headers.get("content-length") === "0") throw new HttpError(400, [EMPTY_FILE_MESSAGE]);
  return request.body;
}
