// A webhook receiver on loopback for tests and scripts: records every request (headers, body) and
// answers with what `respond` says (status, or hang: never answer).
import http from "node:http";
import type { AddressInfo } from "node:net";

export type ReceivedWebhook = { id: string; timestamp: string; signature: string; body: string; at: number };
type Answer = { status: number } | "hang";

export async function startWebhookReceiver(respond: (request: ReceivedWebhook) => Answer = () => ({ status: 200 })) {
  const received: ReceivedWebhook[] = [];
  const hanging = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const hook = {
        id: String(req.headers["webhook-id"] ?? ""),
        timestamp: String(req.headers["webhook-timestamp"] ?? ""),
        signature: String(req.headers["webhook-signature"] ?? ""),
        body: Buffer.concat(chunks).toString("utf8"),
        at: Date.now(),
      };
      received.push(hook);
      const answer = respond(hook);
      if (answer === "hang") {
        hanging.add(res);
        return;
      }
      res.writeHead(answer.status, { "content-type": "text/plain" }).end(answer.status < 300 ? "ok" : "down");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
