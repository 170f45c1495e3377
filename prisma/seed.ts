// Demo data, idempotent: running it again adds nothing that exists (people are keyed by their `id`,
// suppression entries by type+email, users by email, segments by name), never brings back a
// suppressed id or email, and `--people N` tops the workspace up to N demo people, in bulk SQL
// batches. The demo users' password is DEMO_PASSWORD, or one generated for this database, printed
// when the users are created and kept owner-only beside the data folder (lib/demo/seed-policy.ts).
//   npm run db:seed                      5,000 people (SEED_PEOPLE overrides)
//   npm run db:seed -- --people 1000000  a million, ~5 activities each
//   npm run db:seed -- --once            only if this database was never seeded (used by npm start)
import { parseArgs } from "node:util";
import { closeDb } from "../lib/db";
import { getWorkspace } from "../lib/workspace/workspace";
import { seedDemo, seedDemoOnce } from "../lib/demo/seed-demo";

const { values } = parseArgs({
  options: {
    people: { type: "string" },
    once: { type: "boolean", default: false },
    quiet: { type: "boolean", default: false },
  },
});

const people = Number(values.people ?? process.env.SEED_PEOPLE ?? 5000);
if (!Number.isInteger(people) || people < 0) {
  console.error(`--people must be a whole number, got ${values.people}`);
  process.exit(2);
}

try {
  const workspace = await getWorkspace();
  const options = { workspace, people, log: values.quiet ? () => {} : console.log };
  if (values.once) await seedDemoOnce(options);
  else await seedDemo(options);
} finally {
  await closeDb();
}
process.exit(0);
