// Authenticates API requests: Track API by HTTP Basic (site_id:api_key), App API by Bearer token.
// The secret's SHA-256 is compared in constant time; revoked, unknown and malformed credentials
// all get null. Hot path (the Track API must do ≥ 1,000 req/s): keys are cached per process while
// the "api_key" cache version (lib/sql/cache-versions.ts, bumped by a trigger whenever a key is
// created, revoked or deleted) is unchanged: revoking in this process drops the cache at once, every
// other process refuses the key within CACHE_CHECK_MS. last_used_at is written at most once a minute
// per key, without waiting for it.
import { timingSafeEqual } from "node:crypto";
import type { ApiKey, Workspace } from "../generated/prisma/client";
import { db } from "../db";
import { cacheVersion, forgetCacheVersions } from "../sql/cache-versions";
import { logError } from "../errors";
import { onWorkspaceChanged } from "../workspace/workspace";
import { ensureBootstrapApiKeys, hashApiKeySecret, onApiKeysChanged } from "./api-keys";

export type VerifiedApiKey = { apiKey: ApiKey; workspace: Workspace };

const LAST_USED_EVERY_MS = 60_000;
const MAX_CREDENTIAL_LENGTH = 1024;
// Compared against when no key matched, so that a miss costs the same as a wrong secret.
const DUMMY_HASH = hashApiKeySecret("no such key");

// The workspace is cached with its key: the API only needs its id, hashing secret (never changes)
// and identification mode, which identify and the mode switch re-read under a lock anyway.
type CacheEntry = { apiKey: ApiKey; workspace: Workspace; version: bigint };
// On globalThis so that every bundle of the app in this process shares one cache.
const byLookup = ((globalThis as { __peopleAdminVerifiedKeys?: Map<string, CacheEntry> }).__peopleAdminVerifiedKeys ??= new Map<string, CacheEntry>());
const lastTouched = new Map<string, number>();
onApiKeysChanged(forgetVerifiedApiKeys);
onWorkspaceChanged(forgetVerifiedApiKeys);

// Drops the cached keys and workspaces, e.g. after the identification mode changed.
function forgetVerifiedApiKeys(): void {
  byLookup.clear();
  forgetCacheVersions();
}

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

async function findKey(
  lookup: string,
  find: () => Promise<(ApiKey & { workspace: Workspace }) | null>,
): Promise<CacheEntry | null> {
  // Read before the key, so that a key changed meanwhile is cached under an outdated version.
  const version = await cacheVersion("api_key");
  const cached = byLookup.get(lookup);
  if (cached && cached.version === version) return cached;
  const found = await find();
  if (!found) return null;
  const { workspace, ...apiKey } = found;
  if (byLookup.size > 10_000) byLookup.clear();
  const entry = { apiKey, workspace, version };
  byLookup.set(lookup, entry);
  return entry;
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
    .catch((error) => logError("api key: could not record last use", error));
}

function accept(found: CacheEntry | null, secret: string, kind: ApiKey["kind"]): VerifiedApiKey | null {
  const isMatch = hashesMatch(found?.apiKey.keyHash ?? DUMMY_HASH, hashApiKeySecret(secret));
  if (!found || !isMatch || found.apiKey.kind !== kind || found.apiKey.revokedAt) return null;
  touch(found.apiKey);
  return { apiKey: found.apiKey, workspace: found.workspace };
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
function parseBearerAuth(header: string | null | undefined): string | null {
  if (!header || header.length > MAX_CREDENTIAL_LENGTH) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : null;
}

// Track API: HTTP Basic site_id:api_key → the key and its workspace, or null (answer 401).
export async function verifyTrackAuth(authorizationHeader: string | null): Promise<VerifiedApiKey | null> {
  const credentials = parseBasicAuth(authorizationHeader);
  if (!credentials) return null;
  await ensureBootstrapApiKeys();
  const found = await findKey(`site:${credentials.siteId}`, () =>
    db.apiKey.findUnique({ where: { siteId: credentials.siteId }, include: { workspace: true } }),
  );
  return accept(found, credentials.key, "track");
}

// App API: Bearer token → the key and its workspace, or null (answer 401).
export async function verifyAppAuth(authorizationHeader: string | null): Promise<VerifiedApiKey | null> {
  const token = parseBearerAuth(authorizationHeader);
  if (!token) return null;
  await ensureBootstrapApiKeys();
  const keyHash = hashApiKeySecret(token);
  const found = await findKey(`hash:${keyHash}`, () => db.apiKey.findUnique({ where: { keyHash }, include: { workspace: true } }));
  return accept(found, token, "app");
}
