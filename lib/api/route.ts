// The route kit: one wrapper for every Track API (Basic site_id:api_key) and App API (Bearer) route
// handler, and one for the routes the app's own pages call with the staff member's session cookie
// (staffRoute): authenticate, hand the handler its params, workspace and actor, and turn whatever it
// returns or throws into the API's responses ({"meta":{"errors":[…]}}). Each route file stays a few lines.
import "server-only";
import type { z } from "zod";
import type { Actor } from "../audit/record-audit";
import { verifyAppAuth, verifyTrackAuth } from "../api-keys/verify";
import { auth } from "../auth/auth";
import { actorOf, isAuthorizationError, requireRequestUser, type SessionUser } from "../auth/guard";
import type { Workspace } from "../generated/prisma/client";
import { getWorkspace } from "../workspace/workspace";
import { enforceTrackRateLimit, guardRead } from "./rate-limit";
import { errorResponse, errorToResponse, jsonResponse, parseWith, readJsonBody, type NotFoundStatus } from "./http";

type ApiKind = "track" | "app";

type Verified = { apiKey: { id: string }; workspace: Workspace };

export type ApiCall<P> = {
  request: Request;
  params: P;
  workspace: Workspace;
  actor: Actor;
  // Reads the JSON body (≤ limit, 1 MB by default, else 413), validates it (400 on bad JSON or schema).
  json: <T>(schema: z.ZodType<T>, emptyAs?: unknown, limit?: number) => Promise<T>;
  // Counts `items` against TRACK_RATE_LIMIT (429 past it). Only routes built with `{ rateCost: "items" }`
  // call it, once they know their count; every other Track route costs 1, counted before the handler.
  chargeItems: (items: number) => Promise<void>;
};

type RouteOptions = { notFound?: NotFoundStatus; rateCost?: "request" | "items" };

// What Next passes a route handler: params is a Promise since Next 15.
export type RouteContext<P> = { params: Promise<P> };
export type RouteHandler<P> = (request: Request, context: RouteContext<P>) => Promise<Response>;

const CHALLENGES: Record<ApiKind, string> = {
  track: 'Basic realm="Track API", charset="UTF-8"',
  app: 'Bearer realm="App API"',
};

// Checks the Authorization header against the kind's keys; null when missing, wrong or revoked.
async function authenticate(kind: ApiKind, request: Request): Promise<Verified | null> {
  const header = request.headers.get("authorization");
  if (!header) return null;
  return kind === "track" ? verifyTrackAuth(header) : verifyAppAuth(header);
}

function unauthorized(kind: ApiKind): Response {
  return errorResponse(401, ["unauthorized: check your credentials"], { "www-authenticate": CHALLENGES[kind] });
}

function toResponse(result: unknown): Response {
  if (result instanceof Response) return result;
  return jsonResponse(result ?? {});
}

// Builds a route handler for `kind`. The handler returns a Response, a JSON-able value, or nothing
// (→ 200 {}); domain errors become 400/404/409 (`notFound` picks what NotFoundError means).
// Track calls count against TRACK_RATE_LIMIT (per workspace, in items); App API calls against
// READ_RATE_LIMIT (per key), and run under READ_STATEMENT_TIMEOUT_MS.
function apiRoute<P = Record<string, never>>(
  kind: ApiKind,
  handle: (call: ApiCall<P>) => Promise<unknown>,
  options: RouteOptions = {},
): RouteHandler<P> {
  const notFound = options.notFound ?? (kind === "track" ? 400 : 404);
  const chargedByHandler = kind === "track" && options.rateCost === "items";
  return async (request, context) => {
    try {
      const verified = await authenticate(kind, request);
      if (!verified) return unauthorized(kind);
      if (kind === "track" && !chargedByHandler) await enforceTrackRateLimit(verified.workspace.id);
      const params = (await context?.params) ?? ({} as P);
      const call: ApiCall<P> = {
        request,
        params,
        workspace: verified.workspace,
        actor: { type: "api_key", id: verified.apiKey.id },
        json: async (schema, emptyAs, limit) => parseWith(schema, await readJsonBody(request, emptyAs, limit)),
        chargeItems: async (items) => {
          if (chargedByHandler) await enforceTrackRateLimit(verified.workspace.id, items);
        },
      };
      if (kind === "app") return toResponse(await guardRead({ apiKeyId: verified.apiKey.id }, () => handle(call)));
      return toResponse(await handle(call));
    } catch (error) {
      return errorToResponse(error, notFound);
    }
  };
}

export const trackRoute = <P = Record<string, never>>(handle: (call: ApiCall<P>) => Promise<unknown>, options?: RouteOptions) =>
  apiRoute<P>("track", handle, options);

export const appRoute = <P = Record<string, never>>(handle: (call: ApiCall<P>) => Promise<unknown>, options?: { notFound?: NotFoundStatus }) =>
  apiRoute<P>("app", handle, options);

// A handler for the verbs a route doesn't serve: 405 with the Allow header listing those it does.
export function methodNotAllowed(...allowed: string[]): () => Promise<Response> {
  const allow = allowed.join(", ");
  return () => Promise.resolve(errorResponse(405, [`method not allowed; use ${allow}`], { allow }));
}


type StaffCall<P> = { request: Request; params: P; user: SessionUser; actor: Actor; workspace: Workspace };

const FOREIGN_ORIGIN_MESSAGE = "This request must come from the app's own pages.";

// Whether the request comes from the app's own pages. The session cookie rides along on other sites'
// requests too (a link, an <img>, a form), so the browser's own word decides: Sec-Fetch-Site, which a
// page can't set, must be same-origin (or none for a GET or HEAD: typed or bookmarked by the user, no
// other site involved); an Origin header, when sent, must be one Better Auth trusts for its own
// endpoints (BETTER_AUTH_URL, localhost and 127.0.0.1 on the port, TRUSTED_ORIGINS). A request with
// neither (no browser sends that) is refused: nothing then proves where it came from.
async function isSameOriginRequest(request: Request): Promise<boolean> {
  const site = request.headers.get("sec-fetch-site");
  const origin = request.headers.get("origin");
  if (site !== null) {
    const isRead = request.method === "GET" || request.method === "HEAD";
    if (site !== "same-origin" && !(site === "none" && isRead)) return false;
  }
  if (origin !== null) return origin !== "null" && (await auth.$context).isTrustedOrigin(origin);
  return site !== null;
}

// Builds a route handler for signed-in staff (admins only with `role: "admin"`), GET or POST: a
// request from elsewhere is 403, no session 401, the wrong role 403, all in the error envelope. The
// handler returns a Response or a JSON-able value; what it throws maps as in the Track API (HttpError
// as is, 400/404/409, else 500).
export function staffRoute<P = Record<string, never>>(
  handle: (call: StaffCall<P>) => Promise<unknown>,
  options: { role?: "admin" } = {},
): (request: Request, context?: RouteContext<P>) => Promise<Response> {
  return async (request, context) => {
    try {
      if (!(await isSameOriginRequest(request))) return errorResponse(403, [FOREIGN_ORIGIN_MESSAGE]);
      const user = await requireRequestUser(request, options.role);
      const params = (await context?.params) ?? ({} as P);
      return toResponse(await handle({ request, params, user, actor: actorOf(user), workspace: await getWorkspace() }));
    } catch (error) {
      if (isAuthorizationError(error)) return errorResponse(error.status, [error.message]);
      return errorToResponse(error);
    }
  };
}
