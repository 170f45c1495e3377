// Demo data, idempotent: running it again adds nothing that exists (people are keyed by their `id`,
// suppression entries by type+email, users by email, segments by name), and `--people N` tops the
// workspace up to N demo people, in bulk SQL batches.
//   npm run db:seed                      5,000 people (SEED_PEOPLE overrides)
//   npm run db:seed -- --people 1000000  a million, ~5 activities each
//   npm run db:seed -- --if-empty        only when the workspace has no people yet (used by npm start)
import { parseArgs } from "node:util";
import { closeDb, db } from "../lib/db";
import { getWorkspace } from "../lib/workspace/workspace";
import { seedDemo } from "../lib/demo/seed-demo";

const { values } = parseArgs({
  options: {
    people: { type: "string" },
    "if-empty": { type: "boolean", default: false },
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
  const hasPeople = (await db.person.count({ where: { workspaceId: workspace.id }, take: 1 })) > 0;
  if (values["if-empty"] && hasPeople) {
    if (!values.quiet) console.log("demo data: the workspace already has people, nothing seeded");
  } else {
    await seedDemo({ workspace, people, log: values.quiet ? () => {} : console.log });
  }
} finally {
  await closeDb();
}
process.exit(0);
