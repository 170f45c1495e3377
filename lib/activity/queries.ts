// Reads of the activity log: workspace-wide (newest first, by type) and per person. Activity outlives
// its person, so each row says whether its cio_id still belongs to someone; redacted rows carry no
// cio_id, name or data at all.
import "server-only";
import { db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { isActivityCursor, type ActivityTypeValue } from "./search-params";

const ACTIVITY_PAGE_SIZE = 50;

export type ActivityRow = {
  id: string;
  cioId: string | null;
  type: ActivityTypeValue;
  name: string | null;
  timestamp: Date;
  isForgotten: boolean;
  // The person behind cio_id no longer exists (deleted, or deleted and suppressed).
  isPersonDeleted: boolean;
};

type RawActivity = {
  id: bigint;
  cio_id: string | null;
  type: ActivityTypeValue;
  name: string | null;
  timestamp: Date;
  forgotten: boolean;
  person_exists: boolean;
};

function toRow(r: RawActivity): ActivityRow {
  return {
    id: String(r.id),
    cioId: r.cio_id,
    type: r.type,
    name: r.name,
    timestamp: r.timestamp,
    isForgotten: r.forgotten,
    isPersonDeleted: r.cio_id !== null && !r.person_exists,
  };
}

// One page of the workspace's activity, newest first, optionally of one type, with the cursor of the next page.
export async function findActivity({
  workspaceId,
  type,
  before,
  pageSize = ACTIVITY_PAGE_SIZE,
}: {
  workspaceId: string;
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
    SELECT a.id, a.cio_id, a.type::text AS type, a.name, a.timestamp, a.forgotten,
           EXISTS (SELECT 1 FROM person p WHERE p.cio_id = a.cio_id) AS person_exists
    FROM activity a
    WHERE a.workspace_id = ${workspaceId} ${typeFilter} ${seek}
    ORDER BY a.timestamp DESC, a.id DESC
    LIMIT ${pageSize + 1}`;
  const rows = raw.slice(0, pageSize).map(toRow);
  const last = rows[rows.length - 1];
  return { rows, nextCursor: raw.length > pageSize && last ? `${last.timestamp.getTime()}_${last.id}` : null };
}

// The most recent activity of one person (the person page).
export async function findPersonActivity({ workspaceId, cioId, limit = 20 }: { workspaceId: string; cioId: string; limit?: number }): Promise<ActivityRow[]> {
  const raw = await db.$queryRaw<RawActivity[]>`
    SELECT a.id, a.cio_id, a.type::text AS type, a.name, a.timestamp, a.forgotten, TRUE AS person_exists
    FROM activity a
    WHERE a.cio_id = ${cioId} AND a.workspace_id = ${workspaceId}
    ORDER BY a.timestamp DESC, a.id DESC
    LIMIT ${limit}`;
  return raw.map(toRow);
}
