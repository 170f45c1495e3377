// Corpus, certificates: forged certificates of erasure put to both verifiers anyone can use, the
// public page /receipts/verify (its Server Action, posted over HTTP as the browser does) and the
// offline CLI (`npm run verify:receipt -- file --origin <this server>`). Each must be refused with the
// reason it was forged for; a genuine certificate beside them must verify (so the check means
// something), and the CLI must never fetch a key set the certificate names.
//   own keys:     signed with the forger's key, signing.keysUrl pointing at the forger's key set
//   duplicate:    a genuine certificate with "people":{"deleted":1000000} put before its real member
//   revoked:      signed with a real key after an admin revoked it (the key leaked)
//   workspace:    a genuine certificate re-signed with another workspace's real key
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { actionIds } from "./authz";
import { bearer, type Credentials, patientRequest, type Report, request, ROOT } from "./context";

type Verdict = { status: string; message: string };
type Forgery = { name: string; text: string; page: string; cli: RegExp };

function runCli(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/verify-receipt.ts"), ...args], { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: "" } });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, out }));
  });
}

export async function runCertificateForgeries(options: { base: string; distDir: string; credentials: Credentials; report: Report }): Promise<void> {
  const { base, credentials, report } = options;
  const { db } = await import("../../lib/db");
  const { deletePeople } = await import("../../lib/deletion/delete-people");
  const { identify } = await import("../../lib/people/identify");
  const { getActiveSigningKey, revokeSigningKey } = await import("../../lib/receipts/signing-keys");
  const { signCertificate } = await import("../../lib/receipts/sign-certificate");
  const { forgedCertificate, newTestKey, signedWith, withLeadingMember } = await import("../../lib/test/certificates");
  const { getWorkspace } = await import("../../lib/workspace/workspace");
  type SignedCertificate = import("../../lib/receipts/certificate-document").SignedCertificate;

  // A genuine certificate, issued by the server (App API) for a deletion in the main workspace.
  const workspace = await getWorkspace();
  const system = { type: "system" } as const;
  const { cioId } = await identify({ workspace, identifier: `verify-forgery-${randomBytes(4).toString("hex")}`, attributes: {}, actor: system });
  const { receiptId } = await deletePeople({ workspace, cioIds: [cioId!], suppress: true, actor: system });
  const issued = await patientRequest({ base, method: "GET", path: `/v1/receipts/${receiptId}`, headers: { authorization: bearer(credentials.appKey) } });
  if (issued.status !== 200) throw new Error(`GET /v1/receipts/${receiptId} answered ${issued.status}`);
  const genuine = issued.body;

  // The forger's key set, served here, counting who asks for it.
  const forgerKey = newTestKey({ workspace: workspace.id });
  const fetched: string[] = [];
  const forgerServer = http.createServer((req, res) => {
    fetched.push(req.url ?? "");
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: [forgerKey.published] }));
  });
  await new Promise<void>((resolve) => forgerServer.listen(0, "127.0.0.1", resolve));
  const forgerKeysUrl = `http://127.0.0.1:${(forgerServer.address() as AddressInfo).port}/.well-known/erasure-keys.json`;

  // Another workspace whose first key leaks and is revoked; its next key signs for the wrong workspace.
  const other = await db.workspace.create({ data: { id: `ws_verify_${randomBytes(4).toString("hex")}`, name: "verify forgeries", identificationMode: "id", hashSecret: randomBytes(32).toString("hex") } });
  const dir = await mkdtemp(path.join(tmpdir(), "verify-forgeries-"));
  try {
    const leaked = await getActiveSigningKey(other.id);
    const { revokedAt } = await revokeSigningKey({ workspaceId: other.id, keyId: leaked.id, actor: system });
    const otherKey = await getActiveSigningKey(other.id);
    const crossed = structuredClone((JSON.parse(genuine) as SignedCertificate).certificate);
    crossed.signing.keyId = otherKey.id;

    const forgeries: Forgery[] = [
      { name: "own keys", text: signedWith(forgedCertificate({ keyId: forgerKey.id, workspaceId: workspace.id, keysUrl: forgerKeysUrl }), forgerKey), page: "unknown_key", cli: /^unknown key: /m },
      { name: "duplicate member", text: withLeadingMember(genuine, '"people":{"deleted":1000000}'), page: "not_canonical", cli: /the member certificate\.people appears twice/ },
      { name: "after revocation", text: signedWith(forgedCertificate({ keyId: leaked.id, workspaceId: other.id, issuedAt: new Date(Math.max(Date.now(), revokedAt.getTime())) }), leaked), page: "revoked", cli: /^revoked: /m },
      { name: "other workspace's key", text: signCertificate(crossed, otherKey), page: "wrong_workspace", cli: /belongs to workspace ws_verify_/ },
    ];

    // The page: verifyCertificateAction, posted as its form posts it.
    const action = actionIds(options.distDir).get("lib/actions/receipts.ts#verifyCertificateAction");
    if (!action) throw new Error("verifyCertificateAction has no id in the build");
    const onPage = async (text: string): Promise<Verdict | string> => {
      const boundary = `----verify${randomBytes(8).toString("hex")}`;
      // As React encodes a form's FormData: its fields as "_1_<name>" first, then the root "0" naming it ($K1).
      const body = [`--${boundary}\r\nContent-Disposition: form-data; name="_1_certificate"\r\n\r\n${text}\r\n`, `--${boundary}\r\nContent-Disposition: form-data; name="0"\r\n\r\n[{"status":"idle"},"$K1"]\r\n`, `--${boundary}--\r\n`].join("");
      const response = await request({ base, method: "POST", path: action.page, headers: { origin: base, "next-action": action.id, accept: "text/x-component", "content-type": `multipart/form-data; boundary=${boundary}` }, body });
      const verdict = /"status":"(\w+)","message":"((?:[^"\\]|\\.)*)"/.exec(response.body);
      return verdict ? { status: verdict[1], message: JSON.parse(`"${verdict[2]}"`) as string } : `${response.status}: ${response.body.slice(0, 120)}`;
    };

    const failures: string[] = [];
    const genuineOnPage = await onPage(genuine);
    if (typeof genuineOnPage === "string" || genuineOnPage.status !== "valid") failures.push(`page: the genuine certificate is not valid: ${JSON.stringify(genuineOnPage)}`);
    const genuineFile = path.join(dir, "genuine.json");
    await writeFile(genuineFile, genuine);
    const genuineCli = await runCli([genuineFile, "--origin", base]);
    if (genuineCli.code !== 0) failures.push(`cli: the genuine certificate exited ${genuineCli.code}: ${genuineCli.out.trim()}`);

    let pageRefused = 0;
    let cliRefused = 0;
    for (const forgery of forgeries) {
      const verdict = await onPage(forgery.text);
      if (typeof verdict !== "string" && verdict.status === forgery.page) pageRefused++;
      else failures.push(`page: ${forgery.name}: expected ${forgery.page}, got ${JSON.stringify(verdict)}`);
      const file = path.join(dir, `${forgery.name.replace(/\W+/g, "-")}.json`);
      await writeFile(file, forgery.text);
      const cli = await runCli([file, "--origin", base]);
      if (cli.code === 1 && forgery.cli.test(cli.out)) cliRefused++;
      else failures.push(`cli: ${forgery.name}: exit ${cli.code}: ${cli.out.trim().replace(/\s+/g, " ").slice(0, 200)}`);
    }
    // Without a key source the CLI refuses to guess (and above all doesn't take the document's).
    const ownKeysFile = path.join(dir, "own-keys.json");
    const bare = await runCli([ownKeysFile]);
    if (bare.code !== 2) failures.push(`cli: own keys without --origin/--keys: exit ${bare.code}, expected 2`);
    if (fetched.length > 0) failures.push(`cli: fetched the forger's key set ${fetched.length} times`);

    for (const failure of failures) console.log(`    ✗ ${failure}`);
    const names = forgeries.map((f) => f.name).join(", ");
    report.add("corpus", `certificate forgeries refused by /receipts/verify (${names})`, `${pageRefused}/${forgeries.length}, genuine: ${typeof genuineOnPage === "string" ? "error" : genuineOnPage.status}`, pageRefused === forgeries.length && failures.every((f) => !f.startsWith("page:")));
    report.add("corpus", "certificate forgeries refused by verify:receipt --origin (exit 1)", `${cliRefused}/${forgeries.length}, genuine: exit ${genuineCli.code}, no key source: exit ${bare.code}, forger's keys fetched ${fetched.length}×`, cliRefused === forgeries.length && failures.every((f) => !f.startsWith("cli:")));
  } finally {
    await new Promise<void>((resolve) => forgerServer.close(() => resolve()));
    await rm(dir, { recursive: true, force: true });
  }
}
