import { beforeAll, describe, expect, it } from "vitest";
import { Readable } from "node:stream";
import { db } from "../db";
import type { Workspace } from "../generated/prisma/client";
import { suppressIdentifier } from "../deletion/suppress-identifier";
import { createTestWorkspace, uniqueEmail, uniqueToken } from "../test/factories";
import { getImport, importErrorsCsv, importPeople, IMPORT_BATCH_ROWS } from "./import-people";

const actor = { type: "system" } as const;
let workspace: Workspace;

beforeAll(async () => {
  workspace = await createTestWorkspace("email_or_id");
});

describe("[IMPORT] CSV import of people", () => {
  it("creates and updates people from the header's id, email and attribute columns", async () => {
    const [a, b] = [uniqueToken("imp"), uniqueToken("imp")];
    const emailB = uniqueEmail("impb");
    const emailOnly = uniqueEmail("only");
    await db.person.count(); // warm the connection so the import is the only thing timed below
    const first = await importPeople({ workspace, actor, source: `ID,Email,plan\n${a},,pro\n${b},${emailB},team\n` });
    expect(first).toMatchObject({ status: "completed", created: 2, updated: 0, rejected: 0 });

    const second = await importPeople({ workspace, actor, source: `id,plan,seats\n${a},enterprise,10\n\n` });
    expect(second).toMatchObject({ created: 0, updated: 1, rejected: 0 });
    const third = await importPeople({ workspace, actor, source: `email,plan\n${emailOnly},free\n` });
    expect(third).toMatchObject({ created: 1 });

    const personA = await db.person.findFirst({ where: { workspaceId: workspace.id, externalId: a } });
    expect(personA?.attributes).toMatchObject({ plan: "enterprise", seats: "10" });
    const personB = await db.person.findFirst({ where: { workspaceId: workspace.id, externalId: b } });
    expect(personB?.email).toBe(emailB);
    expect(await db.person.count({ where: { workspaceId: workspace.id, emailKey: emailOnly } })).toBe(1);

    const stored = await getImport({ workspace, id: first.id });
    expect(stored).toMatchObject({ status: "completed", created: 2, updated: 0, rejected: 0 });
    const audit = await db.auditEntry.findFirst({ where: { workspaceId: workspace.id, action: "people.import" } });
    expect(audit).not.toBeNull();
  });

  it("rejects suppressed identifiers, invalid emails, over-limit values and rows without id or email, by row number and without the value", async () => {
    const suppressedEmail = uniqueEmail("gone");
    const suppressedId = uniqueToken("goneid");
    await suppressIdentifier({ workspace, identifier: suppressedEmail, actor });
    await suppressIdentifier({ workspace, identifier: suppressedId, actor });
    const ok = uniqueToken("ok");
    const longValue = "v".repeat(1001);
    const csv = [
      "id,email,note",
      `${ok},,fine`, // row 2
      `${uniqueToken("x")},${suppressedEmail},hidden`, // row 3: suppressed email in the row
      `${suppressedId},,hidden`, // row 4: suppressed id
      `${uniqueToken("x")},not-an-email,x`, // row 5
      `${uniqueToken("x")},,${longValue}`, // row 6
      `,,no identifier`, // row 7
    ].join("\n");
    const summary = await importPeople({ workspace, actor, source: csv, fileName: "people.csv" });
    expect(summary).toMatchObject({ created: 1, updated: 0, rejected: 5 });

    const report = await importErrorsCsv({ workspace, id: summary.id });
    const lines = report.trim().split("\n");
    expect(lines[0]).toBe("row,reason");
    expect(lines.slice(1).map((line) => Number(line.split(",")[0]))).toEqual([3, 4, 5, 6, 7]);
    expect(lines[1]).toMatch(/suppressed/);
    expect(lines[2]).toMatch(/suppressed/);
    for (const secret of [suppressedEmail, suppressedId, "not-an-email", longValue]) expect(report).not.toContain(secret);
    expect(await db.person.count({ where: { workspaceId: workspace.id, externalId: suppressedId } })).toBe(0);
  });

  it("streams a file of several batches and counts every row", async () => {
    const prefix = uniqueToken("bulk");
    const total = IMPORT_BATCH_ROWS * 2 + 17;
    function* generate() {
      yield "id,email,n\n";
      for (let i = 0; i < total; i++) yield `${prefix}-${i},${prefix}-${i}@example.test,${i}\n`;
    }
    const summary = await importPeople({ workspace, actor, source: Readable.from(generate()) });
    expect(summary).toMatchObject({ status: "completed", created: total, updated: 0, rejected: 0 });
    expect(await db.person.count({ where: { workspaceId: workspace.id, externalId: { startsWith: `${prefix}-` } } })).toBe(total);
  }, 120_000);

  it("rejects a malformed record by its line, without its content, and keeps the good rows", async () => {
    const summary = await importPeople({
      workspace,
      actor,
      source: `id,note\n${uniqueToken("a")},ok\n${uniqueToken("x")},"secret"oops\n${uniqueToken("b")},fine\n`,
    });
    // csv-parse may lose its footing for the lines after a broken quote: those are rejected too.
    expect(summary).toMatchObject({ status: "completed", created: 1 });
    expect(summary.rejected).toBeGreaterThanOrEqual(1);
    const report = await importErrorsCsv({ workspace, id: summary.id });
    expect(report).toMatch(/^row,reason\n3,malformed CSV/);
    expect(report).not.toContain("secret");
  });

  it("stops at the row cap, keeping the rows before it and saying where", async () => {
    const prefix = uniqueToken("caprows");
    const rows = Array.from({ length: 12 }, (_, i) => `${prefix}-${i},x\n`).join("");
    const summary = await importPeople({ workspace, actor, source: `id,plan\n${rows}`, maxRows: 5 });
    expect(summary).toMatchObject({ status: "failed", limitExceeded: "rows", created: 5, rejected: 0 });
    expect(summary.failure).toBe("the file has more than 5 rows: the import stopped after line 6; split the file and import the rest");
    expect(await db.person.count({ where: { workspaceId: workspace.id, externalId: { startsWith: `${prefix}-` } } })).toBe(5);
    expect(await getImport({ workspace, id: summary.id })).toMatchObject({ status: "failed", created: 5 });
  });

  it("stops a stream at the byte cap without reading the rest, keeping the rows before it", async () => {
    const prefix = uniqueToken("capbytes");
    const header = "id,plan\n";
    const rows = Array.from({ length: 20 }, (_, i) => `${prefix}-${String(i).padStart(2, "0")},x\n`);
    let read = 0;
    function* chunks() {
      for (const chunk of [header, ...rows]) {
        read++;
        yield chunk;
      }
    }
    const maxBytes = header.length + rows[0].length * 5;
    const summary = await importPeople({ workspace, actor, source: Readable.from(chunks()), maxBytes });
    expect(summary).toMatchObject({ status: "failed", limitExceeded: "bytes" });
    const imported = await db.person.count({ where: { workspaceId: workspace.id, externalId: { startsWith: `${prefix}-` } } });
    expect(imported).toBe(summary.created);
    expect(imported).toBeGreaterThan(0);
    expect(imported).toBeLessThanOrEqual(5);
    expect(summary.failure).toBe(`the file is over ${maxBytes} bytes: the import stopped after line ${imported + 1}; split the file and import the rest`);
    // The header, five rows, the chunk over the cap and at most a little read-ahead: not the other 14.
    expect(read).toBeLessThanOrEqual(9);
  });

  it("refuses a header that names a column twice", async () => {
    const summary = await importPeople({ workspace, actor, source: "id,ID,plan\nx,y,z\n" });
    expect(summary).toMatchObject({ status: "failed", created: 0 });
    expect(summary.failure).toMatch(/twice/);
  });
});
