// Authenticates API requests: Track API by HTTP Basic (site_id:api_key), App API by Bearer token.
// The secret's SHA-256 is compared in constant time; revoked, unknown and malformed credentials
// all get null. Hot path (the Track API must do ≥ 1,000 req/s): keys are cached per process for
// KEY_CACHE_MS (revoking in this process drops the cache at once; other processes follow within
// that time), and last_used_at is written at most once a minute per key, without waiting for it.
import { timingSafeEqual } from "node:crypto";
import type { ApiKey, Workspace } from "../generated/prisma/client";
import { db } from "../db";
import { ensureBootstrapApiKeys, hashApiKeySecret, onApiKeysChanged } from "./api-keys";

export type VerifiedApiKey = { apiKey: ApiKey; workspace: Workspace };

export const KEY_CACHE_MS = 5_000;
export const LAST_USED_EVERY_MS = 60_000;
const MAX_CREDENTIAL_LENGTH = 1024;
// Compared against when no key matched, so that a miss costs the same as a wrong secret.
const DUMMY_HASH = hashApiKeySecret("no such key");

type CacheEntry = { apiKey: ApiKey | null; at: number };
const byLookup = new Map<string, CacheEntry>();
const lastTouched = new Map<string, number>();
onApiKeysChanged(() => byLookup.clear());

// Constant-time equality of two hex SHA-256 digests.
export function hashesMatch(expectedHex: string, actualHex: string): boolean {
  const expected = Buffer.from(expectedHex, "hex");
  const actual = Buffer.from(actualHex, "hex");
  if (expected.length !== 32 || actual.length !== 32) {
    timingSafeEqual(actual.length === 32 ? actual : Buffer.alloc(32), Buffer.alloc(32));
    return false;
  }
  return timingSafeEqual(expected, actual);
}

async function findKey(lookup: string, find: () => Promise<ApiKey | null>): Promise<ApiKey | null> {
  const now = Date.now();
  const cached = byLookup.get(lookup);
  if (cached && now - cached.at < KEY_CACHE_MS) return cached.apiKey;
  const apiKey = await find();
  if (apiKey) {
    if (byLookup.size > 10_000) byLookup.clear();
    byLookup.set(lookup, { apiKey, at: now });
  }
  return apiKey;
}

function touch(apiKey: ApiKey): void {
  const now = Date.now();
  const last = Math.max(lastTouched.get(apiKey.id) ?? 0, apiKey.lastUsedAt?.getTime() ?? 0);
  if (now - last < LAST_USED_EVERY_MS) return;
  lastTouched.set(apiKey.id, now);
  void db.apiKey
    .updateMany({
      where: { id: apiKey.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now - LAST_USED_EVERY_MS) } }] },
      data: { lastUsedAt: new Date(now) },
    })
    .catch((error) => console.error("api key: could not record last use", error));
}

async function accept(apiKey: ApiKey | null, secret: string, kind: ApiKey["kind"]): Promise<VerifiedApiKey | null> {
  const isMatch = hashesMatch(apiKey?.keyHash ?? DUMMY_HASH, hashApiKeySecret(secret));
  if (!apiKey || !isMatch || apiKey.kind !== kind || apiKey.revokedAt) return null;
  const workspace = await db.workspace.findUnique({ where: { id: apiKey.workspaceId } });
  if (!workspace) return null;
  touch(apiKey);
  return { apiKey, workspace };
}

// "Basic base64(site_id:api_key)" → { site id, key }, or null when malformed.
export function parseBasicAuth(header: string | null | undefined): { siteId: string; key: string } | null {
  if (!header || header.length > MAX_CREDENTIAL_LENGTH) return null;
  const match = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header);
  if (!match) return null;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon <= 0) return null;
  const siteId = decoded.slice(0, colon);
  const key = decoded.slice(colon + 1);
  return siteId && key ? { siteId, key } : null;
}

// "Bearer <token>" → token, or null when malformed.
export function parseBearerAuth(header: string | null | undefined): string | null {
  if (!header || header.length > MAX_CREDENTIAL_LENGTH) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : null;
}

// Track API: HTTP Basic site_id:api_key → the key and its workspace, or null (answer 401).
export async function verifyTrackAuth(authorizationHeader: string | null): Promise<VerifiedApiKey | null> {
  const credentials = parseBasicAuth(authorizationHeader);
  if (!credentials) return null;
  await ensureBootstrapApiKeys();
  const apiKey = await findKey(`site:${credentials.siteId}`, () =>
    db.apiKey.findUnique({ where: { siteId: credentials.siteId } }),
  );
  return accept(apiKey, credentials.key, "track");
}

// App API: Bearer token → the key and its workspace, or null (answer 401).
export async function verifyAppAuth(authorizationHeader: string | null): Promise<VerifiedApiKey | null> {
  const token = parseBearerAuth(authorizationHeader);
  if (!token) return null;
  await ensureBootstrapApiKeys();
  const keyHash = hashApiKeySecret(token);
  const apiKey = await findKey(`hash:${keyHash}`, () => db.apiKey.findUnique({ where: { keyHash } }));
  return accept(apiKey, token, "app");
}
