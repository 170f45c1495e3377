// `npm run bench:import`: CSV import throughput through the real import path (importPeople →
// identifyMany, set-based) against plain SQL doing the same inserts, in the same run, on the
// PostgreSQL server:
//   npm run bench:import -- [--rows 100000] [--existing 200000] [--keep]
// A fresh database gets --existing demo people first; then a CSV of --rows new people (id, email and
// 5 attributes) is imported into the workspace, and the same rows (other ids) are inserted by plain
// SQL (people, claims, profile_created activity; 10,000 rows per statement) into a second workspace.
// Prints people/s for both and their ratio; the last line is `import: N people/s, ratio R`.
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { createTestDatabase, DEFAULT_TEST_SERVER_URL } from "../../lib/test/server-database";

const { values } = parseArgs({
  options: { rows: { type: "string", default: "100000" }, existing: { type: "string", default: "200000" }, keep: { type: "boolean", default: false } },
});
const ROWS = Number(values.rows);
const EXISTING = Number(values.existing);
const SQL_BATCH = 10_000;

const database = await createTestDatabase(process.env.TEST_POSTGRES_URL ?? DEFAULT_TEST_SERVER_URL);
process.env.DATABASE_URL = database.url;
const { closeDb, db } = await import("../../lib/db");
const { getWorkspace } = await import("../../lib/workspace/workspace");
const { seedDemo } = await import("../../lib/demo/seed-demo");
const { importPeople } = await import("../../lib/imports/import-people");
const { hashIdentifier, maskEmail, maskId, newCioId } = await import("../../lib/identity/identifiers");
const { newProfileKeys, seal } = await import("../../lib/profile-keys/sealing");

const run = randomBytes(3).toString("hex");
const PLANS = ["free", "pro", "team"];
const row = (prefix: string, n: number) => ({
  id: `${prefix}-${run}-${n}`,
  email: `${prefix}-${run}-${n}@example.test`,
  plan: PLANS[n % 3],
  seats: n % 50,
  country: n % 2 ? "DE" : "FR",
  vip: n % 7 === 0,
  signup_source: `campaign-${n % 20}`,
});

try {
  const workspace = await getWorkspace();
  if (EXISTING > 0) {
    const seeding = performance.now();
    await seedDemo({ workspace, people: EXISTING, log: () => undefined });
    console.log(`existing: ${EXISTING.toLocaleString("en-US")} people seeded in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);
  }
  await db.$executeRawUnsafe("ANALYZE");

  // 1. The real import path, from a CSV string.
  const header = "id,email,plan,seats,country,vip,signup_source";
  const lines = [header];
  for (let n = 0; n < ROWS; n++) {
    const r = row("imp", n);
    lines.push([r.id, r.email, r.plan, r.seats, r.country, r.vip, r.signup_source].join(","));
  }
  const importing = performance.now();
  const summary = await importPeople({ workspace, source: lines.join("\n"), fileName: "bench.csv", actor: { type: "system" } });
  const importSeconds = (performance.now() - importing) / 1000;
  if (summary.created !== ROWS) throw new Error(`import created ${summary.created} of ${ROWS} people (${summary.rejected} rejected)`);

  // 2. Plain SQL doing the same inserts into a workspace of its own.
  const other = await db.workspace.create({
    data: { id: `ws_bench_${run}`, name: "bench", identificationMode: "email_or_id", hashSecret: randomBytes(32).toString("hex") },
  });
  const plain = performance.now();
  for (let start = 0; start < ROWS; start += SQL_BATCH) {
    const people = Array.from({ length: Math.min(SQL_BATCH, ROWS - start) }, (_, i) => {
      const { id, email, ...attributes } = row("sql", start + i);
      // As identify leaves a new person: a key row, and the profile_created snapshot sealed under its attribute key.
      const keys = newProfileKeys(other);
      const created = seal(keys.attributeKey, { name: null, data: { attributes: { ...attributes, id: maskId(id), email: maskEmail(email) } }, clientEventId: null });
      return {
        cio_id: newCioId(),
        id,
        email,
        attributes,
        id_hash: hashIdentifier(other, "id", id),
        email_hash: hashIdentifier(other, "email", email),
        event_key: keys.wrappedEventKey.toString("base64"),
        attribute_key: keys.wrappedAttributeKey.toString("base64"),
        created: created.toString("base64"),
      };
    });
    const json = JSON.stringify(people);
    await db.$transaction(async (tx) => {
      await tx.$executeRaw`
        WITH k AS (
          INSERT INTO profile_key (workspace_id, cio_id, event_key, attribute_key)
          SELECT ${other.id}, r.cio_id, decode(r.event_key, 'base64'), decode(r.attribute_key, 'base64')
          FROM jsonb_to_recordset(${json}::jsonb) AS r(cio_id text, event_key text, attribute_key text)
          RETURNING id, cio_id
        ),
        p AS (
          INSERT INTO person (cio_id, workspace_id, external_id, email, email_key, attributes, key_id)
          SELECT r.cio_id, ${other.id}, r.id, r.email, lower(r.email), r.attributes, k.id
          FROM jsonb_to_recordset(${json}::jsonb) AS r(cio_id text, id text, email text, attributes jsonb) JOIN k USING (cio_id)
        )
        INSERT INTO activity (workspace_id, key_id, type, sealed)
        SELECT ${other.id}, k.id, 'profile_created', decode(r.created, 'base64')
        FROM jsonb_to_recordset(${json}::jsonb) AS r(cio_id text, created text) JOIN k USING (cio_id)`;
      await tx.$executeRaw`
        INSERT INTO identifier_claim (workspace_id, kind, value_hash, cio_id)
        SELECT ${other.id}, k.kind::"IdentifierKind", k.hash, r.cio_id
        FROM jsonb_to_recordset(${json}::jsonb) AS r(cio_id text, id_hash text, email_hash text),
          LATERAL (VALUES ('id', r.id_hash), ('email', r.email_hash)) AS k(kind, hash)`;
    });
  }
  const plainSeconds = (performance.now() - plain) / 1000;

  const importRate = ROWS / importSeconds;
  const plainRate = ROWS / plainSeconds;
  console.log(`plain SQL: ${ROWS.toLocaleString("en-US")} people in ${plainSeconds.toFixed(1)} s, ${Math.round(plainRate).toLocaleString("en-US")} people/s`);
  console.log(`import (CSV → importPeople): ${ROWS.toLocaleString("en-US")} people in ${importSeconds.toFixed(1)} s, ${Math.round(importRate).toLocaleString("en-US")} people/s`);
  console.log(`import: ${Math.round(importRate)} people/s, ratio ${(importRate / plainRate).toFixed(2)}`);
} finally {
  await closeDb();
  if (values.keep) console.log(`kept: ${database.url}`);
  else await database.drop();
}
process.exit(0);
