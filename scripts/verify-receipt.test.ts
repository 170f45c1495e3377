// The CLI verifier as anyone would run it: a certificate file and the published keys, no database.
import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { deletePeople } from "../lib/deletion/delete-people";
import { identify } from "../lib/people/identify";
import { getErasureCertificate } from "../lib/receipts/certificates";
import { listPublishedKeys } from "../lib/receipts/signing-keys";
import { createTestWorkspace, uniqueToken } from "../lib/test/factories";

const run = promisify(execFile);

async function verifyFile(file: string, keys: string): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(process.execPath, ["--import", "tsx", "scripts/verify-receipt.ts", file, "--keys", keys]);
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, stdout: failed.stdout };
  }
}

describe("[RECEIPTS] scripts/verify-receipt.ts", () => {
  it("says valid (exit 0) for a certificate and tampered (exit 1) for a changed copy", async () => {
    const workspace = await createTestWorkspace();
    const actor = { type: "system" } as const;
    const { cioId } = await identify({ workspace, identifier: uniqueToken("cli"), attributes: {}, actor });
    const { receiptId } = await deletePeople({ workspace, cioIds: [cioId!], suppress: true, actor });
    const result = await getErasureCertificate({ workspace, receiptId });
    if (result.state !== "issued") throw new Error("no certificate");

    const dir = await mkdtemp(path.join(tmpdir(), "receipt-"));
    const keys = path.join(dir, "keys.json");
    await writeFile(keys, JSON.stringify({ keys: await listPublishedKeys() }));
    await writeFile(path.join(dir, "good.json"), result.text);
    await writeFile(path.join(dir, "bad.json"), result.text.replace('"deleted":1', '"deleted":0'));

    const good = await verifyFile(path.join(dir, "good.json"), keys);
    expect(good.code).toBe(0);
    expect(good.stdout).toContain(`valid: receipt ${receiptId}`);
    const bad = await verifyFile(path.join(dir, "bad.json"), keys);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain("tampered");
  });
});
