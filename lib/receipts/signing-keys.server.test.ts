// Concurrent first certificates of a workspace (real PostgreSQL, where they truly overlap): one
// signing key is made, and each receipt's certificate is stored once.
import { describe, expect, it } from "vitest";
import { db } from "../db";
import { deletePeople } from "../deletion/delete-people";
import { identify } from "../people/identify";
import { createTestWorkspace, uniqueToken } from "../test/factories";
import { getErasureCertificate } from "./certificates";
import { listPublishedKeys } from "./signing-keys";
import { verifyCertificateText } from "./verify";

describe("[RECEIPTS] concurrent issuance", () => {
  it("makes one key per workspace and one certificate per receipt", async () => {
    const workspace = await createTestWorkspace();
    const actor = { type: "system" } as const;
    const receipts: string[] = [];
    for (let i = 0; i < 8; i++) {
      const { cioId } = await identify({ workspace, identifier: uniqueToken("race"), attributes: {}, actor });
      receipts.push((await deletePeople({ workspace, cioIds: [cioId!], suppress: i % 2 === 0, actor })).receiptId);
    }
    const results = await Promise.all([...receipts, ...receipts].map((receiptId) => getErasureCertificate({ workspace, receiptId })));
    expect(await db.signingKey.count({ where: { workspaceId: workspace.id } })).toBe(1);
    expect(await db.erasureCertificate.count({ where: { workspaceId: workspace.id } })).toBe(receipts.length);
    const keys = await listPublishedKeys();
    for (const [i, result] of results.entries()) {
      if (result.state !== "issued") throw new Error(result.state);
      expect(result.text).toBe((results[i % receipts.length] as { text: string }).text);
      expect(verifyCertificateText(result.text, keys).status).toBe("valid");
    }
  });
});
