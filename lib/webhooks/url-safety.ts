// Where webhooks may go: https URLs (plain http and loopback hosts only with WEBHOOK_ALLOW_LOOPBACK=1,
// for tests), never to private, link-local, metadata or otherwise internal addresses. Checked when an
// endpoint is saved and again at every send, against the addresses the name resolves to then; the
// send connects to the address that was checked (a DNS answer that changes in between — rebinding —
// can't move it).
import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";

export class UnsafeUrlError extends Error {
  readonly field = "url";
}

const MAX_URL_LENGTH = 2_000;

// Internal ranges (RFC 6890 and friends): private, shared, link-local (cloud metadata 169.254.169.254),
// multicast, reserved, and their IPv6 forms.
const blocked = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  blocked.addSubnet(net, prefix, "ipv4");
}
for (const [net, prefix] of [
  ["::", 128],
  ["64:ff9b::", 96],
  ["100::", 64],
  ["2001:db8::", 32],
  ["fc00::", 7],
  ["fe80::", 10],
  ["fec0::", 10],
  ["ff00::", 8],
] as const) {
  blocked.addSubnet(net, prefix, "ipv6");
}
const loopback = new BlockList();
loopback.addSubnet("127.0.0.0", 8, "ipv4");
loopback.addAddress("::1", "ipv6");

function loopbackAllowed(): boolean {
  return process.env.WEBHOOK_ALLOW_LOOPBACK === "1";
}

function family(address: string): "ipv4" | "ipv6" {
  return isIP(address) === 6 ? "ipv6" : "ipv4";
}

// An IPv4-mapped IPv6 address (::ffff:10.0.0.1) is judged as its IPv4 address.
function unmapped(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1] : address;
}

function isLoopbackAddress(address: string): boolean {
  const a = unmapped(address);
  return loopback.check(a, family(a));
}

// Why an address may not receive webhooks, or null when it may.
export function addressProblem(address: string): string | null {
  const a = unmapped(address);
  if (isLoopbackAddress(a)) return loopbackAllowed() ? null : "resolves to a loopback address";
  if (blocked.check(a, family(a))) return "resolves to a private, link-local or reserved address";
  return null;
}

// Parses and checks the URL's form (not yet its addresses). Throws UnsafeUrlError.
export function parseEndpointUrl(raw: string): URL {
  if (typeof raw !== "string" || !raw.trim()) throw new UnsafeUrlError("Enter the endpoint's URL.");
  if (raw.length > MAX_URL_LENGTH) throw new UnsafeUrlError(`Use at most ${MAX_URL_LENGTH} characters.`);
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new UnsafeUrlError("Enter a full URL, like https://example.com/webhooks.");
  }
  if (url.username || url.password) throw new UnsafeUrlError("The URL can't carry a user name or password.");
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const isLoopbackHost = host === "localhost" || (isIP(host) !== 0 && isLoopbackAddress(host));
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopbackHost && loopbackAllowed())) {
    throw new UnsafeUrlError("The URL must start with https://.");
  }
  if (url.hash) url.hash = "";
  return url;
}

// The addresses the URL's host resolves to now, each checked; throws UnsafeUrlError when any is
// refused (a name with one internal address among public ones is refused: it could be picked).
export async function resolveEndpointAddress(url: URL): Promise<{ address: string; family: 4 | 6 }> {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  let addresses: { address: string; family: number }[];
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
  else {
    try {
      addresses = await lookup(host, { all: true, verbatim: true });
    } catch {
      throw new UnsafeUrlError(`The host ${host} could not be resolved.`);
    }
  }
  if (!addresses.length) throw new UnsafeUrlError(`The host ${host} could not be resolved.`);
  for (const { address } of addresses) {
    const problem = addressProblem(address);
    if (problem) throw new UnsafeUrlError(`The URL ${problem}: webhooks only go to public addresses.`);
  }
  return { address: addresses[0].address, family: addresses[0].family === 6 ? 6 : 4 };
}
