// The demo workspace: people with realistic attributes, segments, activity, email suppression
// entries, two staff users and a Track API credential. Bulk SQL in batches, so a million people is
// a matter of minutes, not hours. People are created through the identifier claims, so a suppressed
// (or otherwise taken) id or email never comes back as a demo person.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import type { Workspace } from "../generated/prisma/client";
import { db } from "../db";
import { recordAudit } from "../audit/record-audit";
import { createUser, UserChangeError } from "../auth/users";
import { createApiKey, listApiKeys } from "../api-keys/api-keys";
import { rebuildSegmentMembership } from "../segments/membership";
import { DEMO_SEGMENTS, DEMO_MANUAL_SEGMENT, demoEspSuppressions } from "./demo-data";
import { resolveDemoPassword } from "./demo-password";
import { seedPeople, type Log } from "./seed-people";
import { demoPasswordFile } from "./seed-policy";

export const DEMO_USERS = [
  { email: "admin@example.com", name: "Ada Admin", role: "admin" as const },
  { email: "support@example.com", name: "Sam Support", role: "support" as const },
];
// The audit entry that marks a database as seeded: present once any seed has run.
const SEEDED_ACTION = "demo.seed";

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
