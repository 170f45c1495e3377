// The demo workspace: people with realistic attributes, segments, activity, email suppression
// entries, two staff users and a Track API credential. Bulk SQL in batches, so a million people is
// a matter of minutes, not hours. People are created through the identifier claims, so a suppressed
// (or otherwise taken) id or email never comes back as a demo person.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import type { Workspace } from "../generated/prisma/client";
import { db, type Tx } from "../db";
import { recordAudit } from "../audit/record-audit";
import { hashIdentifier, newCioId, type IdentifierKind } from "../identity/identifiers";
import { insertNewPeopleClaims } from "../identity/insert-claims";
import { lockWorkspaceShared } from "../identity/lock-workspace";
import { transactionWithRetry } from "../identity/retry-transaction";
import { createProfileKeys, insertSealedActivities } from "../profile-keys/bulk";
import { createUser, UserChangeError } from "../auth/users";
import { createApiKey, listApiKeys } from "../api-keys/api-keys";
import { rebuildSegmentMembership } from "../segments/membership";
import { DEMO_SEGMENTS, DEMO_MANUAL_SEGMENT, demoPerson, demoEspSuppressions, type DemoPerson } from "./demo-data";
import { resolveDemoPassword } from "./demo-password";
import { demoPasswordFile } from "./seed-policy";

export const DEMO_USERS = [
  { email: "admin@example.com", name: "Ada Admin", role: "admin" as const },
  { email: "support@example.com", name: "Sam Support", role: "support" as const },
];
// The audit entry that marks a database as seeded: present once any seed has run.
const SEEDED_ACTION = "demo.seed";
const BATCH = 10_000;
const ACTIVITIES_PER_PERSON = 5;

type Log = (message: string) => void;
type SeedOptions = {
  workspace: Workspace;
  people: number;
  log: Log;
  // Where a generated demo password is kept; by default beside the data folder (seed-policy.ts).
  passwordFile?: string | null;
};

// Seeds (or tops up) the demo workspace to `people` people and everything around them, and records
// in the audit log that this database has had demo data.
export async function seedDemo({ workspace, people, log, passwordFile = demoPasswordFile(process.env) }: SeedOptions) {
  const signIn = await seedUsers(passwordFile, log);
  const added = await seedPeople(workspace, people, log);
  await seedSegments(workspace, log);
  await seedEspSuppressions(workspace, log);
  await seedTrackCredential(workspace, log);
  if (added > 0) await db.$executeRawUnsafe("ANALYZE");
  await recordAudit({ workspaceId: workspace.id, actor: { type: "system" }, action: SEEDED_ACTION, count: added, details: { target: people } });
  if (signIn) log(signIn);
}

// Whether demo data was ever seeded into this workspace's database.
export async function isDemoSeeded(workspace: Workspace): Promise<boolean> {
  return (await db.auditEntry.count({ where: { workspaceId: workspace.id, action: SEEDED_ACTION }, take: 1 })) > 0;
}

// Start-up seeding, once per database: the audit marker (not an empty people list) says whether it
// happened, so deleting everyone and restarting brings back neither demo people nor demo users. A
// database that already holds people without the marker (real data, or seeded before the marker
// existed) is marked and left alone. Returns whether it seeded.
export async function seedDemoOnce(options: SeedOptions): Promise<boolean> {
  const { workspace, log } = options;
  if (await isDemoSeeded(workspace)) {
    const file = options.passwordFile === undefined ? demoPasswordFile(process.env) : options.passwordFile;
    log(`demo data: seeded once already, not again${file && existsSync(file) ? ` (demo password kept in ${file})` : ""}`);
    return false;
  }
  if ((await db.person.count({ where: { workspaceId: workspace.id }, take: 1 })) > 0) {
    await recordAudit({ workspaceId: workspace.id, actor: { type: "system" }, action: SEEDED_ACTION, count: 0, details: { skipped: "workspace has people" } });
    log("demo data: the workspace already has people, nothing seeded");
    return false;
  }
  await seedDemo(options);
  return true;
}

// Creates the demo users that don't exist yet, all with one password (see demo-password.ts), and
// returns the sign-in note to print once; null when nobody was created. An ADMIN_EMAIL that is one
// of the demo addresses is left to ensureEnvAdmin, which gives it ADMIN_PASSWORD.
async function seedUsers(passwordFile: string | null, log: Log): Promise<string | null> {
  const envAdmin = process.env.ADMIN_EMAIL?.trim().toLowerCase();
  const missing = [];
  for (const user of DEMO_USERS) {
    if (user.email === envAdmin) continue;
    if (!(await db.user.findUnique({ where: { email: user.email }, select: { id: true } }))) missing.push(user);
  }
  if (!missing.length) return null;
  const demo = resolveDemoPassword(passwordFile);
  const created = [];
  for (const user of missing) {
    try {
      await createUser({ ...user, password: demo.password });
    } catch (error) {
      // Another seed created it meanwhile.
      if (error instanceof UserChangeError && error.field === "email") continue;
      throw error;
    }
    created.push(user);
    log(`user ${user.email} (${user.role}) created`);
  }
  if (!created.length) return null;
  const who = created.map((user) => `${user.email} (${user.role})`).join(", ");
  if (demo.fromEnv) return `Demo sign-in: ${who} with the password in DEMO_PASSWORD`;
  return [
    "",
    "  Demo sign-in (shown once):",
    `    ${who}`,
    `    password: ${demo.password}`,
    demo.file ? `    kept in ${demo.file} (readable only by you)` : "    not kept anywhere: the database is in memory",
    "",
  ].join("\n");
}

// Inserts demo people number 1..target that don't exist yet and whose identifiers are free, with
// their identifier claims and ~5 activities each. Returns how many were added.
async function seedPeople(workspace: Workspace, target: number, log: Log): Promise<number> {
  const started = performance.now();
  let added = 0;
  let refused = 0;
  for (let from = 1; from <= target; from += BATCH) {
    const to = Math.min(target, from + BATCH - 1);
    const batch = Array.from({ length: to - from + 1 }, (_, i) => demoPerson(from + i));
    const cioIds = batch.map(() => newCioId());
    const result = await transactionWithRetry((tx) => insertPeopleBatch(tx, workspace, batch, cioIds));
    added += result.added;
    refused += result.refused;
    if (target >= 100_000 && (added % 100_000 < BATCH || to === target)) {
      const seconds = (performance.now() - started) / 1000;
      log(`  ${added.toLocaleString("en-US")} people (${Math.round(added / seconds).toLocaleString("en-US")}/s)`);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  log(
    added > 0
      ? `people: ${added.toLocaleString("en-US")} added with ${ACTIVITIES_PER_PERSON} activities each in ${seconds.toFixed(1)} s (${Math.round(added / seconds).toLocaleString("en-US")} people/s)`
      : `people: none added, demo people 1 to ${target.toLocaleString("en-US")} exist already`,
  );
  if (refused > 0) log(`people: ${refused.toLocaleString("en-US")} demo people left out, their id or email is suppressed or taken`);
  return added;
}

// One batch, in one transaction: the people rows, then their claims, which decide. A demo person
// whose id or email is already claimed (by a suppression or someone else) is removed again before
// the transaction commits, so nobody ever sees them.
async function insertPeopleBatch(
  tx: Tx,
  workspace: Workspace,
  batch: DemoPerson[],
  cioIds: string[],
): Promise<{ added: number; refused: number }> {
  const current = await lockWorkspaceShared(tx, workspace);
  const inserted = await tx.$queryRawUnsafe<{ cio_id: string }[]>(
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
  if (inserted.length === 0) return { added: 0, refused: 0 };
  const isNew = new Set(inserted.map((row) => row.cio_id));

  const claims: { cioId: string; kind: IdentifierKind; hash: string }[] = [];
  batch.forEach((p, i) => {
    if (!isNew.has(cioIds[i])) return;
    claims.push({ cioId: cioIds[i], kind: "id", hash: hashIdentifier(current, "id", p.id) });
    if (current.identificationMode === "email_or_id") {
      claims.push({ cioId: cioIds[i], kind: "email", hash: hashIdentifier(current, "email", p.email.toLowerCase()) });
    }
  });
  const lost = await insertNewPeopleClaims(tx, workspace.id, claims);
  if (lost.length) {
    await tx.$executeRawUnsafe(`DELETE FROM person WHERE workspace_id = $1 AND cio_id = ANY($2::text[])`, workspace.id, lost);
    for (const cioId of lost) isNew.delete(cioId);
  }
  if (isNew.size === 0) return { added: 0, refused: lost.length };

  const newPeople = batch.flatMap((p, i) => (isNew.has(cioIds[i]) ? [{ cioId: cioIds[i], createdAt: new Date(p.createdAt * 1000) }] : []));
  const keys = await createProfileKeys(tx, current, newPeople.map((p) => p.cioId));
  await insertSealedActivities(tx, current, newPeople.flatMap((p) => demoActivities(p.cioId, p.createdAt).map((a) => ({ ...a, key: keys.get(p.cioId)! }))));
  return { added: isNew.size, refused: lost.length };
}

const DEMO_EVENT_NAMES = ["purchase", "login", "add_to_cart", "checkout"];

// A demo person's history: created, then an event or a page view every 3 days.
function demoActivities(cioId: string, createdAt: Date): { type: string; name: string | null; data: unknown; timestamp: Date }[] {
  return Array.from({ length: ACTIVITIES_PER_PERSON }, (_, i) => {
    const g = i + 1;
    const timestamp = new Date(createdAt.getTime() + i * 3 * 86_400_000);
    if (g === 1) return { type: "profile_created", name: null, data: null, timestamp };
    return {
      type: g % 2 === 0 ? "event" : "page",
      name: g % 2 === 0 ? DEMO_EVENT_NAMES[(g + cioId.length) % 4] : "/pricing",
      data: { amount: g * 10, currency: "EUR" },
      timestamp,
    };
  });
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
