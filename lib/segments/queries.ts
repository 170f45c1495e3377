// Reads of segments: the list with member counts (from materialized membership), options for the
// People page filter, and one segment for the editor.
import "server-only";
import { db } from "../db";
import { parseCondition, type Condition } from "./conditions";

type SegmentKindValue = "data_driven" | "manual";
export type SegmentOption = { id: string; name: string; kind: SegmentKindValue };
export type SegmentListRow = SegmentOption & { members: number; updatedAt: Date };

// Every segment of the workspace by name, with its member count.
export async function findSegments({ workspaceId }: { workspaceId: string }): Promise<SegmentListRow[]> {
  const rows = await db.$queryRaw<{ id: string; name: string; kind: SegmentKindValue; updated_at: Date; members: bigint }[]>`
    SELECT s.id, s.name, s.kind::text AS kind, s.updated_at,
           (SELECT count(*) FROM segment_membership sm WHERE sm.segment_id = s.id) AS members
    FROM segment s WHERE s.workspace_id = ${workspaceId} ORDER BY s.name`;
  return rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind, updatedAt: r.updated_at, members: Number(r.members) }));
}

// Segment names for pickers (no counts, so it stays instant).
export async function findSegmentOptions({ workspaceId }: { workspaceId: string }): Promise<SegmentOption[]> {
  return db.segment.findMany({ where: { workspaceId }, select: { id: true, name: true, kind: true }, orderBy: { name: "asc" } });
}

export async function getSegment({
  workspaceId,
  segmentId,
}: {
  workspaceId: string;
  segmentId: string;
}): Promise<(SegmentOption & { condition: Condition | null }) | null> {
  const segment = await db.segment.findFirst({ where: { id: segmentId, workspaceId }, select: { id: true, name: true, kind: true, filter: true } });
  if (!segment) return null;
  return { id: segment.id, name: segment.name, kind: segment.kind, condition: segment.filter ? parseCondition(segment.filter) : null };
}
