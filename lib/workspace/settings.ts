// Workspace settings changed by admins (the identification mode switch lives in identification-mode.ts).
import "server-only";
import { db } from "../db";
import { recordAudit, type Actor } from "../audit/record-audit";

// Renames the workspace; audited without the names (settings change, not personal data).
export async function renameWorkspace(options: { workspaceId: string; name: string; actor: Actor }): Promise<{ receiptId: string }> {
  return db.$transaction(async (tx) => {
    await tx.workspace.update({ where: { id: options.workspaceId }, data: { name: options.name } });
    const receiptId = await recordAudit({
      tx,
      workspaceId: options.workspaceId,
      actor: options.actor,
      action: "workspace.update",
      count: 1,
      details: { fields: ["name"] },
    });
    return { receiptId };
  });
}
