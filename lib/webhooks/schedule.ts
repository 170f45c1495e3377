// When a failed delivery is tried again: the Standard Webhooks schedule (immediately, 5 s, 5 min,
// 30 min, 2 h, 5 h, 10 h, 10 h, …) with ±20 % jitter so that many deliveries failing together don't
// come back together, for up to 3 days after the event; an endpoint failing for 5 days in a row is
// disabled.
const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// RETRY_DELAYS_MS[n]: the wait before attempt n + 1 (the first is immediate); past the end, the last.
const RETRY_DELAYS_MS = [0, 5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR];
export const GIVE_UP_AFTER_MS = 3 * DAY;
export const DISABLE_AFTER_FAILING_MS = 5 * DAY;

// The time of the next attempt after `attempts` failed ones, or null when the event is older than
// GIVE_UP_AFTER_MS by then (given up). random() in [0, 1) picks the jitter.
export function nextAttemptAt(options: { attempts: number; failedAt: Date; createdAt: Date; random?: () => number }): Date | null {
  const base = RETRY_DELAYS_MS[Math.min(options.attempts, RETRY_DELAYS_MS.length - 1)];
  const jitter = 0.8 + 0.4 * (options.random ?? Math.random)();
  const at = new Date(options.failedAt.getTime() + Math.round(base * jitter));
  return at.getTime() - options.createdAt.getTime() > GIVE_UP_AFTER_MS ? null : at;
}
