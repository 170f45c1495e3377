// Tests' view of a profile's activity, opened as the app opens it: by the profile's key row, which
// outlives a plain delete and is what forgetting deletes (so capture keyIdOf before a suppress).
import { db } from "../db";
import { Prisma, type Workspace } from "../generated/prisma/client";
import { ACTIVITY_COLUMNS, ACTIVITY_FROM, openActivity, type RawActivity } from "../activity/open-activity";

// The key row of a living person or of a profile deleted without suppression.
export async function keyIdOf(workspaceId: string, cioId: string): Promise<string> {
  const [row] = await db.$queryRaw<{ id: string }[]>`
    SELECT COALESCE((SELECT key_id FROM person WHERE workspace_id = ${workspaceId} AND cio_id = ${cioId}),
      (SELECT id FROM profile_key WHERE workspace_id = ${workspaceId} AND cio_id = ${cioId}))::text AS id`;
  if (!row?.id) throw new Error(`no key row for ${cioId}`);
  return row.id;
}

// Every row sealed under (or pointing at) these key rows, oldest first, opened.
export async function activityOfKeys(workspace: Pick<Workspace, "id" | "hashSecret">, keyIds: string[], where: Prisma.Sql = Prisma.empty) {
  const raw = await db.$queryRaw<RawActivity[]>`
    SELECT ${ACTIVITY_COLUMNS} FROM ${ACTIVITY_FROM}
    WHERE a.workspace_id = ${workspace.id} AND a.key_id = ANY(${keyIds}::bigint[]) ${where}
    ORDER BY a.id`;
  return raw.map((row) => {
    const opened = openActivity(workspace, row);
    return { ...opened, name: opened.payload.name, data: opened.payload.data, clientEventId: opened.payload.clientEventId, sealed: row.sealed };
  });
}

// A living person's (or a plainly deleted profile's) activity, opened.
export async function activityOf(workspace: Pick<Workspace, "id" | "hashSecret">, cioId: string) {
  return activityOfKeys(workspace, [await keyIdOf(workspace.id, cioId)]);
}

// Rows of the workspace still readable: their key row exists (a living or plainly deleted profile).
export async function readableActivityCount(workspaceId: string, cioIds?: string[]): Promise<number> {
  const [row] = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM activity a JOIN profile_key k ON k.id = a.key_id
    WHERE a.workspace_id = ${workspaceId} ${cioIds ? Prisma.sql`AND k.cio_id = ANY(${cioIds}::text[])` : Prisma.empty}`;
  return row.n;
}

// Rows of the workspace whose key row is gone (forgotten), of one type.
export async function forgottenActivityCount(workspaceId: string, type: string): Promise<number> {
  const [row] = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM activity a
    WHERE a.workspace_id = ${workspaceId} AND a.type = ${type}::"ActivityType"
      AND (a.forgotten OR NOT EXISTS (SELECT 1 FROM profile_key k WHERE k.id = a.key_id))`;
  return row.n;
}
