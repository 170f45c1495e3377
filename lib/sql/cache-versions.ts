// Versions of what app processes cache, shared through the database: triggers (migration
// 20261201122432_cache_version) bump cache_version.<name> in the transaction that changes the data,
// and a process trusts its copy only while the version it was loaded at is still current. Each
// process re-reads the versions at most every CACHE_CHECK_MS (one small query), so a change made
// anywhere (a revoked key, say) reaches every process within that time; a change made in this
// process reaches it at once (forgetCacheVersions).
import { db } from "../db";

export const CACHE_CHECK_MS = 250;

type State = { versions: Map<string, bigint>; checkedAt: number; pending: Promise<Map<string, bigint>> | null };
// On globalThis so that every bundle of the app in this process shares one copy.
const state = ((globalThis as { __peopleAdminCacheVersions?: State }).__peopleAdminCacheVersions ??= {
  versions: new Map<string, bigint>(),
  checkedAt: -Infinity,
  pending: null,
});

async function readVersions(): Promise<Map<string, bigint>> {
  const startedAt = Date.now();
  const rows = await db.$queryRaw<{ name: string; version: bigint }[]>`SELECT name, version FROM cache_version`;
  state.versions = new Map(rows.map((row) => [row.name, BigInt(row.version)]));
  state.checkedAt = startedAt;
  return state.versions;
}

// The version of one cache (0 before its data first changed), as of at most CACHE_CHECK_MS ago.
export async function cacheVersion(name: string): Promise<bigint> {
  if (Date.now() - state.checkedAt >= CACHE_CHECK_MS) {
    state.pending ??= readVersions().finally(() => (state.pending = null));
    await state.pending;
  }
  return state.versions.get(name) ?? 0n;
}

// After this process changed cached data: read the versions again on the next call.
export function forgetCacheVersions(): void {
  state.checkedAt = -Infinity;
}
