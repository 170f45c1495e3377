// One signed POST to an endpoint: to the address checked just now (url-safety), with the host's name
// for TLS and the Host header, 10 s for the whole exchange, no redirect followed (a 3xx is a failure
// like any non-2xx), and at most RESPONSE_BODY_LIMIT bytes of the answer read (the first 1 KB kept).
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { resolveEndpointAddress, UnsafeUrlError } from "./url-safety";

const SEND_TIMEOUT_MS = 10_000;
const RESPONSE_BODY_LIMIT = 64 * 1024;
const STORED_BODY_BYTES = 1_024;

export type SendResult = { statusCode: number | null; latencyMs: number; body: string; error: string | null };

export async function postWebhook(options: { url: string; body: string; headers: Record<string, string>; timeoutMs?: number }): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const url = new URL(options.url);
  let target: { address: string; family: 4 | 6 };
  try {
    target = await resolveEndpointAddress(url);
  } catch (error) {
    if (error instanceof UnsafeUrlError) return { statusCode: null, latencyMs: elapsed(), body: "", error: `refused: ${error.message}` };
    throw error;
  }
  // Connect to the checked address whatever the name resolves to by now.
  const pinned: LookupFunction = (_hostname, lookupOptions, callback) => {
    if ((lookupOptions as { all?: boolean }).all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
  const client = url.protocol === "https:" ? https : http;
  const timeoutMs = options.timeoutMs ?? SEND_TIMEOUT_MS;
  return new Promise<SendResult>((resolve) => {
    let settled = false;
    const finish = (result: Omit<SendResult, "latencyMs">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, latencyMs: elapsed() });
    };
    const request = client.request(
      url,
      {
        method: "POST",
        lookup: pinned,
        agent: false,
        headers: { ...options.headers, "content-type": "application/json", "content-length": String(Buffer.byteLength(options.body)), "user-agent": "people-admin-webhooks/1" },
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const done = () => finish({ statusCode: response.statusCode ?? null, body: Buffer.concat(chunks).subarray(0, STORED_BODY_BYTES).toString("utf8").replace(/\uFFFD+$/, ""), error: null });
        response.on("data", (chunk: Buffer) => {
          if (size < RESPONSE_BODY_LIMIT) chunks.push(chunk.subarray(0, RESPONSE_BODY_LIMIT - size));
          size += chunk.length;
          if (size >= RESPONSE_BODY_LIMIT) {
            done();
            response.destroy();
          }
        });
        response.on("end", done);
        response.on("error", done);
      },
    );
    const timer = setTimeout(() => {
      request.destroy();
      finish({ statusCode: null, body: "", error: `timeout after ${timeoutMs} ms` });
    }, timeoutMs);
    request.on("error", (error: NodeJS.ErrnoException) => finish({ statusCode: null, body: "", error: error.code ? `connection failed (${error.code})` : "connection failed" }));
    request.end(options.body);
  });
}
