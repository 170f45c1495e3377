// Seed throughput: demo people (~5 activities each) into a fresh database on the PostgreSQL server.
//   npm run bench:seed -- [--people 1000000] [--keep]
import { parseArgs } from "node:util";
import { createTestDatabase, DEFAULT_TEST_SERVER_URL } from "../../lib/test/server-database";

const { values } = parseArgs({ options: { people: { type: "string", default: "1000000" }, keep: { type: "boolean", default: false } } });
const people = Number(values.people);
const database = await createTestDatabase(process.env.TEST_POSTGRES_URL ?? DEFAULT_TEST_SERVER_URL);
process.env.DATABASE_URL = database.url;
const { closeDb } = await import("../../lib/db");
const { getWorkspace } = await import("../../lib/workspace/workspace");
const { seedDemo } = await import("../../lib/demo/seed-demo");

const started = performance.now();
await seedDemo({ workspace: await getWorkspace(), people, log: console.log });
const seconds = (performance.now() - started) / 1000;
await closeDb();
if (values.keep) console.log(`kept: ${database.url}`);
else await database.drop();
console.log(`seed: ${people.toLocaleString("en-US")} people in ${seconds.toFixed(1)} s, ${Math.round(people / seconds).toLocaleString("en-US")} people/s`);
process.exit(0);
