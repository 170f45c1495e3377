// Verifies a certificate of erasure without this app's database or a sign-in, against keys YOU choose:
//   npm run verify:receipt -- certificate.json --origin https://people.example.com
//   npm run verify:receipt -- certificate.json --keys <https-url | erasure-keys.json>
// --origin fetches <origin>/.well-known/erasure-keys.json. The keys the certificate itself names
// (signing.keysUrl) are never used: anyone can sign a forgery with a key of their own and name it.
// Exit code 0: valid; 1: not valid (tampered, revoked, key retired, another workspace's key, unknown
// key, not the signed text, not a certificate); 2: usage or I/O error (no key source chosen, a
// certificate or key set that can't be read).
import { readFile } from "node:fs/promises";
import { KEYS_PATH } from "../lib/receipts/certificate-document";
import { parseKeySet } from "../lib/receipts/key-set";
import { describeVerification, verifyCertificateText, type VerificationKey } from "../lib/receipts/verify";

const USAGE = [
  "usage: npm run verify:receipt -- <certificate.json> --origin https://<the issuing server>",
  "       npm run verify:receipt -- <certificate.json> --keys <https-url | key-set.json>",
  "The keys are the ones you choose; the certificate's own keysUrl is never used.",
].join("\n");

// Key sets up to this size (a few thousand keys).
const MAX_KEY_SET_BYTES = 5_000_000;

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

// https, or http to this machine only (a server under test): anything else can be swapped in transit.
function checkedUrl(value: string, flag: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail(`${flag} ${value}: not a URL`);
  }
  const loopback = ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) fail(`${flag} ${value}: use https:// (plain http only to this machine)`);
  return url;
}

function parseArgs(args: string[]): { file: string; source: { kind: "url"; url: URL } | { kind: "file"; path: string } } {
  let file: string | undefined;
  let keys: string | undefined;
  let origin: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--keys" || arg === "--origin") {
      const value = args[++i];
      if (!value || value.startsWith("--")) fail(`${arg} needs a value`);
      if (arg === "--keys") keys = value;
      else origin = value;
    } else if (arg === "--help" || arg === "-h") {
      console.log(USAGE);
      process.exit(0);
    } else if (arg.startsWith("--")) {
      fail(`unknown option ${arg}`);
    } else if (file) {
      fail(`one certificate at a time (got ${file} and ${arg})`);
    } else {
      file = arg;
    }
  }
  if (!file) fail("name the certificate file");
  if (keys && origin) fail("choose the keys once: --keys or --origin, not both");
  if (origin) {
    const url = checkedUrl(origin, "--origin");
    if (url.pathname !== "/" || url.search || url.hash) fail(`--origin ${origin}: give the server's origin only (like https://people.example.com), not a path`);
    return { file, source: { kind: "url", url: new URL(KEYS_PATH, url) } };
  }
  if (keys) return { file, source: /^[a-z][a-z0-9+.-]*:\/\//i.test(keys) ? { kind: "url", url: checkedUrl(keys, "--keys") } : { kind: "file", path: keys } };
  return fail("choose the keys to check against: --origin of the server that issued the certificate, or --keys");
}

async function loadKeys(source: ReturnType<typeof parseArgs>["source"]): Promise<VerificationKey[]> {
  const where = source.kind === "url" ? source.url.href : source.path;
  let text: string;
  try {
    if (source.kind === "url") {
      // A redirect would hand the choice of keys to someone else: refused.
      const response = await fetch(source.url, { redirect: "error", signal: AbortSignal.timeout(15_000) });
      if (!response.ok) throw new Error(`answered ${response.status}`);
      text = await response.text();
    } else {
      text = await readFile(source.path, "utf8");
    }
  } catch (error) {
    return fail(`cannot load the keys from ${where}: ${(error as Error).message}`);
  }
  if (text.length > MAX_KEY_SET_BYTES) fail(`the keys at ${where} are too large to be a key set`);
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return fail(`the keys at ${where} are not JSON`);
  }
  const keySet = parseKeySet(document);
  if (!keySet.ok) return fail(`the keys at ${where} are not an erasure key set (${keySet.reason})`);
  return keySet.keys;
}

const { file, source } = parseArgs(process.argv.slice(2));
let text: string;
try {
  text = await readFile(file, "utf8");
} catch {
  fail(`cannot read ${file}`);
}
const keys = await loadKeys(source);
console.log(`keys: ${source.kind === "url" ? source.url.href : source.path} (your choice; ${keys.length} ${keys.length === 1 ? "key" : "keys"})`);
try {
  const named = (JSON.parse(text) as { certificate?: { signing?: { keysUrl?: unknown } } }).certificate?.signing?.keysUrl;
  if (typeof named === "string" && (source.kind === "file" || named !== source.url.href)) console.log(`note: the certificate names keys at ${named}; not used`);
} catch {
  // Not JSON: the verdict says so.
}
const result = verifyCertificateText(text, keys);
console.log(describeVerification(result));
process.exit(result.status === "valid" ? 0 : 1);
