import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { hashIdentifier } from "../identity/identifiers";
import { uniqueEmail, uniqueToken } from "../test/factories";
import { exportSuppressionsCsv, findSuppressions } from "./queries";
import { suppressIdentifier } from "../deletion/suppress-identifier";
import { isSuppressed } from "./suppress";

async function newWorkspace(identificationMode: "id" | "email_or_id" = "email_or_id") {
  const id = uniqueToken("ws_");
  return db.workspace.create({ data: { id, name: id, hashSecret: uniqueToken("secret").padEnd(64, "0"), identificationMode } });
}

async function collect(generator: AsyncGenerator<string>) {
  let out = "";
  for await (const chunk of generator) out += chunk;
  return out;
}

describe("[SUPPRESSED] suppressed identifiers list", () => {
  // Starting (and migrating) the worker's database is slow on a busy machine: not part of a test.
  beforeAll(async () => {
    await db.$queryRaw`SELECT 1`;
  });

  it("lists suppressed profiles newest first with hints, actor and receipt, never the values", async () => {
    const workspace = await newWorkspace();
    const user = await db.user.create({ data: { id: uniqueToken("u_"), name: "Ada", email: uniqueEmail("staff"), role: "admin" } });
    const email = uniqueEmail("Gone");
    const first = await suppressIdentifier({ workspace, identifier: email, actor: { type: "user", id: user.id } });
    const second = await suppressIdentifier({ workspace, identifier: "customer-123456", actor: { type: "system" } });

    const { rows, total } = await findSuppressions({ workspaceId: workspace.id });
    expect(total).toEqual({ count: 2, isExact: true });
    expect(rows.map((row) => row.receiptId).sort()).toEqual([first.receiptId, second.receiptId].sort());
    const byEmail = rows.find((row) => row.emailHint)!;
    expect(byEmail.emailHint).toBe(`G•••@example.test`);
    expect(byEmail.actorLabel).toBe(user.email);
    expect(rows.find((row) => row.idHint)!.idHint).toBe("••••56");
    expect(JSON.stringify(rows)).not.toContain(email);

    const paged = await findSuppressions({ workspaceId: workspace.id, pageSize: 1, page: 2 });
    expect(paged.rows).toHaveLength(1);
  });

  it("exports hashes, hints and dates across keyset batches, and the lookup matches another case", async () => {
    const workspace = await newWorkspace();
    const emails = Array.from({ length: 5 }, () => uniqueEmail("exp"));
    for (const email of emails) await suppressIdentifier({ workspace, identifier: email, actor: { type: "system" } });
    await db.$executeRaw`UPDATE suppression SET created_at = '2026-01-01' WHERE workspace_id = ${workspace.id}`;

    const csv = await collect(exportSuppressionsCsv({ workspaceId: workspace.id }, 2));
    const lines = csv.trim().split("\n");
    expect(lines[0]).toBe("suppression_id,created_at,id_hint,email_hint,id_hash,email_hash,remembered_email_hash,actor_type,actor,receipt_id");
    expect(lines).toHaveLength(6);
    for (const email of emails) {
      expect(csv).toContain(hashIdentifier(workspace, "email", email.toLowerCase()));
      expect(csv).not.toContain(email);
    }

    const found = await isSuppressed({ workspace, value: emails[0].toUpperCase() });
    expect(found.suppressed).toBe(true);
    expect(found.since).toBeInstanceOf(Date);
    expect((await isSuppressed({ workspace, value: uniqueEmail("never") })).suppressed).toBe(false);
  });
});
