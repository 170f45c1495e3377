import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { uniqueToken } from "../test/factories";
import { ValidationError } from "../errors";
import { exportEspSuppressionsCsv } from "./export";
import { importEspSuppressionsCsv } from "./import";
import { addEspSuppression, insertEspEntries, removeEspSuppressionByEmail, removeEspSuppressions } from "./mutations";
import {
  countEspSuppressions,
  countEspSuppressionsByType,
  findEspSuppressedEmails,
  findEspSuppressionDailyCounts,
  findEspSuppressions,
  findEspSuppressionsByEmail,
} from "./queries";

const actor = { type: "user" as const, id: "user_test" };

// A workspace of its own per test, so counts are exact whatever else runs.
async function newWorkspace() {
  const id = uniqueToken("ws_");
  await db.workspace.create({ data: { id, name: id, hashSecret: "0".repeat(64) } });
  return id;
}

async function collect(generator: AsyncGenerator<string>) {
  let out = "";
  for await (const chunk of generator) out += chunk;
  return out;
}

describe("[ESP] email suppression list", () => {
  // Starting (and migrating) the worker's database is slow on a busy machine: not part of a test.
  beforeAll(async () => {
    await db.$queryRaw`SELECT 1`;
  });

  it("adds an address once per type, normalized, with an audit entry and no address in it", async () => {
    const workspaceId = await newWorkspace();
    const first = await addEspSuppression({ workspaceId, input: { email: " Jane.Doe@Example.COM ", type: "bounces", reason: "550 gone", statusCode: "550" }, origin: "admin", actor });
    expect(first.isNew).toBe(true);
    const again = await addEspSuppression({ workspaceId, input: { email: "jane.doe@example.com", type: "bounces" }, origin: "api", actor });
    expect(again).toEqual({ isNew: false, receiptId: null });
    await addEspSuppression({ workspaceId, input: { email: "jane.doe@example.com", type: "blocks" }, origin: "api", actor });

    const { rows, total } = await findEspSuppressions({ workspaceId });
    expect(total).toEqual({ count: 2, isExact: true });
    const bounce = rows.find((row) => row.type === "bounces")!;
    expect(bounce).toMatchObject({ email: "Jane.Doe@Example.COM", reason: "550 gone", statusCode: 550, origin: "admin" });

    const audit = await db.auditEntry.findMany({ where: { workspaceId }, orderBy: { id: "asc" } });
    expect(audit.map((entry) => entry.action)).toEqual(["esp_suppression.add", "esp_suppression.add"]);
    expect(audit[0].receiptId).toBe(first.receiptId);
    expect(JSON.stringify(audit.map((entry) => entry.details))).not.toMatch(/jane/i);
  });

  it("rejects a bad email or type with a validation error and stores nothing", async () => {
    const workspaceId = await newWorkspace();
    await expect(addEspSuppression({ workspaceId, input: { email: "not-an-email", type: "bounces" }, origin: "admin", actor })).rejects.toThrow(ValidationError);
    await expect(
      addEspSuppression({ workspaceId, input: { email: "a@b.co", type: "nope" as "bounces" }, origin: "admin", actor }),
    ).rejects.toThrow(ValidationError);
    expect((await findEspSuppressions({ workspaceId })).rows).toHaveLength(0);
  });

  it("filters by type, searches by domain and by email prefix, and pages newest first", async () => {
    const workspaceId = await newWorkspace();
    await insertEspEntries({
      workspaceId,
      origin: "recipient",
      entries: [
        { email: "ann@alpha.test", type: "bounces" },
        { email: "bob@alpha.test", type: "blocks" },
        { email: "bob@beta.test", type: "bounces" },
        { email: "b_x@beta.test", type: "spam_reports" },
        { email: "carl@gamma.test", type: "invalid_emails" },
      ],
    });
    const emails = async (filter: Parameters<typeof findEspSuppressions>[0]) =>
      (await findEspSuppressions(filter)).rows.map((row) => `${row.email}/${row.type}`).sort();

    expect(await emails({ workspaceId, type: "bounces" })).toEqual(["ann@alpha.test/bounces", "bob@beta.test/bounces"]);
    expect(await emails({ workspaceId, search: "@ALPHA.test" })).toEqual(["ann@alpha.test/bounces", "bob@alpha.test/blocks"]);
    expect(await emails({ workspaceId, search: "@alpha.test", type: "blocks" })).toEqual(["bob@alpha.test/blocks"]);
    expect(await emails({ workspaceId, search: "Bob" })).toEqual(["bob@alpha.test/blocks", "bob@beta.test/bounces"]);
    // _ is a literal, not a LIKE wildcard
    expect(await emails({ workspaceId, search: "b_" })).toEqual(["b_x@beta.test/spam_reports"]);

    const counts = await countEspSuppressionsByType({ workspaceId });
    expect(counts.all).toEqual({ count: 5, isExact: true });
    expect(counts.bounces.count).toBe(2);
    expect(counts.invalid_emails.count).toBe(1);
    expect(await countEspSuppressions({ workspaceId, search: "@beta.test" })).toEqual({ count: 2, isExact: true });

    const page1 = await findEspSuppressions({ workspaceId, pageSize: 2, page: 1 });
    const page3 = await findEspSuppressions({ workspaceId, pageSize: 2, page: 3 });
    expect(page1.rows).toHaveLength(2);
    expect(page3.rows).toHaveLength(1);
    expect(page1.total.count).toBe(5);
  });

  it("tells which emails are listed, case-insensitively, and finds all types of one address", async () => {
    const workspaceId = await newWorkspace();
    await insertEspEntries({ workspaceId, origin: "api", entries: [{ email: "Zed@Example.test", type: "bounces" }, { email: "zed@example.test", type: "blocks" }] });
    const listed = await findEspSuppressedEmails({ workspaceId, emailKeys: ["ZED@example.test", "other@example.test"] });
    expect([...listed]).toEqual(["zed@example.test"]);
    expect((await findEspSuppressionsByEmail({ workspaceId, email: "zed@EXAMPLE.test" })).map((row) => row.type).sort()).toEqual(["blocks", "bounces"]);
  });

  it("removes selected entries and one address per type, with audit counts", async () => {
    const workspaceId = await newWorkspace();
    await insertEspEntries({ workspaceId, origin: "admin", entries: ["a", "b", "c"].map((n) => ({ email: `${n}@x.test`, type: "bounces" as const })) });
    const { rows } = await findEspSuppressions({ workspaceId });
    const removed = await removeEspSuppressions({ workspaceId, ids: rows.slice(0, 2).map((row) => row.id), actor });
    expect(removed.removed).toBe(2);
    expect(await removeEspSuppressions({ workspaceId: "elsewhere", ids: [rows[2].id], actor })).toEqual({ removed: 0, receiptId: null });
    expect((await removeEspSuppressionByEmail({ workspaceId, type: "bounces", email: rows[2].email.toUpperCase(), actor })).removed).toBe(true);
    expect((await removeEspSuppressionByEmail({ workspaceId, type: "bounces", email: rows[2].email, actor })).removed).toBe(false);
    const audit = await db.auditEntry.findMany({ where: { workspaceId, action: "esp_suppression.remove" }, orderBy: { id: "asc" } });
    expect(audit.map((entry) => entry.count)).toEqual([2, 1]);
  });

  it("imports a CSV in two steps: the preview counts and reports bad rows, the apply inserts", async () => {
    const workspaceId = await newWorkspace();
    await insertEspEntries({ workspaceId, origin: "admin", entries: [{ email: "old@imp.test", type: "bounces" }] });
    const csv = [
      "Email,Type,Reason,Status Code",
      "new1@imp.test,bounces,gone,550",
      "NEW2@imp.test,,,",
      "not-an-email,blocks,,",
      "old@imp.test,bounces,,",
      "new1@imp.test,bounces,dup,",
      "new3@imp.test,weird,,",
      "new4@imp.test,spam_reports,,abc",
    ].join("\n");
    const preview = await importEspSuppressionsCsv({ workspaceId, input: csv, defaultType: "blocks", apply: false, actor });
    expect(preview).toMatchObject({ isApplied: false, rows: 7, valid: 3, toAdd: 2, alreadyListed: 1, duplicates: 1, invalid: 3, added: 0 });
    expect(preview.errors.map((error) => error.line)).toEqual([4, 7, 8]);
    expect(preview.errors[0].message).toMatch(/valid email/);
    expect(preview.byType).toMatchObject({ bounces: 1, blocks: 1 });
    expect((await countEspSuppressions({ workspaceId })).count).toBe(1);

    const applied = await importEspSuppressionsCsv({ workspaceId, input: Buffer.from(csv), defaultType: "blocks", apply: true, actor });
    expect(applied).toMatchObject({ isApplied: true, added: 2, invalid: 3 });
    expect(applied.receiptId).toMatch(/^rcpt_/);
    expect((await findEspSuppressions({ workspaceId, type: "blocks" })).rows.map((row) => row.email)).toEqual(["NEW2@imp.test"]);
    const audit = await db.auditEntry.findFirstOrThrow({ where: { workspaceId, action: "esp_suppression.import" } });
    expect(audit.count).toBe(2);
  });

  it("reports a file without an email column", async () => {
    const workspaceId = await newWorkspace();
    const summary = await importEspSuppressionsCsv({ workspaceId, input: "address,type\na@b.test,bounces\n", apply: false, actor });
    expect(summary.invalid).toBe(1);
    expect(summary.errors[0].message).toMatch(/no email column/);
  });

  it("exports every matching row across keyset pages, and the export imports back", async () => {
    const workspaceId = await newWorkspace();
    const entries = Array.from({ length: 23 }, (_, i) => ({ email: `user${i}@exp.test`, type: i % 2 ? ("bounces" as const) : ("blocks" as const), reason: i === 0 ? "=HYPERLINK(1)" : "r" }));
    await insertEspEntries({ workspaceId, origin: "recipient", entries });
    // Same created_at for several rows, so the keyset must break ties by id.
    await db.$executeRaw`UPDATE esp_suppression SET created_at = '2026-01-01' WHERE workspace_id = ${workspaceId} AND email LIKE 'user1%'`;

    const csv = await collect(exportEspSuppressionsCsv({ workspaceId }, 4));
    const lines = csv.trim().split("\n");
    expect(lines[0]).toBe("email,type,reason,status_code,origin,created_at");
    expect(lines).toHaveLength(24);
    expect(new Set(lines.slice(1).map((line) => line.split(",")[0])).size).toBe(23);
    expect(csv).toContain("'=HYPERLINK(1)");

    const bounces = await collect(exportEspSuppressionsCsv({ workspaceId, type: "bounces" }, 5));
    expect(bounces.trim().split("\n")).toHaveLength(12);

    const other = await newWorkspace();
    const summary = await importEspSuppressionsCsv({ workspaceId: other, input: csv, apply: true, actor });
    expect(summary).toMatchObject({ added: 23, invalid: 0 });
  });

  it("counts new entries per day and type over the last 90 days", async () => {
    const workspaceId = await newWorkspace();
    await insertEspEntries({ workspaceId, origin: "recipient", entries: [{ email: "a@d.test", type: "bounces" }, { email: "b@d.test", type: "bounces" }, { email: "c@d.test", type: "spam_reports" }] });
    await db.$executeRaw`UPDATE esp_suppression SET created_at = now() - interval '200 days' WHERE workspace_id = ${workspaceId} AND email = 'c@d.test'`;
    const days = await findEspSuppressionDailyCounts({ workspaceId, isCached: false });
    expect(days).toHaveLength(90);
    const today = days[days.length - 1];
    expect(today.day).toBe(new Date().toISOString().slice(0, 10));
    expect(today.bounces).toBe(2);
    expect(days.reduce((sum, day) => sum + day.spam_reports, 0)).toBe(0);
  });
});
