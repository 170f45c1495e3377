// Concurrent first certificates of a workspace (real PostgreSQL, where they truly overlap): one
// signing key is made, each receipt's certificate is stored once, and one issued while its key is
// rotated or revoked is never stored dated after the key stopped counting.
import { describe, expect, it } from "vitest";
import { db } from "../db";
import { deletePeople } from "../deletion/delete-people";
import { identify } from "../people/identify";
import { createTestWorkspace, uniqueToken } from "../test/factories";
import { getErasureCertificate } from "./certificates";
import { getActiveSigningKey, listPublishedKeys, revokeSigningKey, rotateSigningKey } from "./signing-keys";
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

describe("[RECEIPTS] issuance while keys rotate and are revoked", () => {
  it("every certificate stored verifies: none is dated after its key's retirement or revocation", async () => {
    const workspace = await createTestWorkspace();
    const actor = { type: "system" } as const;
    let overlapped = 0;
    // Rounds until issuances and key changes really ran at the same time (a slow machine may need more).
    for (let round = 0; round < 6 && overlapped < 3; round++) {
      const receipts: string[] = [];
      for (let i = 0; i < 10; i++) {
        const { cioId } = await identify({ workspace, identifier: uniqueToken("rot"), attributes: {}, actor });
        receipts.push((await deletePeople({ workspace, cioIds: [cioId!], suppress: false, actor })).receiptId);
      }
      const spans: { start: number; end: number }[] = [];
      const changes: number[] = [];
      const timed = async <T>(work: () => Promise<T>): Promise<T> => {
        const start = performance.now();
        try {
          return await work();
        } finally {
          spans.push({ start, end: performance.now() });
        }
      };
      const change = async (work: () => Promise<unknown>) => {
        await work();
        changes.push(performance.now());
      };
      const active = await getActiveSigningKey(workspace.id);
      const results = await Promise.all([
        ...receipts.map((receiptId) => timed(() => getErasureCertificate({ workspace, receiptId }))),
        change(() => rotateSigningKey({ workspaceId: workspace.id, actor })),
        change(() => revokeSigningKey({ workspaceId: workspace.id, keyId: active.id, actor })),
        change(() => rotateSigningKey({ workspaceId: workspace.id, actor })),
      ]);
      overlapped += changes.filter((at) => spans.some((span) => span.start < at && at < span.end)).length;
      const keys = await listPublishedKeys({ workspaceId: workspace.id });
      for (const result of results.slice(0, receipts.length)) {
        if (!result || typeof result !== "object" || !("state" in result) || result.state !== "issued") throw new Error("not issued");
        expect(verifyCertificateText(result.text, keys)).toMatchObject({ status: "valid" });
      }
    }
    expect(overlapped, "key changes that landed while a certificate was being issued").toBeGreaterThanOrEqual(3);
  });
});
