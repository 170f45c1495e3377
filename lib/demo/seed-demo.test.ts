import { mkdtempSync, readFileSync, rmSync, statSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { db } from "../db";
import { auth } from "../auth/auth";
import { CLIENT_IP_HEADER } from "../client-ip";
import { ensureEnvAdmin } from "../auth/users";
import { deletePeople } from "../deletion/delete-people";
import { identify } from "../people/identify";
import { suppressIdentifier } from "../deletion/suppress-identifier";
import { createTestWorkspace, uniqueToken } from "../test/factories";
import { demoPerson } from "./demo-data";
import { DEMO_USERS, isDemoSeeded, seedDemo, seedDemoOnce } from "./seed-demo";

const DEMO_EMAILS = DEMO_USERS.map((user) => user.email);
const SYSTEM = { type: "system" } as const;
const quiet = () => {};
const folder = mkdtempSync(path.join(tmpdir(), "seed-demo-"));

afterAll(() => rmSync(folder, { recursive: true, force: true }));
afterEach(() => {
  delete process.env.DEMO_PASSWORD;
  delete process.env.ADMIN_EMAIL;
});

const counts = async (workspaceId: string) => ({
  people: await db.person.count({ where: { workspaceId } }),
  claims: await db.identifierClaim.count({ where: { workspaceId } }),
  activities: await db.activity.count({ where: { workspaceId } }),
  segments: await db.segment.count({ where: { workspaceId } }),
  memberships: await db.segmentMembership.count({ where: { segment: { workspaceId } } }),
  espSuppressions: await db.espSuppression.count({ where: { workspaceId } }),
  users: await db.user.count({ where: { email: { in: DEMO_EMAILS } } }),
  trackKeys: await db.apiKey.count({ where: { workspaceId, kind: "track" } }),
});

async function canSignIn(email: string, password: string): Promise<boolean> {
  try {
    // An address of its own, so this file's attempts never meet another test's throttle counts.
    await auth.api.signInEmail({ body: { email, password }, headers: new Headers({ [CLIENT_IP_HEADER]: "10.9.0.1" }) });
    return true;
  } catch {
    return false;
  }
}

const removeDemoUsers = () => db.user.deleteMany({ where: { email: { in: DEMO_EMAILS } } });

describe("[SEED] demo data", () => {
  it("seeds people with claims, activity, segments, suppression entries, users and a key — and a second run adds nothing", async () => {
    const workspace = await createTestWorkspace();
    await seedDemo({ workspace, people: 120, log: quiet, passwordFile: null });
    const first = await counts(workspace.id);
    expect(first.people).toBe(120);
    expect(first.claims).toBe(240); // id + email per person in email_or_id mode
    expect(first.activities).toBe(600);
    expect(first.segments).toBe(6);
    expect(first.memberships).toBeGreaterThan(0);
    expect(first.espSuppressions).toBe(200);
    expect(first.users).toBe(2);
    expect(first.trackKeys).toBe(1);

    await seedDemo({ workspace, people: 120, log: quiet, passwordFile: null });
    expect(await counts(workspace.id)).toEqual(first);

    // A bigger run tops up without touching the existing people.
    await seedDemo({ workspace, people: 150, log: quiet, passwordFile: null });
    const topped = await counts(workspace.id);
    expect(topped.people).toBe(150);
    expect(topped.activities).toBe(750);
  });

  it("gives the demo users a random password per data folder, printed once and kept owner-only — never a default", async () => {
    await removeDemoUsers();
    const fileA = path.join(folder, "a", "pglite.demo-password");
    const logA: string[] = [];
    await seedDemo({ workspace: await createTestWorkspace(), people: 0, log: (m) => logA.push(m), passwordFile: fileA });
    expect(statSync(fileA).mode & 0o777).toBe(0o600);
    const passwordA = readFileSync(fileA, "utf8").trim();
    expect(passwordA).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(logA.join("\n")).toContain(passwordA);
    expect(await canSignIn("admin@example.com", passwordA)).toBe(true);
    expect(await canSignIn("support@example.com", passwordA)).toBe(true);

    // Users exist: a later run prints no password and leaves the file as it is.
    const again: string[] = [];
    await seedDemo({ workspace: await createTestWorkspace(), people: 0, log: (m) => again.push(m), passwordFile: fileA });
    expect(again.join("\n")).not.toContain(passwordA);
    expect(readFileSync(fileA, "utf8").trim()).toBe(passwordA);

    // Another database (another data folder): another password.
    await removeDemoUsers();
    const fileB = path.join(folder, "b", "pglite.demo-password");
    await seedDemo({ workspace: await createTestWorkspace(), people: 0, log: quiet, passwordFile: fileB });
    const passwordB = readFileSync(fileB, "utf8").trim();
    expect(passwordB).not.toBe(passwordA);
    expect(await canSignIn("admin@example.com", passwordB)).toBe(true);
    expect(await canSignIn("admin@example.com", passwordA)).toBe(false);
  });

  it("uses DEMO_PASSWORD when set, and then keeps no file", async () => {
    await removeDemoUsers();
    process.env.DEMO_PASSWORD = `demo-${uniqueToken()}`;
    const file = path.join(folder, "env", "pglite.demo-password");
    const log: string[] = [];
    await seedDemo({ workspace: await createTestWorkspace(), people: 0, log: (m) => log.push(m), passwordFile: file });
    expect(existsSync(file)).toBe(false);
    expect(log.join("\n")).not.toContain(process.env.DEMO_PASSWORD);
    expect(await canSignIn("support@example.com", process.env.DEMO_PASSWORD)).toBe(true);
  });

  it("leaves a demo address named in ADMIN_EMAIL to the environment admin, which signs in with ADMIN_PASSWORD", async () => {
    await removeDemoUsers();
    process.env.ADMIN_EMAIL = "admin@example.com";
    await seedDemo({ workspace: await createTestWorkspace(), people: 0, log: quiet, passwordFile: null });
    expect(await db.user.findUnique({ where: { email: "admin@example.com" } })).toBeNull();
    expect(await db.user.findUnique({ where: { email: "support@example.com" } })).not.toBeNull();
    const password = `env-${uniqueToken()}`;
    expect((await ensureEnvAdmin({ ADMIN_EMAIL: "admin@example.com", ADMIN_PASSWORD: password }))?.status).toBe("created");
    expect(await canSignIn("admin@example.com", password)).toBe(true);
  });

  it("seeds once per database: after everyone is deleted a restart adds no people and no users", async () => {
    const workspace = await createTestWorkspace();
    expect(await seedDemoOnce({ workspace, people: 30, log: quiet, passwordFile: null })).toBe(true);
    expect(await isDemoSeeded(workspace)).toBe(true);
    const everyone = await db.person.findMany({ where: { workspaceId: workspace.id }, select: { cioId: true } });
    await deletePeople({ workspace, cioIds: everyone.map((p) => p.cioId), suppress: false, actor: SYSTEM });
    await removeDemoUsers();

    expect(await seedDemoOnce({ workspace, people: 30, log: quiet, passwordFile: null })).toBe(false);
    expect(await db.person.count({ where: { workspaceId: workspace.id } })).toBe(0);
    expect(await db.user.count({ where: { email: { in: DEMO_EMAILS } } })).toBe(0);
  });

  it("does not seed demo people into a workspace that has people but no marker", async () => {
    const workspace = await createTestWorkspace();
    await identify({ workspace, identifier: uniqueToken("real-"), attributes: {} });
    expect(await seedDemoOnce({ workspace, people: 30, log: quiet, passwordFile: null })).toBe(false);
    expect(await db.person.count({ where: { workspaceId: workspace.id } })).toBe(1);
    expect(await isDemoSeeded(workspace)).toBe(true);
  });

  it("never brings back a suppressed id or email, nor takes one another person holds", async () => {
    const workspace = await createTestWorkspace();
    await seedDemo({ workspace, people: 20, log: quiet, passwordFile: null });
    await suppressIdentifier({ workspace, identifier: demoPerson(5).id, actor: SYSTEM }); // a seeded person, deleted and suppressed
    await suppressIdentifier({ workspace, identifier: demoPerson(25).id, actor: SYSTEM }); // not seeded yet: a bare id
    await suppressIdentifier({ workspace, identifier: demoPerson(26).email, actor: SYSTEM }); // a bare email
    const other = uniqueToken("other-");
    await identify({ workspace, identifier: other, attributes: { email: demoPerson(27).email } });
    const suppressionClaims = await db.identifierClaim.count({ where: { workspaceId: workspace.id, suppressionId: { not: null } } });

    const log: string[] = [];
    await seedDemo({ workspace, people: 30, log: (m) => log.push(m), passwordFile: null });
    const ids = (await db.person.findMany({ where: { workspaceId: workspace.id }, select: { externalId: true } })).map((p) => p.externalId);
    for (const n of [5, 25, 26, 27]) expect(ids).not.toContain(demoPerson(n).id);
    expect(ids).toContain(other);
    expect(ids).toHaveLength(30 - 4 + 1);
    // Every demo person holds both its claims; the suppressions kept theirs.
    expect(await db.identifierClaim.count({ where: { workspaceId: workspace.id, cioId: { not: null } } })).toBe(2 * 26 + 2);
    expect(await db.identifierClaim.count({ where: { workspaceId: workspace.id, suppressionId: { not: null } } })).toBe(suppressionClaims);
    expect(log.join("\n")).toContain("4 demo people left out");
  });
});
