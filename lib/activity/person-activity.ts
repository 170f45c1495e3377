// One living person's activity, opened, a keyset page at a time: the access export (oldest first)
// and the App API (newest first, by type and by name). Names are sealed, so a name filter opens rows
// as it goes and stops after a bounded scan, handing back where it stopped.
import "server-only";
import { db } from "../db";
import { Prisma, type Workspace } from "../generated/prisma/client";
import { ACTIVITY_COLUMNS, ACTIVITY_FROM, openActivity, type OpenedActivity, type RawActivity } from "./open-activity";

export type ActivityPosition = { timestamp: Date; id: bigint };

// Oldest first after `after` (timestamp, id), at most `take`.
export async function readPersonActivityOldestFirst(options: {
  workspace: Pick<Workspace, "id" | "hashSecret">;
  cioId: string;
  after: ActivityPosition | null;
  take: number;
}): Promise<OpenedActivity[]> {
  const { workspace, after } = options;
  const seek = after
    ? Prisma.sql`AND (a.timestamp > ${after.timestamp} OR (a.timestamp = ${after.timestamp} AND a.id > ${after.id}))`
    : Prisma.empty;
  const raw = await db.$queryRaw<RawActivity[]>`
    SELECT ${ACTIVITY_COLUMNS}
    FROM ${ACTIVITY_FROM}
    WHERE a.key_id = (SELECT key_id FROM person WHERE cio_id = ${options.cioId} AND workspace_id = ${workspace.id}) ${seek}
    ORDER BY a.timestamp, a.id
    LIMIT ${options.take}`;
  return raw.map((r) => openActivity(workspace, r));
}

// Rows a name filter opens per request at most before it answers with what it found so far.
const NAME_SCAN_LIMIT = 10_000;
const SCAN_PAGE = 500;

// Newest first (by id) before `beforeId`, optionally of one type and one name: up to `limit` rows and
// the id to continue below (null when there is nothing older).
export async function readPersonActivityNewestFirst(options: {
  workspace: Pick<Workspace, "id" | "hashSecret">;
  cioId: string;
  type?: string;
  name?: string;
  beforeId: bigint | null;
  limit: number;
}): Promise<{ rows: OpenedActivity[]; continueBelow: bigint | null }> {
  const { workspace, name, limit } = options;
  const found: OpenedActivity[] = [];
  let below = options.beforeId;
  let scanned = 0;
  for (;;) {
    const take = name === undefined ? limit + 1 : SCAN_PAGE;
    const raw = await db.$queryRaw<RawActivity[]>`
      SELECT ${ACTIVITY_COLUMNS}
      FROM ${ACTIVITY_FROM}
      WHERE a.key_id = (SELECT key_id FROM person WHERE cio_id = ${options.cioId} AND workspace_id = ${workspace.id})
        ${options.type ? Prisma.sql`AND a.type = ${options.type}::"ActivityType"` : Prisma.empty}
        ${below !== null ? Prisma.sql`AND a.id < ${below}` : Prisma.empty}
      ORDER BY a.id DESC
      LIMIT ${take}`;
    for (const row of raw) {
      const opened = openActivity(workspace, row);
      scanned++;
      if (name !== undefined && opened.payload.name !== name) {
        below = opened.id;
        continue;
      }
      if (found.length === limit) return { rows: found, continueBelow: found[found.length - 1].id };
      found.push(opened);
      below = opened.id;
    }
    if (raw.length < take) return { rows: found, continueBelow: null };
    if (name !== undefined && scanned >= NAME_SCAN_LIMIT) return { rows: found, continueBelow: below };
  }
}
