// The load phase's traffic, in a process of its own: mixed Track API calls (identify, update, events,
// delete, suppress, unsuppress) spread round-robin over the app servers (no sticky routing: one
// person's calls land on either), recording every acknowledged (2xx) call, so the parent can check
// the database against what the API promised. Args: a JSON config; writes its result as JSON to `out`.
//
// People by class, so that each check is decidable whatever the interleaving:
//   I — identified (with email), updated, sent events: every acked identify must be stored, and every
//       event sent after its person's identify was acked must be stored;
//   S — identified, later suppressed, some later unsuppressed: no living person may hold a suppressed
//       identifier, an acked suppress leaves no person, no unredacted activity and no plaintext;
//   D — identified, later deleted.
import { writeFileSync } from "node:fs";
import autocannon from "autocannon";

type Config = { bases: string[]; auth: string; seconds: number; connections: number; run: string; out: string; stopFile?: string };
const config = JSON.parse(process.argv[2]) as Config;
const LAG = 5; // how many people back a later call (update, event, suppress, delete) reaches

type Op = { kind: "identify" | "update" | "event" | "suppress" | "unsuppress" | "delete"; cls: "I" | "S" | "D"; n: number; eventId?: string; sentAt: number };
const acked = {
  identifyI: new Map<number, number>(), // n → ack time
  identifyS: [] as number[],
  identifyD: new Map<number, number>(), // n → ack time
  updates: [] as { n: number; seats: number }[],
  events: [] as { n: number; id: string }[], // sent after the identify was acked
  suppress: [] as number[],
  unsuppress: [] as number[],
  delete: [] as number[],
};
const counts = { total: 0, ok: 0, refusedSuppressed: 0, errors: 0, byKind: {} as Record<string, number>, statuses: {} as Record<string, number> };
let step = 0;
let nI = 0;
let nS = 0;
let nD = 0;
let eventCounter = 0;

const id = (cls: string, n: number) => `load-${config.run}-${cls.toLowerCase()}${n}`;
const email = (cls: string, n: number) => `${id(cls, n)}@example.test`;

function nextOp(): { op: Op; method: string; path: string; body?: string } {
  const s = step++;
  const now = Date.now();
  const slot = s % 10;
  if (slot <= 2 || (slot === 4 && nI < LAG) || (slot === 5 && nI < LAG)) {
    const n = nI++;
    return { op: { kind: "identify", cls: "I", n, sentAt: now }, method: "PUT", path: `/api/v1/customers/${id("I", n)}`, body: JSON.stringify({ email: email("I", n), plan: "pro", seats: 1 }) };
  }
  if (slot === 3 || slot === 4) {
    // An event for someone whose identify was acknowledged (if any yet).
    const known = [...acked.identifyI.keys()];
    const n = known.length > 0 ? known[(s * 7919) % known.length] : 0;
    const eventId = `${config.run}-e${eventCounter++}`;
    return { op: { kind: "event", cls: "I", n, eventId, sentAt: now }, method: "POST", path: `/api/v1/customers/${id("I", n)}/events`, body: JSON.stringify({ name: "purchase", id: eventId, data: { total: s % 100 } }) };
  }
  if (slot === 5) {
    const n = Math.max(0, nI - 1 - ((s * 31) % LAG));
    return { op: { kind: "update", cls: "I", n, sentAt: now }, method: "PUT", path: `/api/v1/customers/${id("I", n)}`, body: JSON.stringify({ seats: s }) };
  }
  if (slot === 6) {
    const n = nS++;
    return { op: { kind: "identify", cls: "S", n, sentAt: now }, method: "PUT", path: `/api/v1/customers/${id("S", n)}`, body: JSON.stringify({ email: email("S", n), secret_note: `planted-${config.run}-s${n}` }) };
  }
  if (slot === 7 && nS > LAG) {
    const n = nS - LAG;
    return { op: { kind: "suppress", cls: "S", n, sentAt: now }, method: "POST", path: `/api/v1/customers/${id("S", n)}/suppress` };
  }
  if (slot === 8) {
    const n = nD++;
    return { op: { kind: "identify", cls: "D", n, sentAt: now }, method: "PUT", path: `/api/v1/customers/${id("D", n)}`, body: JSON.stringify({ email: email("D", n) }) };
  }
  if (slot === 9 && nD > LAG) {
    const n = nD - LAG;
    if (n % 5 === 0 && nS > 3 * LAG) {
      // Every fifth: unsuppress someone suppressed well before (by id).
      const m = nS - 3 * LAG;
      return { op: { kind: "unsuppress", cls: "S", n: m, sentAt: now }, method: "POST", path: `/api/v1/customers/${id("S", m)}/unsuppress` };
    }
    return { op: { kind: "delete", cls: "D", n, sentAt: now }, method: "DELETE", path: `/api/v1/customers/${id("D", n)}` };
  }
  const n = nI++;
  return { op: { kind: "identify", cls: "I", n, sentAt: now }, method: "PUT", path: `/api/v1/customers/${id("I", n)}`, body: JSON.stringify({ email: email("I", n), plan: "free", seats: 0 }) };
}

function record(op: Op, status: number) {
  counts.total++;
  counts.byKind[op.kind] = (counts.byKind[op.kind] ?? 0) + 1;
  counts.statuses[status] = (counts.statuses[status] ?? 0) + 1;
  if (status >= 200 && status < 300) {
    counts.ok++;
    const now = Date.now();
    if (op.kind === "identify" && op.cls === "I") acked.identifyI.set(op.n, now);
    else if (op.kind === "identify" && op.cls === "S") acked.identifyS.push(op.n);
    else if (op.kind === "identify" && op.cls === "D") acked.identifyD.set(op.n, now);
    else if (op.kind === "update") acked.updates.push({ n: op.n, seats: 0 });
    else if (op.kind === "event") {
      const identifiedAt = acked.identifyI.get(op.n);
      if (identifiedAt !== undefined && identifiedAt < op.sentAt) acked.events.push({ n: op.n, id: op.eventId! });
    } else if (op.kind === "suppress") acked.suppress.push(op.n);
    else if (op.kind === "unsuppress") acked.unsuppress.push(op.n);
    // Only a delete sent after its person's identify was acknowledged is checked: an identify the client
    // gave up on (timeout) may still reach the database after the delete, and then rightly stays.
    else if (op.kind === "delete" && (acked.identifyD.get(op.n) ?? Infinity) < op.sentAt) acked.delete.push(op.n);
  } else if (status === 409 && op.kind === "identify" && op.cls === "S") {
    // Reached the server after its own suppress (the calls of one person race on two servers).
    counts.refusedSuppressed++;
  } else {
    counts.errors++;
  }
}

type Ctx = { op?: Op };
const perServer = Math.max(1, Math.floor(config.connections / config.bases.length));
const results = await Promise.all(
  config.bases.map((base) =>
    autocannon({
      url: base,
      connections: perServer,
      duration: config.seconds,
      timeout: 10,
      headers: { authorization: config.auth, "content-type": "application/json" },
      requests: [
        {
          setupRequest: (request: Record<string, unknown>, context: Ctx) => {
            const { op, method, path, body } = nextOp();
            context.op = op;
            return { ...request, method, path, body };
          },
          onResponse: (status: number, _body: string, context: Ctx) => {
            if (context.op) record(context.op, status);
            context.op = undefined;
          },
        },
      ],
    } as unknown as Parameters<typeof autocannon>[0]),
  ),
);

const latency = { p50: Math.max(...results.map((r) => r.latency.p50)), p99: Math.max(...results.map((r) => r.latency.p99)) };
const rps = results.reduce((sum, r) => sum + r.requests.average, 0);
const transportErrors = results.reduce((sum, r) => sum + r.errors + r.timeouts, 0);
writeFileSync(
  config.out,
  JSON.stringify({
    rps,
    latency,
    transportErrors,
    counts,
    people: { I: nI, S: nS, D: nD },
    acked: { ...acked, identifyI: [...acked.identifyI.keys()], identifyD: [...acked.identifyD.keys()] },
  }),
);
process.exit(0);
