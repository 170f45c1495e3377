// Verifies a certificate of erasure without this app's database or a sign-in:
//   npx tsx scripts/verify-receipt.ts certificate.json [--keys <url-or-file>]
// The keys are the published JWK set (/.well-known/erasure-keys.json); without --keys they are
// fetched from the URL the certificate names (signing.keysUrl), which is printed so you see whom you
// trusted. Exit code 0: valid; 1: tampered, unknown key or not a certificate; 2: usage or I/O error.
import { readFile } from "node:fs/promises";
import type { PublishedKeys } from "../lib/receipts/certificate-document";
import { describeVerification, verifyCertificateText } from "../lib/receipts/verify";

function usage(message: string): never {
  console.error(`${message}\nusage: npx tsx scripts/verify-receipt.ts <certificate.json> [--keys <url-or-file>]`);
  process.exit(2);
}

const args = process.argv.slice(2);
const keysFlag = args.indexOf("--keys");
const keysSource = keysFlag >= 0 ? args[keysFlag + 1] : undefined;
if (keysFlag >= 0 && !keysSource) usage("--keys needs a URL or a file");
const file = args.find((arg, i) => !arg.startsWith("--") && (keysFlag < 0 || i !== keysFlag + 1));
if (!file) usage("name the certificate file");

async function loadKeys(source: string): Promise<PublishedKeys> {
  if (/^https?:\/\//.test(source)) {
    const response = await fetch(source);
    if (!response.ok) throw new Error(`${source} answered ${response.status}`);
    return (await response.json()) as PublishedKeys;
  }
  return JSON.parse(await readFile(source, "utf8")) as PublishedKeys;
}

let text: string;
try {
  text = await readFile(file, "utf8");
} catch {
  usage(`cannot read ${file}`);
}
let source = keysSource;
if (!source) {
  try {
    source = (JSON.parse(text) as { certificate?: { signing?: { keysUrl?: unknown } } }).certificate?.signing?.keysUrl as string | undefined;
  } catch {
    // Not JSON: the verdict below says so.
  }
}
let keys: PublishedKeys = { keys: [] };
if (source) {
  try {
    keys = await loadKeys(source);
    console.log(`keys: ${source}`);
  } catch (error) {
    console.error(`cannot load the published keys from ${source}: ${(error as Error).message}`);
    process.exit(2);
  }
}
const result = verifyCertificateText(text, Array.isArray(keys.keys) ? keys.keys : []);
console.log(describeVerification(result));
process.exit(result.status === "valid" ? 0 : 1);
