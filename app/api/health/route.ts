// Liveness and readiness in one: 200 once the database answers (the embedded one starts lazily).
// A failure says only that: the database's error text (host, user, database names) stays in the log.
import { logError } from "@/lib/errors";
import { pingDatabase } from "@/lib/sql/health";

export const dynamic = "force-dynamic";

const HEADERS = { "cache-control": "no-store" };

export async function GET() {
  try {
    await pingDatabase();
    return Response.json({ ok: true }, { headers: HEADERS });
  } catch (error) {
    logError("health: database unavailable", error);
    return Response.json({ ok: false }, { status: 503, headers: HEADERS });
  }
}
