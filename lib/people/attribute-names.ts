import "server-only";
import { db } from "../db";

// Attribute names seen on a sample of recent people: suggestions for the condition builder and the
// attribute column picker (a sample, so it stays cheap at a million people).
export async function findAttributeNames({ workspaceId, sample = 500 }: { workspaceId: string; sample?: number }): Promise<string[]> {
  const rows = await db.$queryRaw<{ key: string }[]>`
    SELECT DISTINCT k AS key FROM (
      SELECT p.attributes FROM person p WHERE p.workspace_id = ${workspaceId} ORDER BY p.created_at DESC LIMIT ${sample}
    ) recent, LATERAL jsonb_object_keys(recent.attributes) AS k
    ORDER BY k LIMIT 300`;
  return rows.map((r) => r.key);
}
