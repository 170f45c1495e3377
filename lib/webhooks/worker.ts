// The delivery worker every app process runs (instrumentation.ts starts it, like the deletion
// worker): passes of runDeliveryPass back to back while there is work, a poll a second when idle.
// Each pass's transactions are one statement or one short record, so on the embedded database's
// single connection a page never waits behind a slow receiver. WEBHOOK_WORKER=off disables it.
import { isEmbeddedDatabase } from "../db";
import { logError } from "../errors";
import { runDeliveryPass } from "./deliver";

const IDLE_POLL_MS = 1_000;
// Deliveries sent at once per process.
const PASS_SIZE = isEmbeddedDatabase ? 4 : 16;

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

async function runWebhookDeliveries(signal: AbortSignal): Promise<void> {
  while (!signal.aborted) {
    try {
      const pass = await runDeliveryPass({ limit: PASS_SIZE });
      if (pass.claimed > 0) continue;
    } catch (error) {
      logError("webhook worker", error);
    }
    await sleep(IDLE_POLL_MS, signal);
  }
}

type WorkerHolder = { stop?: () => Promise<void> };
const workerHolder = ((globalThis as { __peopleAdminWebhookWorker?: WorkerHolder }).__peopleAdminWebhookWorker ??= {});

// Starts this process's webhook delivery worker once; returns a function that stops it.
export function startWebhookWorker(): () => Promise<void> {
  if (workerHolder.stop) return workerHolder.stop;
  if (process.env.WEBHOOK_WORKER === "off") return async () => {};
  const controller = new AbortController();
  const running = runWebhookDeliveries(controller.signal);
  workerHolder.stop = async () => {
    controller.abort();
    await running;
    workerHolder.stop = undefined;
  };
  return workerHolder.stop;
}
