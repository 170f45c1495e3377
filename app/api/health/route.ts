// Liveness and readiness in one: 200 once the database answers (the embedded one starts lazily).
import { db } from "@/lib/db";

export const dynamic = "force-dynamic";

export async function GET() {
  try {
    await db.$queryRaw`SELECT 1`;
    return Response.json({ status: "ok" });
  } catch (error) {
    return Response.json({ status: "unavailable", error: (error as Error).message }, { status: 503 });
  }
}
