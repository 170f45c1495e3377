// Segment writes: create, update, delete, and manual membership. A data-driven segment's membership is
// rebuilt in the same call, so a saved segment is immediately countable from segment_membership.
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { db } from "../db";
import { NotFoundError, ValidationError } from "../errors";
import { Prisma } from "../generated/prisma/client";
import { conditionSchema, referencedSegmentIds, type Condition } from "./conditions";
import type { PeopleSet as SelectedPeople } from "../database/people-set";
import { rebuildSegmentMembership } from "./membership";

export const segmentInputSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("data_driven"), name: z.string().trim().min(1, "Name is required").max(100), condition: conditionSchema }),
  z.object({ kind: z.literal("manual"), name: z.string().trim().min(1, "Name is required").max(100) }),
]);
export type SegmentInput = z.infer<typeof segmentInputSchema>;

function newSegmentId(): string {
  return `seg_${randomBytes(8).toString("hex")}`;
}

// Refuses a filter that refers (directly or through other segments) back to the segment itself, or
// to a segment that doesn't exist in the workspace.
async function assertNoCycle(workspaceId: string, segmentId: string, condition: Condition) {
  const segments = await db.segment.findMany({ where: { workspaceId }, select: { id: true, filter: true, kind: true } });
  const byId = new Map(segments.map((s) => [s.id, s]));
  const visit = (refs: string[], seen: Set<string>) => {
    for (const ref of refs) {
      if (ref === segmentId) throw new ValidationError("A segment can't refer to itself, directly or through other segments.");
      const target = byId.get(ref);
      if (!target) throw new ValidationError("The filter refers to a segment that doesn't exist.");
      if (seen.has(ref) || target.kind !== "data_driven") continue;
      seen.add(ref);
      const parsed = conditionSchema.safeParse(target.filter);
      if (parsed.success) visit(referencedSegmentIds(parsed.data), seen);
    }
  };
  visit(referencedSegmentIds(condition), new Set());
}

// Checked up front so that the usual case is a clear message rather than a constraint error; the
// unique index still decides a race.
async function assertNameFree(workspaceId: string, name: string, exceptId?: string) {
  const taken = await db.segment.findFirst({ where: { workspaceId, name, ...(exceptId ? { id: { not: exceptId } } : {}) }, select: { id: true } });
  if (taken) throw new ValidationError("A segment with this name already exists.");
}

function uniqueNameError(error: unknown): never {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
    throw new ValidationError("A segment with this name already exists.");
  }
  throw error;
}

// Creates a segment; a data-driven one gets its members computed before returning.
export async function createSegment({ workspaceId, input }: { workspaceId: string; input: SegmentInput }): Promise<{ id: string; members: number }> {
  const id = newSegmentId();
  await assertNameFree(workspaceId, input.name);
  if (input.kind === "data_driven") await assertNoCycle(workspaceId, id, input.condition);
  await db.segment
    .create({
      data: {
        id,
        workspaceId,
        name: input.name,
        kind: input.kind,
        filter: input.kind === "data_driven" ? (input.condition as Prisma.InputJsonValue) : Prisma.DbNull,
      },
    })
    .catch(uniqueNameError);
  const { members } = await rebuildSegmentMembership({ workspaceId, segmentId: id });
  return { id, members };
}

// Renames a segment and, for a data-driven one, replaces its filter and rebuilds its members (and
// those of segments that refer to it). The kind can't change.
export async function updateSegment({
  workspaceId,
  segmentId,
  input,
}: {
  workspaceId: string;
  segmentId: string;
  input: SegmentInput;
}): Promise<{ members: number }> {
  const existing = await db.segment.findFirst({ where: { id: segmentId, workspaceId }, select: { kind: true } });
  if (!existing) throw new NotFoundError("segment not found");
  if (existing.kind !== input.kind) throw new ValidationError("A segment's kind can't change.");
  await assertNameFree(workspaceId, input.name, segmentId);
  if (input.kind === "data_driven") await assertNoCycle(workspaceId, segmentId, input.condition);
  await db.segment
    .update({
      where: { id: segmentId },
      data: { name: input.name, ...(input.kind === "data_driven" ? { filter: input.condition } : {}) },
    })
    .catch(uniqueNameError);
  return rebuildSegmentMembership({ workspaceId, segmentId });
}

// Deletes a segment (memberships cascade). Refused while another segment's filter refers to it.
export async function deleteSegment({ workspaceId, segmentId }: { workspaceId: string; segmentId: string }): Promise<void> {
  const segments = await db.segment.findMany({ where: { workspaceId, kind: "data_driven" }, select: { id: true, name: true, filter: true } });
  const dependent = segments.find((s) => {
    const parsed = conditionSchema.safeParse(s.filter);
    return s.id !== segmentId && parsed.success && referencedSegmentIds(parsed.data).includes(segmentId);
  });
  if (dependent) throw new ValidationError(`Segment "${dependent.name}" refers to this one; change its filter first.`);
  const { count } = await db.segment.deleteMany({ where: { id: segmentId, workspaceId } });
  if (count === 0) throw new NotFoundError("segment not found");
}

async function manualSegment(workspaceId: string, segmentId: string) {
  const segment = await db.segment.findFirst({ where: { id: segmentId, workspaceId }, select: { kind: true } });
  if (!segment) throw new NotFoundError("segment not found");
  if (segment.kind !== "manual") throw new ValidationError("People can only be added to or removed from manual segments.");
}

// The people a selection names, limited to this workspace: explicit cio_ids, or a selection statement.
function selectionSource(workspaceId: string, selection: SelectedPeople): Prisma.Sql {
  return "cioIds" in selection
    ? Prisma.sql`SELECT p.cio_id FROM person p WHERE p.workspace_id = ${workspaceId} AND p.cio_id = ANY(${selection.cioIds}::text[])`
    : selection.sql;
}

// Adds people (by cio_id, or everyone a selection statement returns) to a manual segment. Returns how many joined.
export async function addPeopleToSegment({ workspaceId, segmentId, selection }: { workspaceId: string; segmentId: string; selection: SelectedPeople }): Promise<number> {
  await manualSegment(workspaceId, segmentId);
  return db.$executeRaw`
    INSERT INTO segment_membership (segment_id, cio_id)
    SELECT ${segmentId}, s.cio_id FROM (${selectionSource(workspaceId, selection)}) s
    ON CONFLICT DO NOTHING`;
}

// Removes people (by cio_id, or everyone a selection statement returns) from a manual segment. Returns how many left.
export async function removePeopleFromSegment({ workspaceId, segmentId, selection }: { workspaceId: string; segmentId: string; selection: SelectedPeople }): Promise<number> {
  await manualSegment(workspaceId, segmentId);
  return db.$executeRaw`
    DELETE FROM segment_membership
    WHERE segment_id = ${segmentId} AND cio_id IN (SELECT s.cio_id FROM (${selectionSource(workspaceId, selection)}) s)`;
}
