// The offline verifier as its users run it (a child process): it checks against the keys the user
// chose (--keys or --origin), never the ones a certificate names, and applies the page's rules.
import { spawn } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deletePeople } from "../lib/deletion/delete-people";
import { identify } from "../lib/people/identify";
import type { PublishedKey } from "../lib/receipts/certificate-document";
import { getErasureCertificate } from "../lib/receipts/certificates";
import { forgedCertificate, newTestKey, signedWith, withLeadingMember } from "../lib/test/certificates";
import { createTestWorkspace, uniqueToken } from "../lib/test/factories";

const CLI = path.resolve("scripts/verify-receipt.ts");
const WORKSPACE = "ws_cli_test";

type Run = { code: number | null; stdout: string; stderr: string };

function runCli(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", CLI, ...args], { env: { ...process.env, NODE_OPTIONS: "" } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

// A key set server on this machine that records every request it gets.
async function keyServer(keys: PublishedKey[]): Promise<{ origin: string; requests: string[]; close: () => Promise<void> }> {
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    requests.push(request.url ?? "");
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

let dir = "";
const file = async (name: string, text: string) => {
  const full = path.join(dir, name);
  await writeFile(full, text);
  return full;
};

const genuineKey = newTestKey({ workspace: WORKSPACE });
let genuine: Awaited<ReturnType<typeof keyServer>>;
let forger: Awaited<ReturnType<typeof keyServer>>;
const forgerKey = newTestKey({ workspace: WORKSPACE });

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "verify-receipt-"));
  genuine = await keyServer([genuineKey.published]);
  forger = await keyServer([forgerKey.published]);
});
afterAll(async () => {
  await genuine?.close();
  await forger?.close();
});

describe("[RECEIPTS] verify:receipt trusts only the keys it is given", () => {
  it("a forgery naming its own keys: without --keys/--origin a usage error (exit 2), with this server's origin unknown key (exit 1); its keysUrl is never fetched", async () => {
    const forged = await file("forged.json", signedWith(forgedCertificate({ keyId: forgerKey.id, workspaceId: WORKSPACE, keysUrl: `${forger.origin}/.well-known/erasure-keys.json` }), forgerKey));
    const [bare, checked] = await Promise.all([runCli([forged]), runCli([forged, "--origin", genuine.origin])]);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain("choose the keys to check against: --origin of the server that issued the certificate, or --keys");
    expect(bare.stdout).not.toContain("valid");
    expect(checked.code).toBe(1);
    expect(checked.stdout).toContain(`unknown key: ${forgerKey.id}`);
    expect(checked.stdout).toContain(`note: the certificate names keys at ${forger.origin}/.well-known/erasure-keys.json; not used`);
    expect(forger.requests).toEqual([]);
    expect(genuine.requests).toEqual(["/.well-known/erasure-keys.json"]);
  });

  it("a genuine certificate of this app, against the published key set saved to a file: valid (exit 0); a changed copy tampered (exit 1)", async () => {
    const workspace = await createTestWorkspace();
    const actor = { type: "system" } as const;
    const { cioId } = await identify({ workspace, identifier: uniqueToken("cli"), attributes: {}, actor });
    const { receiptId } = await deletePeople({ workspace, cioIds: [cioId!], suppress: true, actor });
    const issued = await getErasureCertificate({ workspace, receiptId });
    if (issued.state !== "issued") throw new Error(issued.state);
    const keysRoute = await import("../app/.well-known/erasure-keys.json/route");
    const keySet = await file("keys.json", await (await keysRoute.GET()).text());
    const [run, changed] = await Promise.all([
      runCli([await file("genuine.json", issued.text), "--keys", keySet]),
      runCli([await file("changed.json", issued.text.replace('"deleted":1', '"deleted":0')), "--keys", keySet]),
    ]);
    expect(run.stdout).toContain(`valid: receipt ${receiptId} of workspace ${workspace.id}`);
    expect(run.code).toBe(0);
    expect(changed.stdout).toContain("tampered: the signature does not match the certificate");
    expect(changed.code).toBe(1);
  });

  it("applies the page's rules: a duplicate member, a revoked key's late certificate, a retired key's, another workspace's key: exit 1, saying why", async () => {
    const hour = 3_600_000;
    const revoked = newTestKey({ workspace: WORKSPACE, revokedAt: new Date(Date.now() - hour), retiredAt: new Date(Date.now() - hour) });
    const retired = newTestKey({ workspace: WORKSPACE, retiredAt: new Date(Date.now() - hour) });
    const otherWorkspace = newTestKey({ workspace: "ws_someone_else" });
    const keySet = await file("rules-keys.json", JSON.stringify({ keys: [genuineKey, revoked, retired, otherWorkspace].map((k) => k.published) }));
    const cases: [string, string, RegExp][] = [
      ["duplicate", withLeadingMember(signedWith(forgedCertificate({ keyId: genuineKey.id, workspaceId: WORKSPACE, peopleDeleted: 2 }), genuineKey), '"people":{"deleted":1000000}'), /not the signed text: the member certificate\.people appears twice/],
      ["revoked", signedWith(forgedCertificate({ keyId: revoked.id, workspaceId: WORKSPACE }), revoked), /^revoked: key ek_\w+ was revoked at /m],
      ["retired", signedWith(forgedCertificate({ keyId: retired.id, workspaceId: WORKSPACE }), retired), /not valid: key ek_\w+ was retired at /],
      ["workspace", signedWith(forgedCertificate({ keyId: otherWorkspace.id, workspaceId: WORKSPACE }), otherWorkspace), /belongs to workspace ws_someone_else, but the certificate names workspace ws_cli_test/],
    ];
    const runs = await Promise.all(cases.map(async ([name, text]) => runCli([await file(`${name}.json`, text), "--keys", keySet])));
    for (const [i, [name, , expected]] of cases.entries()) {
      expect(runs[i].stdout, name).toMatch(expected);
      expect(runs[i].code, name).toBe(1);
    }
  });

  it("usage errors exit 2 and name the problem", async () => {
    const certificate = await file("any.json", signedWith(forgedCertificate({ keyId: genuineKey.id, workspaceId: WORKSPACE }), genuineKey));
    const notKeys = await file("not-keys.json", JSON.stringify({ keys: [{ kid: "x" }] }));
    const runs = await Promise.all([
      runCli([certificate, "--origin", "http://example.com"]),
      runCli([certificate, "--origin", genuine.origin, "--keys", notKeys]),
      runCli([certificate, "--keys", notKeys]),
      runCli([certificate, "--origin", `${genuine.origin}/some/path`]),
    ]);
    expect(runs.map((r) => r.code)).toEqual([2, 2, 2, 2]);
    expect(runs[0].stderr).toContain("use https:// (plain http only to this machine)");
    expect(runs[1].stderr).toContain("--keys or --origin, not both");
    expect(runs[2].stderr).toContain("are not an erasure key set");
    expect(runs[3].stderr).toContain("give the server's origin only");
  });
});
