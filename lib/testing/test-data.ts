// The test-data API behind /api/testing/* (only when enabled, see access.ts): lets a Playwright suite
// reset the workspace's people data and create the people, segments and events a test needs, through
// the same domain functions the app uses (identify, trackEvent, createSegment), never a second connection.
import { z } from "zod";
import { db } from "../db";
import { trackEvent } from "../activity/track-event";
import { recordAudit } from "../audit/record-audit";
import { ValidationError } from "../errors";
import { identifyMany } from "../people/identify-many";
import { conditionSchema } from "../segments/condition-schema";
import { addPeopleToSegment, createSegment } from "../segments/segments";
import type { Workspace } from "../generated/prisma/client";

const MAX_TEST_PEOPLE = 5_000;

const attributesSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));

export const createTestPeopleSchema = z
  .object({
    // Explicit people…
    people: z
      .array(z.object({ id: z.string().min(1).max(150).optional(), email: z.string().max(150).optional(), attributes: attributesSchema.optional() }))
      .max(MAX_TEST_PEOPLE)
      .optional(),
    // …or `count` generated ones: id "<prefix>-<n>", email "<prefix>-<n>@example.test", n from 1.
    count: z.number().int().min(1).max(MAX_TEST_PEOPLE).optional(),
    prefix: z.string().regex(/^[A-Za-z0-9_.-]{1,60}$/).optional(),
    // Attributes given to every person (merged under each person's own).
    attributes: attributesSchema.optional(),
    // Events per person ("test_event", type event), so activity shows up.
    events: z.number().int().min(0).max(20).optional(),
    segment: z
      .discriminatedUnion("kind", [
        z.object({ kind: z.literal("manual"), name: z.string().min(1).max(100) }),
        z.object({ kind: z.literal("data_driven"), name: z.string().min(1).max(100), condition: conditionSchema }),
      ])
      .optional(),
  })
  .refine((body) => (body.people ? !body.count : Boolean(body.count && body.prefix)), {
    message: "give either people, or count with prefix",
  });

export type CreateTestPeopleInput = z.infer<typeof createTestPeopleSchema>;

export type CreatedTestPeople = {
  people: { cioId: string; id: string | null; email: string | null }[];
  segment: { id: string; name: string; kind: "manual" | "data_driven"; members: number } | null;
};

// Creates people (through identify, so suppression and segment rules apply), optional events, and an
// optional segment: a manual one holding exactly these people, or a data-driven one over everyone.
export async function createTestPeople({ workspace, input }: { workspace: Workspace; input: CreateTestPeopleInput }): Promise<CreatedTestPeople> {
  const specs =
    input.people ??
    Array.from({ length: input.count! }, (_, i) => ({ id: `${input.prefix}-${i + 1}`, email: `${input.prefix}-${i + 1}@example.test`, attributes: undefined }));
  const rows = specs.map((p) => ({
    identifier: p.id ?? p.email,
    attributes: { ...input.attributes, ...p.attributes, ...(p.id ? { id: p.id } : {}), ...(p.email ? { email: p.email } : {}) },
  }));
  if (rows.some((r) => !r.identifier)) throw new ValidationError("every person needs an id or an email");
  const results = await identifyMany({ workspace, rows, actor: { type: "system" } });
  const rejected = results.map((r, i) => (r.ok ? null : `person ${i + 1}: ${r.reason}`)).filter((r): r is string => r !== null);
  if (rejected.length) throw new ValidationError(rejected);
  const people = results.map((r, i) => ({ cioId: (r as { cioId: string }).cioId, id: specs[i].id ?? null, email: specs[i].email ?? null }));

  for (const person of people) {
    for (let n = 1; n <= (input.events ?? 0); n++) {
      await trackEvent({ workspace, identifier: `cio_${person.cioId}`, event: { name: "test_event", data: { n } } });
    }
  }

  let segment: CreatedTestPeople["segment"] = null;
  if (input.segment) {
    const created = await createSegment({
      workspaceId: workspace.id,
      input: input.segment.kind === "manual" ? { kind: "manual", name: input.segment.name } : { kind: "data_driven", name: input.segment.name, condition: input.segment.condition },
    });
    let members = created.members;
    if (input.segment.kind === "manual") {
      members = await addPeopleToSegment({ workspaceId: workspace.id, segmentId: created.id, selection: { cioIds: people.map((p) => p.cioId) } });
    }
    segment = { id: created.id, name: input.segment.name, kind: input.segment.kind, members };
  }
  return { people, segment };
}

export type TestDataResetCounts = {
  people: number;
  suppressions: number;
  activities: number;
  segments: number;
  deletionJobs: number;
  imports: number;
  espSuppressions: number;
};

// Empties the workspace of people data: people (with their claims and memberships), suppressions,
// activity, segments, deletion jobs, imports and email-suppression entries. Staff users, API keys,
// workspace settings and the audit log stay (sessions and API credentials keep working), and the
// reset itself is audited with what it erased, counts only, so a reset can never hide that
// suppressions were removed.
export async function resetTestData({ workspace }: { workspace: Workspace }): Promise<{ receiptId: string; counts: TestDataResetCounts }> {
  return db.$transaction(
    async (tx) => {
      const id = workspace.id;
      const deletionJobs = await tx.$executeRaw`DELETE FROM deletion_job WHERE workspace_id = ${id}`;
      const imports = await tx.$executeRaw`DELETE FROM person_import WHERE workspace_id = ${id}`;
      const segments = await tx.$executeRaw`DELETE FROM segment WHERE workspace_id = ${id}`;
      await tx.$executeRaw`DELETE FROM identifier_claim WHERE workspace_id = ${id}`;
      const suppressions = await tx.$executeRaw`DELETE FROM suppression WHERE workspace_id = ${id}`;
      const people = await tx.$executeRaw`DELETE FROM person WHERE workspace_id = ${id}`;
      const activities = await tx.$executeRaw`DELETE FROM activity WHERE workspace_id = ${id}`;
      await tx.$executeRaw`DELETE FROM profile_key WHERE workspace_id = ${id}`;
      const espSuppressions = await tx.$executeRaw`DELETE FROM esp_suppression WHERE workspace_id = ${id}`;
      const counts = { people, suppressions, activities, segments, deletionJobs, imports, espSuppressions };
      const receiptId = await recordAudit({
        workspaceId: id,
        actor: { type: "system" },
        action: "test_data.reset",
        count: people,
        details: { description: "test data reset", ...counts },
        tx,
      });
      return { receiptId, counts };
    },
    { timeout: 10 * 60_000 },
  );
}
