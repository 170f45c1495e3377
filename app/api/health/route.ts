// Liveness and readiness in one: 200 once the database answers (the embedded one starts lazily).
// A failure says only that: the database's error text (host, user, database names) stays in the log.
import { db } from "@/lib/db";
import { logError } from "@/lib/errors";

export const dynamic = "force-dynamic";

const HEADERS = { "cache-control": "no-store" };

export async function GET() {
  try {
    await db.$queryRaw`SELECT 1`;
    return Response.json({ ok: true }, { headers: HEADERS });
  } catch (error) {
    logError("health: database unavailable", error);
    return Response.json({ ok: false }, { status: 503, headers: HEADERS });
  }
}
