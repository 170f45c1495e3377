// Materialized segment membership. Data-driven segments are re-evaluated for the people an identify
// touches (refreshMemberships, inside the caller's transaction) and in bulk when a segment's filter
// changes (rebuildSegmentMembership), so counts and filters read segment_membership, never the jsonb.
import { Prisma } from "../generated/prisma/client";
import { db, type Tx } from "../db";
import { conditionToSql, parseCondition, referencedSegmentIds, type Condition } from "./conditions";

export type DataDrivenSegment = { id: string; condition: Condition };

// Data-driven segments of a workspace grouped into levels: a segment comes after the segments its
// filter refers to, so one statement per level sees its dependencies already refreshed. Segments
// with an unreadable filter, or caught in a reference cycle, are left out.
async function dataDrivenLevels(client: Tx | typeof db, workspaceId: string): Promise<DataDrivenSegment[][]> {
  const rows = await client.$queryRaw<{ id: string; filter: unknown }[]>`
    SELECT id, filter FROM segment WHERE workspace_id = ${workspaceId} AND kind = 'data_driven' ORDER BY id`;
  const segments = new Map<string, DataDrivenSegment>();
  for (const row of rows) {
    const condition = parseCondition(row.filter);
    if (condition) segments.set(row.id, { id: row.id, condition });
  }
  const levels: DataDrivenSegment[][] = [];
  const placed = new Set<string>();
  let pending = [...segments.values()];
  while (pending.length > 0) {
    const ready = pending.filter((s) =>
      referencedSegmentIds(s.condition).every((ref) => ref !== s.id && (placed.has(ref) || !segments.has(ref))),
    );
    if (ready.length === 0) break; // a cycle: the rest can't be ordered
    for (const s of ready) placed.add(s.id);
    levels.push(ready);
    pending = pending.filter((s) => !placed.has(s.id));
  }
  return levels;
}

type CachedLevels = { version: bigint; levels: DataDrivenSegment[][] };
// Per workspace, on globalThis so that every bundle of the app in this process shares one copy.
const cachedLevels = ((globalThis as { __peopleAdminSegmentLevels?: Map<string, CachedLevels> }).__peopleAdminSegmentLevels ??= new Map<string, CachedLevels>());

// dataDrivenLevels of a workspace whose "segments:<workspace id>" cache version (bumped by a trigger
// in every transaction that changes its segments; see lib/sql/cache-versions.ts) the caller has
// just read: the cached copy while that version is current, else read again and kept. Identify reads
// the version in the statement it needs anyway, so a segment change is seen at once, in every process.
export async function dataDrivenLevelsAt(client: Tx | typeof db, workspaceId: string, version: bigint): Promise<DataDrivenSegment[][]> {
  const cached = cachedLevels.get(workspaceId);
  if (cached && cached.version === version) return cached.levels;
  const levels = await dataDrivenLevels(client, workspaceId);
  if (cachedLevels.size > 1_000) cachedLevels.clear();
  cachedLevels.set(workspaceId, { version, levels });
  return levels;
}

// The name of that cache version.
export const segmentsCacheName = (workspaceId: string) => `segments:${workspaceId}`;

// Re-evaluates every data-driven segment for the given people, inside the caller's transaction:
// adds the memberships they now match and removes those they no longer match (one statement per
// dependency level, usually one). `levels` skips reading the segments when the caller has them.
export async function refreshMemberships({
  tx,
  workspaceId,
  cioIds,
  levels,
}: {
  tx: Tx;
  workspaceId: string;
  cioIds: string[];
  levels?: DataDrivenSegment[][];
}): Promise<void> {
  if (cioIds.length === 0) return;
  for (const level of levels ?? (await dataDrivenLevels(tx, workspaceId))) {
    await tx.$executeRaw`
      WITH ${membershipRefreshCtes({ workspaceId, level, people: Prisma.sql`(SELECT * FROM person WHERE workspace_id = ${workspaceId} AND cio_id = ANY(${cioIds}::text[]))`, name: "m" })}
      SELECT 1`;
  }
}

// The same refresh of one level as CTEs ("<name>_wanted", "<name>_removed", "<name>_added") over
// `people`, any relation with person's columns: a statement that writes a person can refresh them
// from its RETURNING rows, which its other parts (reading the snapshot before it) wouldn't see. Only
// valid for segments whose filters don't read memberships this same statement changes (the first level).
export function membershipRefreshCtes({
  workspaceId,
  level,
  people,
  name,
}: {
  workspaceId: string;
  level: DataDrivenSegment[];
  people: Prisma.Sql;
  name: string;
}): Prisma.Sql {
  const wanted = Prisma.raw(`${name}_wanted`);
  const wantedSql = Prisma.join(
    level.map(
      (s) => Prisma.sql`SELECT ${s.id}::text AS segment_id, p.cio_id FROM ${people} p
        WHERE p.workspace_id = ${workspaceId} AND ${conditionToSql({ workspaceId, condition: s.condition })}`,
    ),
    " UNION ALL ",
  );
  return Prisma.sql`${wanted} AS (${wantedSql}),
    ${Prisma.raw(`${name}_removed`)} AS (
      DELETE FROM segment_membership sm
      WHERE sm.cio_id IN (SELECT cio_id FROM ${people} p) AND sm.segment_id = ANY(${level.map((s) => s.id)}::text[])
        AND NOT EXISTS (SELECT 1 FROM ${wanted} w WHERE w.segment_id = sm.segment_id AND w.cio_id = sm.cio_id)
    ),
    ${Prisma.raw(`${name}_added`)} AS (
      INSERT INTO segment_membership (segment_id, cio_id)
      SELECT segment_id, cio_id FROM ${wanted}
      ON CONFLICT DO NOTHING
    )`;
}

// Recomputes one data-driven segment's membership over the whole workspace in two set-based
// statements (and then the segments that refer to it). Manual segments are left as they are.
export async function rebuildSegmentMembership({
  workspaceId,
  segmentId,
  tx,
}: {
  workspaceId: string;
  segmentId: string;
  tx?: Tx;
}): Promise<{ members: number }> {
  const run = async (client: Tx) => {
    const rebuilt = new Set<string>();
    const rebuild = async (id: string) => {
      if (rebuilt.has(id)) return;
      rebuilt.add(id);
      const [segment] = await client.$queryRaw<{ kind: string; filter: unknown }[]>`
        SELECT kind::text AS kind, filter FROM segment WHERE id = ${id} AND workspace_id = ${workspaceId}`;
      if (!segment || segment.kind !== "data_driven") return;
      const condition = parseCondition(segment.filter);
      if (!condition) {
        await client.$executeRaw`DELETE FROM segment_membership WHERE segment_id = ${id}`;
        return;
      }
      const where = conditionToSql({ workspaceId, condition });
      await client.$executeRaw`
        DELETE FROM segment_membership sm
        WHERE sm.segment_id = ${id}
          AND NOT EXISTS (SELECT 1 FROM person p WHERE p.cio_id = sm.cio_id AND p.workspace_id = ${workspaceId} AND ${where})`;
      await client.$executeRaw`
        INSERT INTO segment_membership (segment_id, cio_id)
        SELECT ${id}, p.cio_id FROM person p WHERE p.workspace_id = ${workspaceId} AND ${where}
        ON CONFLICT DO NOTHING`;
      // Segments whose filter refers to this one change with it.
      const dependents = await client.$queryRaw<{ id: string; filter: unknown }[]>`
        SELECT id, filter FROM segment WHERE workspace_id = ${workspaceId} AND kind = 'data_driven' AND id <> ${id}`;
      for (const dependent of dependents) {
        const c = parseCondition(dependent.filter);
        if (c && referencedSegmentIds(c).includes(id)) await rebuild(dependent.id);
      }
    };
    await rebuild(segmentId);
    const [{ count }] = await client.$queryRaw<{ count: bigint }[]>`
      SELECT count(*) AS count FROM segment_membership WHERE segment_id = ${segmentId}`;
    return { members: Number(count) };
  };
  if (tx) return run(tx);
  return db.$transaction(run, { timeout: 10 * 60_000 });
}
