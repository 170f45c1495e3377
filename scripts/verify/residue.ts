// Phase 5: residue scan. A planted person (id, email in mixed case, a planted attribute, an event with
// planted name and data, an import row, a segment membership, reads through the App API) is suppressed
// through the Track API; afterwards no text or JSON column of any table (information_schema) and no
// line of the app servers' captured output may hold their email, id, cio_id or planted values, their
// profile's key row is gone, and no key the database still holds opens any of their sealed activity.
// A webhook endpoint (a receiver in this process) is attached first: the suppress's event must reach it
// carrying their id and email, and the scan then runs over the outbox too (its payload purged).
import { readFileSync } from "node:fs";
import pg from "pg";
import { type AppServer, basic, bearer, type Credentials, type Report, request } from "./context";
import type { Callers } from "./fixtures";
import { startWebhookReceiver } from "../../lib/test/webhook-receiver";
import { waitForDeliveries } from "./webhooks";

export async function runResidue(options: { base: string; databaseUrl: string; credentials: Credentials; callers: Callers; run: string; servers: AppServer[]; report: Report }): Promise<void> {
  const { base, credentials, run, report } = options;
  const track = basic(credentials.siteId, credentials.trackKey);
  const app = bearer(credentials.appKey);
  const planted = {
    id: `planted-${run}-id`,
    email: `Planted.${run}@Example.TEST`,
    attribute: `plantedattr${run}value`,
    eventName: `plantedevent${run}`,
    eventData: `planteddata${run}`,
  };
  const bases = options.servers.map((s) => s.base);
  const receiver = await startWebhookReceiver();
  const { createWebhookEndpoint, deleteWebhookEndpoint } = await import("../../lib/webhooks/endpoints");
  const { WEBHOOK_EVENT_TYPES } = await import("../../lib/outbox/event-types");
  const { getWorkspace } = await import("../../lib/workspace/workspace");
  const workspace = await getWorkspace();
  const endpoint = await createWebhookEndpoint({ workspace, input: { url: receiver.url, description: `residue ${run}`, eventTypes: [...WEBHOOK_EVENT_TYPES] }, actor: { type: "system" } });
  try {
    await plantAndScan();
  } finally {
    await deleteWebhookEndpoint({ workspace, id: endpoint.id, actor: { type: "system" } }).catch(() => undefined);
    await receiver.close();
  }

  async function plantAndScan(): Promise<void> {
    const steps: [string, Awaited<ReturnType<typeof request>>][] = [];
    const step = async (name: string, p: Promise<Awaited<ReturnType<typeof request>>>) => steps.push([name, await p]);
    await step("identify", request({ base: bases[0], method: "PUT", path: `/api/v1/customers/${planted.id}`, headers: { authorization: track, "content-type": "application/json" }, body: JSON.stringify({ email: planted.email, secret_attr: planted.attribute }) }));
    await step("event", request({ base: bases[bases.length - 1], method: "POST", path: `/api/v1/customers/${planted.id}/events`, headers: { authorization: track, "content-type": "application/json" }, body: JSON.stringify({ name: planted.eventName, id: `${run}-planted-event`, data: { note: planted.eventData } }) }));
    await step("update", request({ base: bases[bases.length - 1], method: "PUT", path: `/api/v1/customers/${planted.id}`, headers: { authorization: track, "content-type": "application/json" }, body: JSON.stringify({ other_attr: `${planted.attribute}-2` }) }));
    await step("import", request({ base, method: "POST", path: `/api/v1/imports`, headers: { authorization: track, "content-type": "text/csv" }, body: `id,email,imported_attr\n${planted.id},${planted.email},${planted.attribute}-3\n` }));
    await step("app read", request({ base, method: "GET", path: `/v1/customers/${planted.id}/attributes`, headers: { authorization: app } }));
    await step("app activities", request({ base, method: "GET", path: `/v1/customers/${planted.id}/activities`, headers: { authorization: app } }));
    const client = new pg.Client({ connectionString: options.databaseUrl });
    await client.connect();
    const { rows } = await client.query<{ cio_id: string }>(`SELECT cio_id FROM person WHERE external_id = $1`, [planted.id]);
    const cioId = rows[0]?.cio_id;
    const { rows: keyRows } = await client.query<{ key_id: string | null }>(`SELECT key_id::text AS key_id FROM person WHERE external_id = $1`, [planted.id]);
    const keyId = keyRows[0]?.key_id ?? null;
    // A manual segment holding them.
    if (cioId) {
      const { createSegment, addPeopleToSegment } = await import("../../lib/segments/segments");
      const segment = await createSegment({ workspaceId: options.callers.workspaceId, input: { kind: "manual", name: `Residue ${run}` } as never });
      await addPeopleToSegment({ workspaceId: options.callers.workspaceId, segmentId: segment.id, selection: { cioIds: [cioId] } });
    }
    await step("suppress", request({ base: bases[bases.length - 1], method: "POST", path: `/api/v1/customers/${planted.id}/suppress`, headers: { authorization: track } }));
    const failedSteps = steps.filter(([, r]) => r.status >= 300).map(([name, r]) => `${name} ${r.status}`);
    // The outbox passed them on (id and email in plaintext, to the receiver only), then let go of them.
    const deliveries = await waitForDeliveries(options.databaseUrl, endpoint.id, 60_000);
    const passedOn = receiver.received.some((hook) => hook.body.includes(planted.id) && hook.body.toLowerCase().includes(planted.email.toLowerCase()));
    const { rows: heldPayloads } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM webhook_event WHERE payload IS NOT NULL`);
    const { rows: outboxRows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM webhook_event`);

    const needles = [planted.id, planted.email.toLowerCase(), planted.attribute.toLowerCase(), planted.eventName.toLowerCase(), planted.eventData.toLowerCase(), ...(cioId ? [cioId] : [])];
    const columns = await client.query<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'jsonb', 'json', 'character')`,
    );
    const found: string[] = [];
    for (const c of columns.rows) {
      for (const needle of needles) {
        const { rows: hits } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${c.table_name}" WHERE position($1 in lower("${c.column_name}"::text)) > 0`, [needle.toLowerCase()]);
        if (hits[0].n > 0) found.push(`${c.table_name}.${c.column_name} holds ${needle === cioId ? "the cio_id" : JSON.stringify(needle)} (${hits[0].n} rows)`);
      }
    }
    // Their sealed history: still there as rows, readable by nothing the database holds.
    const { openSealed, unwrapKey } = await import("../../lib/profile-keys/sealing");
    const { rows: sealed } = await client.query<{ sealed: Buffer }>(`SELECT sealed FROM activity WHERE key_id = $1 AND sealed IS NOT NULL`, [keyId]);
    const { rows: keyLeft } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM profile_key WHERE id = $1 OR cio_id = $2`, [keyId, cioId ?? ""]);
    const { rows: held } = await client.query<{ workspace_id: string; hash_secret: string; event_key: Buffer; attribute_key: Buffer | null }>(
      `SELECT k.workspace_id, w.hash_secret, k.event_key, k.attribute_key FROM profile_key k JOIN workspace w ON w.id = k.workspace_id`,
    );
    let opened = 0;
    for (const row of sealed) {
      for (const k of held) {
        const owner = { id: k.workspace_id, hashSecret: k.hash_secret };
        if ([k.event_key, k.attribute_key].some((wrapped) => wrapped && unwrapKey(owner, wrapped) && openSealed(unwrapKey(owner, wrapped)!, row.sealed))) opened++;
      }
    }
    await client.end();
    const logHits: string[] = [];
    for (const server of options.servers) {
      const log = readFileSync(server.logPath, "utf8").toLowerCase();
      for (const needle of needles) if (log.includes(needle.toLowerCase())) logHits.push(`${server.logPath.split("/").pop()} holds ${JSON.stringify(needle)}`);
    }
    for (const line of [...failedSteps.map((s) => `step ${s}`), ...found, ...logHits]) console.log(`    ✗ ${line}`);
    report.add("residue", "planting and suppressing through the API", failedSteps.length === 0 && cioId ? "ok" : `failed: ${failedSteps.join(", ") || "no person"}`, failedSteps.length === 0 && Boolean(cioId));
    report.add("residue", `text/JSON columns scanned (${columns.rows.length}) holding planted values`, found.length, found.length === 0);
    report.add("residue", "server log lines holding planted values", logHits.length, logHits.length === 0);
    report.add(
      "residue",
      `sealed activity (${sealed.length} rows): key row left / opened by a held key (${held.length})`,
      `${keyLeft[0].n} / ${opened}`,
      keyId !== null && sealed.length > 0 && keyLeft[0].n === 0 && opened === 0,
    );
    report.add(
      "residue",
      `outbox (${outboxRows[0].n} events, scanned above): suppress delivered with id + email / payloads still held`,
      `${passedOn ? "yes" : "no"} / ${heldPayloads[0].n}`,
      passedOn && deliveries.pending === 0 && heldPayloads[0].n === 0 && outboxRows[0].n > 0,
    );
  }
}
