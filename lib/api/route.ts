// One wrapper for every Track API (Basic site_id:api_key) and App API (Bearer) route handler:
// authenticate, hand the handler its params, workspace and actor, and turn whatever it returns or
// throws into Customer.io's responses. Each route file stays a few lines.
import type { z } from "zod";
import type { Actor } from "../audit/record-audit";
import { verifyAppAuth, verifyTrackAuth } from "../api-keys/verify";
import type { Workspace } from "../generated/prisma/client";
import { enforceTrackRateLimit } from "./rate-limit";
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
};

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
function apiRoute<P = Record<string, never>>(
  kind: ApiKind,
  handle: (call: ApiCall<P>) => Promise<unknown>,
  options: { notFound?: NotFoundStatus } = {},
): RouteHandler<P> {
  const notFound = options.notFound ?? (kind === "track" ? 400 : 404);
  return async (request, context) => {
    try {
      const verified = await authenticate(kind, request);
      if (!verified) return unauthorized(kind);
      if (kind === "track") await enforceTrackRateLimit(verified.workspace.id);
      const params = (await context?.params) ?? ({} as P);
      const call: ApiCall<P> = {
        request,
        params,
        workspace: verified.workspace,
        actor: { type: "api_key", id: verified.apiKey.id },
        json: async (schema, emptyAs, limit) => parseWith(schema, await readJsonBody(request, emptyAs, limit)),
      };
      return toResponse(await handle(call));
    } catch (error) {
      return errorToResponse(error, notFound);
    }
  };
}

export const trackRoute = <P = Record<string, never>>(handle: (call: ApiCall<P>) => Promise<unknown>, options?: { notFound?: NotFoundStatus }) =>
  apiRoute<P>("track", handle, options);

export const appRoute = <P = Record<string, never>>(handle: (call: ApiCall<P>) => Promise<unknown>, options?: { notFound?: NotFoundStatus }) =>
  apiRoute<P>("app", handle, options);

// A handler for the verbs a route doesn't serve: 405 with the Allow header listing those it does.
export function methodNotAllowed(...allowed: string[]): () => Promise<Response> {
  const allow = allowed.join(", ");
  return () => Promise.resolve(errorResponse(405, [`method not allowed; use ${allow}`], { allow }));
}

