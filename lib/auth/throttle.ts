// Sign-in throttling: at most SIGN_IN_MAX_FAILURES failed sign-ins per SIGN_IN_WINDOW_SECONDS, per
// account and per client IP. Counters live in the rate_limit table, so every app process sees the
// same counts. Each attempt reserves a failure up front (an atomic upsert, so concurrent attempts
// can't all slip past a stale read) and a successful sign-in refunds it. Called from the Better Auth
// hook in auth.ts, which runs for HTTP requests and for auth.api calls from Server Actions alike.
import { createHash, randomUUID } from "node:crypto";
import { db } from "../db";
import { throttleKeyForIp } from "./client-ip";

export const SIGN_IN_MAX_FAILURES = 5;
export const SIGN_IN_WINDOW_SECONDS = 60;
export const TOO_MANY_ATTEMPTS_MESSAGE = "Too many attempts. Please wait a minute and try again.";

export type SignInAttempt = { email: string; ip: string };
export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

// Keys in rate_limit; the account is hashed so staff emails don't sit in a counter table.
function signInThrottleKeys({ email, ip }: SignInAttempt): string[] {
  const account = createHash("sha256").update(email.trim().toLowerCase()).digest("hex").slice(0, 32);
  return [`signin-fail:account:${account}`, `signin-fail:ip:${throttleKeyForIp(ip)}`];
}

type Row = { count: number; last_request: bigint | number };

function retryAfter(windowStart: number, now: number): number {
  return Math.max(1, Math.ceil((windowStart + SIGN_IN_WINDOW_SECONDS * 1000 - now) / 1000));
}

// Refuses while the account or the IP already has the maximum failures in its window; otherwise
// counts this attempt as a failure until settleSignInAttempt says it succeeded.
export async function reserveSignInAttempt(attempt: SignInAttempt, now = Date.now()): Promise<ThrottleDecision> {
  const keys = signInThrottleKeys(attempt);
  const windowStartMin = now - SIGN_IN_WINDOW_SECONDS * 1000;

  const current = await db.$queryRawUnsafe<(Row & { key: string })[]>(
    `SELECT key, count, last_request FROM rate_limit WHERE key = ANY($1::text[]) AND last_request > $2`,
    keys,
    windowStartMin,
  );
  const blocked = current.filter((row) => row.count >= SIGN_IN_MAX_FAILURES);
  if (blocked.length > 0) {
    return { allowed: false, retryAfterSeconds: Math.max(...blocked.map((row) => retryAfter(Number(row.last_request), now))) };
  }

  let decision: ThrottleDecision = { allowed: true };
  for (const key of keys) {
    // last_request holds the start of the key's current window.
    const [row] = await db.$queryRawUnsafe<Row[]>(
      `INSERT INTO rate_limit (id, key, count, last_request) VALUES ($1, $2, 1, $3)
       ON CONFLICT (key) DO UPDATE SET
         count = CASE WHEN rate_limit.last_request <= $4 THEN 1 ELSE rate_limit.count + 1 END,
         last_request = CASE WHEN rate_limit.last_request <= $4 THEN $3 ELSE rate_limit.last_request END
       RETURNING count, last_request`,
      randomUUID(),
      key,
      now,
      windowStartMin,
    );
    if (row && row.count > SIGN_IN_MAX_FAILURES) {
      decision = { allowed: false, retryAfterSeconds: retryAfter(Number(row.last_request), now) };
    }
  }
  return decision;
}

// A successful sign-in gives back the failure its attempt reserved.
export async function settleSignInAttempt(attempt: SignInAttempt): Promise<void> {
  await db.$executeRawUnsafe(
    `UPDATE rate_limit SET count = GREATEST(count - 1, 0) WHERE key = ANY($1::text[])`,
    signInThrottleKeys(attempt),
  );
}
