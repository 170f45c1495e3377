// The demo workspace: people with realistic attributes, segments, activity, email suppression
// entries, two staff users and a Track API credential. Bulk SQL in batches, so a million people is
// a matter of minutes, not hours.
import { randomBytes } from "node:crypto";
import type { Workspace } from "../generated/prisma/client";
import { db } from "../db";
import { hashIdentifier, newCioId } from "../identity/identifiers";
import { createUser } from "../auth/users";
import { createApiKey, listApiKeys } from "../api-keys/api-keys";
import { rebuildSegmentMembership } from "../segments/membership";
import { DEMO_SEGMENTS, DEMO_MANUAL_SEGMENT, demoPerson, demoEspSuppressions } from "./demo-data";

export const DEMO_PASSWORD_DEFAULT = "people-admin-demo";
const BATCH = 10_000;
const ACTIVITIES_PER_PERSON = 5;

type Log = (message: string) => void;

// Seeds (or tops up) the demo workspace to `people` people and everything around them.
export async function seedDemo({ workspace, people, log }: { workspace: Workspace; people: number; log: Log }) {
  const password = process.env.DEMO_PASSWORD ?? DEMO_PASSWORD_DEFAULT;
  await seedUsers(password, log);
  const added = await seedPeople(workspace, people, log);
  await seedSegments(workspace, log);
  await seedEspSuppressions(workspace, log);
  await seedTrackCredential(workspace, log);
  if (added > 0) await db.$executeRawUnsafe("ANALYZE");
}

async function seedUsers(password: string, log: Log) {
  for (const user of [
    { email: "admin@example.com", name: "Ada Admin", role: "admin" as const },
    { email: "support@example.com", name: "Sam Support", role: "support" as const },
  ]) {
    if (await db.user.findUnique({ where: { email: user.email } })) continue;
    await createUser({ ...user, password });
    log(`user ${user.email} (${user.role}) created`);
  }
}

// Inserts demo people number 1..target that don't exist yet, with their identifier claims and
// ~5 activities each. Returns how many were added.
async function seedPeople(workspace: Workspace, target: number, log: Log): Promise<number> {
  const started = performance.now();
  let added = 0;
  for (let from = 1; from <= target; from += BATCH) {
    const to = Math.min(target, from + BATCH - 1);
    const batch = Array.from({ length: to - from + 1 }, (_, i) => demoPerson(from + i));
    const cioIds = batch.map(() => newCioId());
    const inserted = await db.$queryRawUnsafe<{ cio_id: string }[]>(
      `INSERT INTO person (cio_id, workspace_id, external_id, email, email_key, attributes, unsubscribed, created_at, updated_at)
       SELECT c, $1, x, e, lower(e), a::jsonb, u, to_timestamp(t), to_timestamp(t2)
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::boolean[], $7::float8[], $8::float8[]) AS r(c, x, e, a, u, t, t2)
       ON CONFLICT (workspace_id, external_id) DO NOTHING
       RETURNING cio_id`,
      workspace.id,
      cioIds,
      batch.map((p) => p.id),
      batch.map((p) => p.email),
      batch.map((p) => JSON.stringify(p.attributes)),
      batch.map((p) => p.unsubscribed),
      batch.map((p) => p.createdAt),
      batch.map((p) => p.updatedAt),
    );
    if (inserted.length === 0) continue;
    const isNew = new Set(inserted.map((row) => row.cio_id));
    const fresh = batch.map((p, i) => ({ ...p, cioId: cioIds[i] })).filter((p) => isNew.has(p.cioId));

    const claimKinds: string[] = [];
    const claimHashes: string[] = [];
    const claimCioIds: string[] = [];
    for (const p of fresh) {
      claimKinds.push("id");
      claimHashes.push(hashIdentifier(workspace, "id", p.id));
      claimCioIds.push(p.cioId);
      if (workspace.identificationMode === "email_or_id") {
        claimKinds.push("email");
        claimHashes.push(hashIdentifier(workspace, "email", p.email.toLowerCase()));
        claimCioIds.push(p.cioId);
      }
    }
    await db.$executeRawUnsafe(
      `INSERT INTO identifier_claim (workspace_id, kind, value_hash, cio_id)
       SELECT $1, k::"IdentifierKind", h, c FROM unnest($2::text[], $3::text[], $4::text[]) AS r(k, h, c)
       ON CONFLICT DO NOTHING`,
      workspace.id,
      claimKinds,
      claimHashes,
      claimCioIds,
    );
    await db.$executeRawUnsafe(
      `INSERT INTO activity (workspace_id, cio_id, type, name, data, timestamp, created_at)
       SELECT $1, p.cio_id,
              (CASE WHEN g = 1 THEN 'profile_created' WHEN g % 2 = 0 THEN 'event' ELSE 'page' END)::"ActivityType",
              CASE WHEN g = 1 THEN NULL WHEN g % 2 = 0 THEN (ARRAY['purchase','login','add_to_cart','checkout'])[1 + (g + length(p.cio_id)) % 4] ELSE '/pricing' END,
              CASE WHEN g = 1 THEN NULL ELSE jsonb_build_object('amount', g * 10, 'currency', 'EUR') END,
              p.created_at + (g - 1) * interval '3 days', p.created_at + (g - 1) * interval '3 days'
       FROM person p CROSS JOIN generate_series(1, $3::int) AS g
       WHERE p.cio_id = ANY($2::text[])`,
      workspace.id,
      fresh.map((p) => p.cioId),
      ACTIVITIES_PER_PERSON,
    );
    added += fresh.length;
    if (target >= 100_000 && (added % 100_000 < BATCH || to === target)) {
      const seconds = (performance.now() - started) / 1000;
      log(`  ${added.toLocaleString("en-US")} people (${Math.round(added / seconds).toLocaleString("en-US")}/s)`);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  log(
    added > 0
      ? `people: ${added.toLocaleString("en-US")} added with ${ACTIVITIES_PER_PERSON} activities each in ${seconds.toFixed(1)} s (${Math.round(added / seconds).toLocaleString("en-US")} people/s)`
      : `people: all ${target.toLocaleString("en-US")} demo people already exist`,
  );
  return added;
}

async function seedSegments(workspace: Workspace, log: Log) {
  for (const segment of DEMO_SEGMENTS) {
    const row = await db.segment.upsert({
      where: { workspaceId_name: { workspaceId: workspace.id, name: segment.name } },
      update: {},
      create: { id: `seg_${randomBytes(8).toString("hex")}`, workspaceId: workspace.id, name: segment.name, kind: "data_driven", filter: segment.filter },
    });
    await rebuildSegmentMembership({ workspaceId: workspace.id, segmentId: row.id });
  }
  const manual = await db.segment.upsert({
    where: { workspaceId_name: { workspaceId: workspace.id, name: DEMO_MANUAL_SEGMENT.name } },
    update: {},
    create: { id: `seg_${randomBytes(8).toString("hex")}`, workspaceId: workspace.id, name: DEMO_MANUAL_SEGMENT.name, kind: "manual" },
  });
  await db.$executeRawUnsafe(
    `INSERT INTO segment_membership (segment_id, cio_id)
     SELECT $1, cio_id FROM person WHERE workspace_id = $2 AND external_id = ANY($3::text[])
     ON CONFLICT DO NOTHING`,
    manual.id,
    workspace.id,
    DEMO_MANUAL_SEGMENT.memberIds,
  );
  log(`segments: ${DEMO_SEGMENTS.length} data-driven and 1 manual`);
}

async function seedEspSuppressions(workspace: Workspace, log: Log) {
  const entries = demoEspSuppressions();
  await db.$executeRawUnsafe(
    `INSERT INTO esp_suppression (workspace_id, email, email_key, domain, type, reason, status_code, origin, created_at)
     SELECT $1, e, lower(e), split_part(lower(e), '@', 2), t::"EspSuppressionType", r, s, o::"EspSuppressionOrigin", to_timestamp(c)
     FROM unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::float8[]) AS x(e, t, r, s, o, c)
     ON CONFLICT (workspace_id, type, email_key) DO NOTHING`,
    workspace.id,
    entries.map((e) => e.email),
    entries.map((e) => e.type),
    entries.map((e) => e.reason),
    entries.map((e) => e.statusCode),
    entries.map((e) => e.origin),
    entries.map((e) => e.createdAt),
  );
  log(`email suppression list: ${entries.length} demo entries`);
}

// One Track API credential for trying the API; its secret can only be shown when it is created.
async function seedTrackCredential(workspace: Workspace, log: Log) {
  const existing = (await listApiKeys({ workspaceId: workspace.id })).filter((key) => key.kind === "track" && !key.revokedAt);
  if (existing.length > 0) {
    log(`Track API: site id ${existing[0].siteId} (key shown when it was created; make a new one under Settings → API keys)`);
    return;
  }
  const created = await createApiKey({ workspaceId: workspace.id, kind: "track", name: "Demo", actor: { type: "system" } });
  log(`Track API credential (shown once): site id ${created.siteId}, API key ${created.secret}`);
}
