// TRACK_RATE_LIMIT: Customer.io-style fair use, at most N Track API requests per second per
// workspace (off when unset). Counted in the database (one row per workspace, the database's clock),
// so the limit holds for all app processes together; costs one statement per request when on.
import { db } from "../db";
import { HttpError } from "./http";

// The configured limit, or null when off. A value that isn't a positive integer is a setup mistake.
function trackRateLimit(): number | null {
  const raw = process.env.TRACK_RATE_LIMIT?.trim();
  if (!raw || raw === "0") return null;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1) throw new Error("TRACK_RATE_LIMIT must be a positive integer (requests per second per workspace)");
  return limit;
}

// Counts this request against the workspace's current second; throws 429 with Retry-After (the
// seconds until the window that has room) past the limit.
export async function enforceTrackRateLimit(workspaceId: string): Promise<void> {
  const limit = trackRateLimit();
  if (limit === null) return;
  const [row] = await db.$queryRaw<{ count: number }[]>`
    INSERT INTO track_rate AS r (workspace_id, second, count)
    VALUES (${workspaceId}, floor(extract(epoch FROM clock_timestamp()))::bigint, 1)
    ON CONFLICT (workspace_id) DO UPDATE
      SET count = CASE WHEN r.second = EXCLUDED.second THEN r.count + 1 ELSE 1 END, second = EXCLUDED.second
    RETURNING count`;
  if (row.count > limit) {
    throw new HttpError(429, [`rate limit exceeded: at most ${limit} requests per second for this workspace`], { "retry-after": "1" });
  }
}
