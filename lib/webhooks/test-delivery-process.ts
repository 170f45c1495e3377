// A webhook delivery worker in a process of its own, for the kill -9 test (webhooks.server.test.ts):
// prints "ready", then runs delivery passes as worker argv[2] until killed.
import { db } from "../db";
import { runDeliveryPass } from "./deliver";

const workerId = process.argv[2];
await db.$queryRaw`SELECT 1`;
console.log("ready");
for (;;) {
  const pass = await runDeliveryPass({ workerId, limit: 10 });
  if (!pass.claimed) await new Promise((resolve) => setTimeout(resolve, 20));
}
