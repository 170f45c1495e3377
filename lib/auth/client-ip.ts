// Where a request came from: the client IP that sign-in throttling (and Better Auth's own limiter)
// keys on, and whether the client used https (Secure cookies, HSTS). Next.js keeps a client-sent
// X-Forwarded-For / X-Forwarded-Proto as is, so the headers alone can't be trusted when Next is
// exposed directly: at the HTTP server we stamp every request with CLIENT_IP_HEADER and
// REQUEST_PROTOCOL_HEADER, taken from the socket, or (TRUST_PROXY=1 only) from what our own proxy added.
import http from "node:http";
import { isIP } from "node:net";
import type { TLSSocket } from "node:tls";

export const CLIENT_IP_HEADER = "x-people-admin-client-ip";
// "https" or "http", always set by the stamp (a client-sent value is replaced). next.config.js keys
// HSTS on it, so keep the two names in step.
export const REQUEST_PROTOCOL_HEADER = "x-people-admin-proto";
// Requests that carry no stamp (the hook isn't installed, e.g. a script) share one bucket: safer than
// trusting a header the client could have set.
const UNKNOWN_CLIENT_IP = "unknown";

type HeaderSource = Headers | { get(name: string): string | null };

// TRUST_PROXY=1 (or N): the app sits behind N proxies that append to X-Forwarded-For.
function trustedProxyHops(): number {
  const value = process.env.TRUST_PROXY;
  if (!value || value === "0" || value === "false") return 0;
  const hops = Number(value);
  return Number.isInteger(hops) && hops > 0 ? hops : 1;
}

// "::ffff:127.0.0.1" → "127.0.0.1"; anything that is not an IP → null.
function normalizeIp(value: string | null | undefined): string | null {
  if (!value) return null;
  let ip = value.trim();
  if (ip.startsWith("[") && ip.includes("]")) ip = ip.slice(1, ip.indexOf("]"));
  if (ip.toLowerCase().startsWith("::ffff:") && isIP(ip.slice(7)) === 4) ip = ip.slice(7);
  return isIP(ip) ? ip.toLowerCase() : null;
}

// The address a request came from, given the socket peer and its X-Forwarded-For header.
export function resolveClientIp(socketAddress: string | undefined, forwardedFor: string | string[] | undefined, hops = trustedProxyHops()): string | null {
  if (hops > 0 && forwardedFor) {
    const chain = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor)
      .split(",")
      .map((part) => part.trim())
      .filter(Boolean);
    // Each trusted proxy appended the address it saw; the hop our outermost proxy saw is N from the right.
    const candidate = chain[chain.length - hops];
    const ip = normalizeIp(candidate);
    if (ip) return ip;
  }
  return normalizeIp(socketAddress);
}

// "https" when the request reached this server over TLS, or when (TRUST_PROXY only) our proxy says the
// client used https. A proxy that overwrites X-Forwarded-Proto leaves one value; one that appends
// leaves the value our outermost trusted proxy wrote N from the right, as with X-Forwarded-For.
export function resolveRequestProtocol(isEncrypted: boolean, forwardedProto: string | string[] | undefined, hops = trustedProxyHops()): "https" | "http" {
  if (isEncrypted) return "https";
  if (hops === 0 || !forwardedProto) return "http";
  const chain = (Array.isArray(forwardedProto) ? forwardedProto.join(",") : forwardedProto)
    .split(",")
    .map((part) => part.trim().toLowerCase())
    .filter(Boolean);
  return chain[Math.max(0, chain.length - hops)] === "https" ? "https" : "http";
}

// Whether the stamped request came over https (Better Auth hooks, the proxy, route handlers).
export function isHttpsRequest(headers: HeaderSource | null | undefined): boolean {
  return headers?.get(REQUEST_PROTOCOL_HEADER) === "https";
}

// The part of an address that identifies one client for throttling: IPv4 as is, IPv6 by its /64
// (one customer's network typically gets a whole /64, so rotating within it must not reset counts).
export function throttleKeyForIp(ip: string): string {
  if (isIP(ip) !== 6) return ip;
  const [head, tail = ""] = ip.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = ip.includes("::") ? [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.padStart(4, "0")).join(":")}::/64`;
}

// Reads the stamped client IP from request headers (Server Actions, route handlers, Better Auth hooks).
export function clientIpFrom(headers: HeaderSource | null | undefined): string {
  return normalizeIp(headers?.get(CLIENT_IP_HEADER) ?? null) ?? UNKNOWN_CLIENT_IP;
}

type Holder = { installed?: boolean };
const holder = ((globalThis as { __peopleAdminClientIp?: Holder }).__peopleAdminClientIp ??= {});

// Patches node's HTTP server so every incoming request carries CLIENT_IP_HEADER and
// REQUEST_PROTOCOL_HEADER computed from the socket, replacing whatever the client sent under those
// names. Called once from instrumentation.ts; patching the prototype also covers the server Next
// created before instrumentation ran.
export function installClientIpStamp(): void {
  if (holder.installed) return;
  holder.installed = true;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with Reflect.apply on the server it was taken from
  const originalEmit = http.Server.prototype.emit;
  http.Server.prototype.emit = function patchedEmit(this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const request = args[0] as http.IncomingMessage;
      const ip = resolveClientIp(request.socket?.remoteAddress, request.headers["x-forwarded-for"]);
      if (ip) request.headers[CLIENT_IP_HEADER] = ip;
      else delete request.headers[CLIENT_IP_HEADER];
      const isEncrypted = Boolean((request.socket as TLSSocket | undefined)?.encrypted);
      request.headers[REQUEST_PROTOCOL_HEADER] = resolveRequestProtocol(isEncrypted, request.headers["x-forwarded-proto"]);
    }
    return Reflect.apply(originalEmit, this, [event, ...args]) as boolean;
  } as typeof http.Server.prototype.emit;
}
