import { beforeAll, describe, expect, it } from "vitest";
import { getWorkspace } from "../workspace/workspace";
import { db } from "../db";
import { uniqueToken } from "../test/factories";
import { recordAudit } from "./record-audit";
import { findAuditEntries, listAuditFilterOptions } from "./queries";
import { auditSearchParamsSchema } from "./search-params";

// Starting the database (and migrating it) is slow on a busy machine: do it under the hook timeout.
beforeAll(async () => {
  await getWorkspace();
});

describe("findAuditEntries", () => {
  it("pages newest first and filters by action and actor", async () => {
    const workspaceId = uniqueToken("ws");
    await db.workspace.create({ data: { id: workspaceId, name: "Audit", hashSecret: "x".repeat(64) } });
    for (let i = 0; i < 7; i++) {
      await recordAudit({ workspaceId, actor: { type: "user", id: "u-audit" }, action: "api_key.create", count: 1 });
    }
    const receipt = await recordAudit({ workspaceId, actor: { type: "system" }, action: "user.create", count: 2 });

    const first = await findAuditEntries({ workspaceId, page: 1, pageSize: 3 });
    expect(first).toMatchObject({ total: 8, page: 1, pageCount: 3 });
    expect(first.rows[0]).toMatchObject({ receiptId: receipt, action: "user.create", actorLabel: "System", count: 2 });
    const last = await findAuditEntries({ workspaceId, page: 99, pageSize: 3 });
    expect(last.page).toBe(3);
    expect(last.rows).toHaveLength(2);

    expect((await findAuditEntries({ workspaceId, action: "user.create" })).total).toBe(1);
    expect((await findAuditEntries({ workspaceId, actor: "user:u-audit" })).total).toBe(7);
    expect((await findAuditEntries({ workspaceId, actor: "system" })).total).toBe(1);

    const options = await listAuditFilterOptions(workspaceId);
    expect(options.actions).toEqual(["api_key.create", "user.create"]);
    expect(options.actors.map((a) => a.value).sort()).toEqual(["system", "user:u-audit"]);
  });

  it("falls back to defaults for bad search params", () => {
    expect(auditSearchParamsSchema.parse({ page: "-3", action: ["a", "b"] })).toEqual({ page: 1, action: undefined, actor: undefined });
    expect(auditSearchParamsSchema.parse({ page: "2", actor: "user:x" })).toMatchObject({ page: 2, actor: "user:x" });
  });
});
