// One POST as the delivery worker sends it, against a local server: the host's name is resolved,
// checked and pinned (localhost here), a redirect is not followed, the answer is cut to 1 KB, a
// receiver that never answers times out, and a refused address is never connected to.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postWebhook } from "./send";

let server: http.Server;
let base: string;
const hits: string[] = [];
beforeAll(async () => {
  process.env.WEBHOOK_ALLOW_LOOPBACK = "1";
  server = http.createServer((req, res) => {
    hits.push(req.url ?? "");
    req.resume();
    if (req.url === "/redirect") res.writeHead(307, { location: "/ok" }).end();
    else if (req.url === "/big") res.writeHead(200).end("x".repeat(200_000));
    else if (req.url === "/hang") return;
    else res.writeHead(200).end("fine");
  });
  // Every address (IPv6 and IPv4): localhost may resolve to ::1 or to 127.0.0.1 first.
  await new Promise<void>((resolve) => server.listen(0, resolve));
  base = `http://localhost:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  delete process.env.WEBHOOK_ALLOW_LOOPBACK;
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const send = (path: string, timeoutMs?: number) => postWebhook({ url: `${base}${path}`, body: "{}", headers: { "webhook-id": "msg_test" }, timeoutMs });

describe("postWebhook", () => {
  it("posts to the resolved, checked address and keeps the first 1 KB of the answer", async () => {
    expect(await send("/ok")).toMatchObject({ statusCode: 200, body: "fine", error: null });
    const big = await send("/big");
    expect(big.statusCode).toBe(200);
    expect(big.body).toHaveLength(1_024);
  });

  it("does not follow a redirect: the 3xx is the answer", async () => {
    hits.length = 0;
    expect(await send("/redirect")).toMatchObject({ statusCode: 307 });
    expect(hits).toEqual(["/redirect"]);
  });

  it("times out a receiver that never answers", async () => {
    expect(await send("/hang", 300)).toMatchObject({ statusCode: null, error: "timeout after 300 ms" });
  });

  it("refuses a loopback address without WEBHOOK_ALLOW_LOOPBACK, connecting to nothing", async () => {
    hits.length = 0;
    delete process.env.WEBHOOK_ALLOW_LOOPBACK;
    try {
      expect(await send("/ok")).toMatchObject({ statusCode: null, error: expect.stringMatching(/^refused: .*loopback/) });
    } finally {
      process.env.WEBHOOK_ALLOW_LOOPBACK = "1";
    }
    expect(hits).toEqual([]);
  });
});
