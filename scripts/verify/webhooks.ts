// Phase: webhooks. An endpoint (a receiver in this process, on loopback) is attached, a
// delete + suppress job runs on both app servers and one is killed with -9 mid-job and restarted:
// every batch's person.deleted event must reach the receiver (0 lost), signed (verified with the
// standardwebhooks package), each person in exactly one event of at most 1,000; a duplicate only ever
// repeats a webhook-id with its same body; the job's deletion.completed arrives; and afterwards the
// outbox holds no plaintext (no payload left, none of the people's values in any webhook column).
import pg from "pg";
import { Webhook } from "standardwebhooks";
import { startWebhookReceiver } from "../../lib/test/webhook-receiver";
import { type AppServer, basic, type Credentials, type Report, sleep } from "./context";
import type { Callers } from "./fixtures";
import { identifyMany, startDeletionJob, waitForJob } from "./load";

type WebhookOptions = { servers: AppServer[]; databaseUrl: string; credentials: Credentials; callers: Callers; short: boolean; run: string; report: Report };

// Until no delivery of the endpoint is pending (or the timeout): how long it took.
export async function waitForDeliveries(databaseUrl: string, endpointId: string, timeoutMs: number): Promise<{ pending: number; ms: number }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const started = Date.now();
  try {
    for (;;) {
      const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM webhook_delivery WHERE endpoint_id = $1 AND status = 'pending'`, [endpointId]);
      if (rows[0].n === 0 || Date.now() - started > timeoutMs) return { pending: rows[0].n, ms: Date.now() - started };
      await sleep(250);
    }
  } finally {
    await client.end();
  }
}

export async function runWebhooks(o: WebhookOptions): Promise<void> {
  const { report } = o;
  const receiver = await startWebhookReceiver();
  const { createWebhookEndpoint, deleteWebhookEndpoint } = await import("../../lib/webhooks/endpoints");
  const { getWorkspace } = await import("../../lib/workspace/workspace");
  const workspace = await getWorkspace();
  const system = { type: "system" as const };
  const endpoint = await createWebhookEndpoint({ workspace, input: { url: receiver.url, description: `verify ${o.run}`, eventTypes: ["person.deleted", "deletion.completed"] }, actor: system });
  const client = new pg.Client({ connectionString: o.databaseUrl });
  await client.connect();
  try {
    const auth = basic(o.credentials.siteId, o.credentials.trackKey);
    const count = o.short ? 2_600 : 5_200;
    const ids = await identifyMany(o.servers.map((s) => s.base), auth, `whjob-${o.run}`, count);
    // Batches of 1,300: two events each (≤ 1,000 people an event).
    const job = await startDeletionJob(o.databaseUrl, ids, 1_300);
    const deadline = Date.now() + 60_000;
    let midJob = false;
    while (Date.now() < deadline) {
      const { rows } = await client.query<{ done: number; status: string }>(`SELECT done, status::text FROM deletion_job WHERE id = $1`, [job.jobId]);
      if (rows[0]?.status === "running" && rows[0].done > 0) {
        midJob = true;
        break;
      }
      if (rows[0] && !["queued", "running"].includes(rows[0].status)) break;
      await sleep(50);
    }
    const victim = o.servers[0];
    await victim.kill("SIGKILL");
    await victim.start();
    const finished = await waitForJob(o.databaseUrl, job.jobId, 180_000);
    const delivered = await waitForDeliveries(o.databaseUrl, endpoint.id, 120_000);
    console.log(`    job ${finished.status} ${finished.done}/${finished.total} (server killed ${midJob ? "mid-job" : "before the job was seen running"}); deliveries pending after ${Math.round(delivered.ms / 1000)} s: ${delivered.pending}`);

    const { rows: events } = await client.query<{ id: string; type: string; people: number }>(
      `SELECT e.id, e.type, e.people FROM webhook_event e JOIN webhook_delivery d ON d.event_id = e.id WHERE d.endpoint_id = $1 AND e.receipt_id = (SELECT receipt_id FROM deletion_job WHERE id = $2)`,
      [endpoint.id, job.jobId],
    );
    const received = new Map<string, string[]>();
    for (const hook of receiver.received) received.set(hook.id, [...(received.get(hook.id) ?? []), hook.body]);
    const lost = events.filter((e) => !received.has(e.id));
    const duplicates = [...received.values()].filter((bodies) => bodies.length > 1);
    const badDuplicates = duplicates.filter((bodies) => bodies.some((b) => b !== bodies[0])).length;
    const verifier = new Webhook(endpoint.secret);
    let badSignatures = 0;
    const people = new Map<string, number>();
    for (const hook of receiver.received) {
      try {
        verifier.verify(hook.body, { "webhook-id": hook.id, "webhook-timestamp": hook.timestamp, "webhook-signature": hook.signature });
      } catch {
        badSignatures++;
      }
    }
    for (const [, bodies] of received) {
      const message = JSON.parse(bodies[0]) as { type: string; data: { people?: { cio_id: string }[] } };
      for (const p of message.data.people ?? []) people.set(p.cio_id, (people.get(p.cio_id) ?? 0) + 1);
    }
    const personEvents = events.filter((e) => e.type === "person.deleted");
    const missingPeople = job.cioIds.filter((c) => people.get(c) !== 1).length;
    const oversized = personEvents.filter((e) => e.people > 1_000).length;
    const completed = events.some((e) => e.type === "deletion.completed" && received.has(e.id));
    report.add("webhooks", `kill -9 mid-job with an endpoint: ${personEvents.length} person.deleted events delivered (lost)`, `${personEvents.length - lost.length} (${lost.length} lost)`, finished.status === "completed" && lost.length === 0 && personEvents.length >= Math.ceil(count / 1_000) && delivered.pending === 0);
    report.add("webhooks", "people passed on exactly once (events ≤ 1,000 people)", `${job.cioIds.length - missingPeople}/${job.cioIds.length} (${oversized} oversized)`, missingPeople === 0 && oversized === 0);
    report.add("webhooks", "duplicates (each must repeat its webhook-id with the same body)", `${duplicates.length} (${badDuplicates} differing)`, badDuplicates === 0);
    report.add("webhooks", "signatures verified with standardwebhooks", `${receiver.received.length - badSignatures}/${receiver.received.length}`, badSignatures === 0 && receiver.received.length > 0);
    report.add("webhooks", "deletion.completed delivered", completed ? "yes" : "no", completed);

    // Residue: no payload held, and none of the people's values anywhere in the webhook tables.
    const { rows: held } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM webhook_event WHERE payload IS NOT NULL`);
    const sample = [...ids.slice(0, 10), ...ids.slice(0, 10).map((id) => `${id}@example.test`), ...job.cioIds.slice(0, 10)];
    const { rows: columns } = await client.query<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name LIKE 'webhook%' AND data_type IN ('text', 'jsonb', 'json', 'character varying', 'ARRAY')`,
    );
    let hits = 0;
    for (const c of columns) {
      const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${c.table_name}" WHERE position($1 in lower("${c.column_name}"::text)) > 0`, [`whjob-${o.run}`]);
      hits += rows[0].n;
    }
    for (const needle of sample) {
      const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM webhook_event WHERE position($1 in lower(redacted::text)) > 0`, [needle.toLowerCase()]);
      hits += rows[0].n;
    }
    report.add("webhooks", "residue after delivery: payloads held / planted values in webhook columns", `${held[0].n} / ${hits}`, held[0].n === 0 && hits === 0);
  } finally {
    await client.end();
    await deleteWebhookEndpoint({ workspace, id: endpoint.id, actor: system }).catch(() => undefined);
    await receiver.close();
  }
}
