// `npm run bench:ui`: the People page's server-side reads at 1,000,000 people on the PostgreSQL server.
//  1. a fresh database of its own on UI_BENCH_SERVER (default postgresql://postgres@127.0.0.1:5432/postgres),
//     migrated and filled by the demo seed (lib/demo/seed-demo.ts: UI_BENCH_PEOPLE people, default
//     1,000,000, ~5 activities each, the demo segments with materialized membership), then VACUUM ANALYZE
//     (what autovacuum does in production);
//  2. p50/p95 over UI_BENCH_RUNS runs (default 40, after 3 warm-ups) of what the page and dialog ask
//     lib/people/queries for: the first page with a segment filter (rows + total), a search (rows +
//     total), a page deep in the list (keyset cursor ~500,000 rows in, rows + total), the
//     "Select all N" count of a segment, segment + search, attribute filters (equals, exists,
//     before, after; signed_up_at indexed first, as an admin would, through lib/attribute-indexes) and
//     segment + attribute (rows + total each); plus a few unbudgeted extras (a range on an attribute
//     that is not indexed among them).
// The last line is `p95: <worst of the budgeted> ms`. --keep keeps the database (its URL is printed);
// UI_BENCH_REUSE=<that url> times it again without seeding. Exits 1 when the worst p95 is over 200 ms.
import { spawnSync } from "node:child_process";
import type { Condition } from "../../lib/segments/condition-schema";
import { timeCases, type TimedCase } from "./timing";

// lib/ modules `import "server-only"`, which is a no-op only under the react-server condition.
if (!process.execArgv.some((arg) => arg.includes("react-server")) && !(process.env.NODE_OPTIONS ?? "").includes("react-server")) {
  const again = spawnSync(process.execPath, ["--conditions=react-server", ...process.execArgv, ...process.argv.slice(1)], { stdio: "inherit" });
  process.exit(again.status ?? 1);
}

const SERVER = process.env.UI_BENCH_SERVER ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const PEOPLE = Number(process.env.UI_BENCH_PEOPLE ?? 1_000_000);
const RUNS = Number(process.env.UI_BENCH_RUNS ?? 40);
const P95_BUDGET_MS = 200;
const reuse = process.env.UI_BENCH_REUSE;
const keep = process.argv.includes("--keep") || Boolean(reuse);


let url: string;
let drop: (() => Promise<void>) | null = null;
if (reuse) {
  url = reuse;
} else {
  const { createTestDatabase } = await import("../../lib/test/server-database");
  const database = await createTestDatabase(SERVER);
  url = database.url;
  drop = database.drop;
}
process.env.DATABASE_URL = url;
console.log(`database ${new URL(url).pathname.slice(1)} on ${new URL(url).host}${reuse ? " (reused)" : ""}`);

const { db, closeDb } = await import("../../lib/db");
const { getWorkspace } = await import("../../lib/workspace/workspace");
const workspace = await getWorkspace();

if (!reuse) {
  const { seedDemo } = await import("../../lib/demo/seed-demo");
  const started = performance.now();
  await seedDemo({ workspace, people: PEOPLE, log: (m) => console.log(`  ${m}`) });
  console.log(`seeded in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  const vacuumStarted = performance.now();
  await db.$executeRawUnsafe("VACUUM ANALYZE");
  console.log(`VACUUM ANALYZE in ${((performance.now() - vacuumStarted) / 1000).toFixed(1)} s`);
}

// signed_up_at is filtered by range below: an admin indexes it (Settings → Workspace → Indexed
// attributes), through the same functions, timed as the admin waits for "Ready".
{
  const { addIndexedAttribute, buildAttributeIndex } = await import("../../lib/attribute-indexes/attribute-indexes");
  const started = performance.now();
  await addIndexedAttribute({ workspaceId: workspace.id, name: "signed_up_at", actor: { type: "system" } });
  const status = await buildAttributeIndex("signed_up_at");
  console.log(`indexed attribute signed_up_at: ${status ?? "being built elsewhere"} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

const { findPeople, countPeople } = await import("../../lib/people/queries");
const { parsePeopleSearchParams, encodeCursor } = await import("../../lib/people/search-params");

const segments = await db.segment.findMany({ where: { workspaceId: workspace.id }, select: { id: true, name: true } });
const segmentId = (name: string) => {
  const found = segments.find((s) => s.name === name);
  if (!found) throw new Error(`segment ${name} missing: was the database seeded by the demo seed?`);
  return found.id;
};
const pro = segmentId("Pro plan");
const germany = segmentId("Germany");
const people = await db.person.count({ where: { workspaceId: workspace.id } });

// A keyset cursor ~half-way down the default order (created, newest first), as "Next" links carry after
// walking that far. Finding it is setup, not timed.
const [deepRow] = await db.$queryRaw<{ sort_value: string; cio_id: string }[]>`
  SELECT to_char(created_at, 'YYYY-MM-DD"T"HH24:MI:SS.MS') AS sort_value, cio_id FROM person
  WHERE workspace_id = ${workspace.id} ORDER BY created_at DESC, cio_id DESC OFFSET ${Math.floor(people / 2)} LIMIT 1`;
const deepCursor = parsePeopleSearchParams({ cursor: encodeCursor("after", deepRow.sort_value, deepRow.cio_id) }).cursor;

const base = { workspaceId: workspace.id };
// One-condition attribute filters as the page's filter builder sends them (dates as unix seconds).
const attribute = (field: string, operator: "eq" | "exists" | "before" | "after", value?: string | number): Condition => ({
  and: [{ attribute: { field, operator, ...(value === undefined ? {} : { value }) } }],
});
// Relative to the demo data's present (its dates are fixed; measured from today, "seen in the last 30
// days" would match nobody once the calendar moves past it, and time a scan of everyone instead).
const { DEMO_NOW } = await import("../../lib/demo/demo-data");
const yearAgo = DEMO_NOW - 365 * 86_400;
const monthAgo = DEMO_NOW - 30 * 86_400;
const cases: TimedCase[] = [
  { name: "first page, segment filter (Pro plan)", isBudgeted: true, run: () => findPeople({ ...base, segmentId: pro }) },
  { name: "search 'chloe.schmidt' (email prefix)", isBudgeted: true, run: () => findPeople({ ...base, search: "chloe.schmidt" }) },
  { name: `deep page (cursor ${Math.floor(people / 2).toLocaleString("en-US")} in)`, isBudgeted: true, run: () => findPeople({ ...base, cursor: deepCursor }) },
  { name: "Select all N count (Pro plan)", isBudgeted: true, run: () => countPeople({ ...base, segmentId: pro }) },
  // Every combination the page offers, rows + total each (findPeople answers both).
  { name: "segment + search (Pro plan, 'chloe')", isBudgeted: true, run: () => findPeople({ ...base, segmentId: pro, search: "chloe" }) },
  { name: "attribute equals (country = DE)", isBudgeted: true, run: () => findPeople({ ...base, condition: attribute("country", "eq", "DE") }) },
  { name: "attribute exists (purchase_count)", isBudgeted: true, run: () => findPeople({ ...base, condition: attribute("purchase_count", "exists") }) },
  { name: "attribute before (signed_up_at, a year ago)", isBudgeted: true, run: () => findPeople({ ...base, condition: attribute("signed_up_at", "before", yearAgo) }) },
  { name: "attribute after (last_seen_at, 30 days)", isBudgeted: true, run: () => findPeople({ ...base, condition: attribute("last_seen_at", "after", monthAgo) }) },
  { name: "segment + attribute (Pro plan, country = FR)", isBudgeted: true, run: () => findPeople({ ...base, segmentId: pro, condition: attribute("country", "eq", "FR") }) },
  // The same range on an attribute nobody indexed: what the page costs until an admin indexes it.
  { name: "attribute before, not indexed (last_seen_at, a year ago)", isBudgeted: false, run: () => findPeople({ ...base, condition: attribute("last_seen_at", "before", yearAgo) }) },
  { name: "first page, no filter", isBudgeted: false, run: () => findPeople(base) },
  { name: "search 'user_4242' (id prefix)", isBudgeted: false, run: () => findPeople({ ...base, search: "user_4242" }) },
  { name: "segment + search (Germany, 'ada')", isBudgeted: false, run: () => findPeople({ ...base, segmentId: germany, search: "ada" }) },
  { name: "segment, sorted by email", isBudgeted: false, run: () => findPeople({ ...base, segmentId: pro, sort: "email", order: "asc" }) },
  { name: "last page, segment (Germany)", isBudgeted: false, run: () => findPeople({ ...base, segmentId: germany, cursor: { direction: "last" } }) },
];

const sample = await findPeople({ ...base, segmentId: pro });
console.log(`${people.toLocaleString("en-US")} people; Pro plan: ${sample.total.toLocaleString("en-US")} members`);

const timings = await timeCases(cases, RUNS);
const worst = Math.max(...timings.filter((t) => t.isBudgeted).map((t) => t.p95));
console.log("(* budgeted: p95 < 200 ms)");

await closeDb();
if (keep) console.log(`\nkept: ${url}`);
else await drop?.();
console.log(`p95: ${worst.toFixed(1)} ms`);
process.exit(worst > P95_BUDGET_MS ? 1 : 0);
