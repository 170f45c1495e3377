// Reads of the activity log: workspace-wide (newest first, by type) and per person. Activity outlives
// its person, so each row says whether its profile still has a person (or was deleted, or forgotten);
// forgotten rows show their type and time only.
import "server-only";
import { db } from "../db";
import { Prisma, type Workspace } from "../generated/prisma/client";
import { ACTIVITY_COLUMNS, ACTIVITY_FROM, openActivity, type RawActivity } from "./open-activity";
import { isActivityCursor, type ActivityTypeValue } from "./search-params";

const ACTIVITY_PAGE_SIZE = 50;

export type ActivityRow = {
  id: string;
  cioId: string | null;
  type: ActivityTypeValue;
  name: string | null;
  timestamp: Date;
  isForgotten: boolean;
  // The person behind cio_id no longer exists (deleted without suppression).
  isPersonDeleted: boolean;
};

type ActivityWorkspace = Pick<Workspace, "id" | "hashSecret">;

function toRow(workspace: ActivityWorkspace, raw: RawActivity): ActivityRow {
  const opened = openActivity(workspace, raw);
  return {
    id: String(opened.id),
    cioId: opened.cioId,
    type: opened.type as ActivityTypeValue,
    name: opened.payload.name,
    timestamp: opened.timestamp,
    isForgotten: opened.isForgotten,
    isPersonDeleted: opened.isPersonDeleted,
  };
}

// One page of the workspace's activity, newest first, optionally of one type, with the cursor of the next page.
export async function findActivity({
  workspace,
  type,
  before,
  pageSize = ACTIVITY_PAGE_SIZE,
}: {
  workspace: ActivityWorkspace;
  type?: ActivityTypeValue;
  before?: string;
  pageSize?: number;
}): Promise<{ rows: ActivityRow[]; nextCursor: string | null }> {
  const typeFilter = type ? Prisma.sql`AND a.type = ${type}::"ActivityType"` : Prisma.empty;
  let seek = Prisma.empty;
  // A cursor that isn't one (hand-edited, say) reads from the newest row rather than failing.
  if (before && isActivityCursor(before)) {
    const [ms, id] = before.split("_");
    const at = new Date(Number(ms)).toISOString();
    seek = Prisma.sql`AND (a.timestamp < ${at}::timestamp(3) OR (a.timestamp = ${at}::timestamp(3) AND a.id < ${BigInt(id)}))`;
  }
  const raw = await db.$queryRaw<RawActivity[]>`
    SELECT ${ACTIVITY_COLUMNS}
    FROM ${ACTIVITY_FROM}
    WHERE a.workspace_id = ${workspace.id} ${typeFilter} ${seek}
    ORDER BY a.timestamp DESC, a.id DESC
    LIMIT ${pageSize + 1}`;
  const rows = raw.slice(0, pageSize).map((r) => toRow(workspace, r));
  const last = rows[rows.length - 1];
  return { rows, nextCursor: raw.length > pageSize && last ? `${last.timestamp.getTime()}_${last.id}` : null };
}

// The most recent activity of one person (the person page).
export async function findPersonActivity({ workspace, cioId, limit = 20 }: { workspace: ActivityWorkspace; cioId: string; limit?: number }): Promise<ActivityRow[]> {
  const raw = await db.$queryRaw<RawActivity[]>`
    SELECT ${ACTIVITY_COLUMNS}
    FROM ${ACTIVITY_FROM}
    WHERE a.key_id = (SELECT key_id FROM person WHERE cio_id = ${cioId} AND workspace_id = ${workspace.id})
    ORDER BY a.timestamp DESC, a.id DESC
    LIMIT ${limit}`;
  return raw.map((r) => toRow(workspace, r));
}
