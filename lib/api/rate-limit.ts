// The API rate limits, counted in the database (table api_rate, the database's clock) so that they
// hold for all app processes together. Each bucket drains `perSecond` items a second; a call is let in
// while its bucket is below that and then adds what it costs (a request 1, a v2 batch its items), so a
// batch larger than a second's budget still goes, and the calls after it wait until it has drained.
// - TRACK_RATE_LIMIT: Customer.io-style fair use, items per second per workspace (off when unset).
// - READ_RATE_LIMIT: App API calls per second per key, and public reads (certificate verification,
//   the erasure key set) per second per client IP (default 20; 0 turns it off). Those reads also run
//   under READ_STATEMENT_TIMEOUT_MS (guardRead).
import { createHash } from "node:crypto";
import { throttleKeyForIp } from "../client-ip";
import { Prisma } from "../generated/prisma/client";
import { db, withStatementTimeout } from "../db";
import { HttpError } from "./http";

const DEFAULT_READ_RATE_LIMIT = 20;
const DEFAULT_READ_STATEMENT_TIMEOUT_MS = 5000;

function positiveIntegerSetting(name: string, fallback: number | null, what: string): number | null {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  if (raw === "0") return null;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`${name} must be a positive integer (${what}), or 0 for no limit`);
  return limit;
}

// The configured Track limit, or null when off. A value that isn't a positive integer is a setup mistake.
function trackRateLimit(): number | null {
  return positiveIntegerSetting("TRACK_RATE_LIMIT", null, "items per second per workspace");
}

// The configured read limit (App API per key, public reads per IP), or null when off.
export function readRateLimit(): number | null {
  return positiveIntegerSetting("READ_RATE_LIMIT", DEFAULT_READ_RATE_LIMIT, "calls per second per key or client IP");
}

// How long one statement of such a read may run (milliseconds), or null when unlimited.
export function readStatementTimeoutMs(): number | null {
  return positiveIntegerSetting("READ_STATEMENT_TIMEOUT_MS", DEFAULT_READ_STATEMENT_TIMEOUT_MS, "milliseconds per statement of an App API or public read");
}

// Lets a call that costs `cost` items into `key`'s bucket or throws 429 with Retry-After (the seconds
// until the bucket is below the limit again). One statement when let in, two when refused.
async function takeFromBucket(options: { key: string; cost: number; perSecond: number; message: string }): Promise<void> {
  const { key, cost, perSecond } = options;
  const now = Prisma.sql`floor(extract(epoch FROM clock_timestamp()))::bigint`;
  const drained = Prisma.sql`greatest(r.count - ${perSecond}::int * (EXCLUDED.second - r.second), 0)`;
  // A refused call writes nothing (the WHERE), so RETURNING gives no row.
  const taken = await db.$queryRaw<{ count: number }[]>`
    INSERT INTO api_rate AS r (key, second, count) VALUES (${key}, ${now}, ${cost}::int)
    ON CONFLICT (key) DO UPDATE SET count = ${drained} + ${cost}::int, second = EXCLUDED.second
    WHERE ${drained} < ${perSecond}::int
    RETURNING count`;
  if (taken.length > 0) return;
  const [level] = await db.$queryRaw<{ level: bigint }[]>`
    SELECT greatest(count - ${perSecond}::int * (${now} - second), 0) AS level FROM api_rate WHERE key = ${key}`;
  const retryAfter = Math.max(1, Math.ceil((Number(level?.level ?? perSecond) - perSecond + 1) / perSecond));
  throw new HttpError(429, [options.message], { "retry-after": String(retryAfter) });
}

// Counts `items` (1 for a request, n for a batch of n) against the workspace's TRACK_RATE_LIMIT.
export async function enforceTrackRateLimit(workspaceId: string, items = 1): Promise<void> {
  const limit = trackRateLimit();
  if (limit === null) return;
  await takeFromBucket({
    key: `track:${workspaceId}`,
    cost: items,
    perSecond: limit,
    message: `rate limit exceeded: at most ${limit} items per second for this workspace (a request counts 1, a batch its items)`,
  });
}

// Counts one read against READ_RATE_LIMIT: per App API key, or per client IP for the public reads
// (the IP is hashed: a counter table is no place for client addresses).
async function enforceReadRateLimit(caller: ReadCaller): Promise<void> {
  const limit = readRateLimit();
  if (limit === null) return;
  const key = "apiKeyId" in caller ? `read:key:${caller.apiKeyId}` : `read:ip:${createHash("sha256").update(throttleKeyForIp(caller.ip)).digest("hex").slice(0, 32)}`;
  await takeFromBucket({ key, cost: 1, perSecond: limit, message: `rate limit exceeded: at most ${limit} reads per second; retry later` });
}

type ReadCaller = { apiKeyId: string } | { ip: string };

// The App API's calls and the public reads (certificate verification, the erasure key set): counted
// against READ_RATE_LIMIT (429 past it), then run with each statement stopped after
// READ_STATEMENT_TIMEOUT_MS (answered 503), so that nobody with a key, or none, can hold the
// database's connections with slow reads.
export async function guardRead<T>(caller: ReadCaller, run: () => Promise<T>): Promise<T> {
  await enforceReadRateLimit(caller);
  const timeoutMs = readStatementTimeoutMs();
  return timeoutMs === null ? run() : withStatementTimeout(timeoutMs, run);
}
