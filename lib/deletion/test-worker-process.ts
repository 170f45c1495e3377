// A deletion worker in a process of its own, for the fault tests (deletion-worker.server.test.ts):
// prints "ready" once connected, then runs the job named on the command line until it ends here or
// elsewhere, and prints {"batches": n, "outcome": ...} as its last line. The test kills it with
// SIGKILL mid-job, or runs two at once.
import { closeDb, db } from "../db";
import { processNextDeletionJob } from "./worker";

const jobId = process.argv[2];
await db.$queryRaw`SELECT 1`;
console.log("ready");
let batches = 0;
let outcome = "none";
for (;;) {
  const ran = await processNextDeletionJob({ jobId });
  if (!ran) {
    const job = await db.deletionJob.findUnique({ where: { id: jobId }, select: { status: true } });
    // Not created yet: wait for it. Finished: we're done.
    if (job && job.status !== "queued" && job.status !== "running") break;
    await new Promise((resolve) => setTimeout(resolve, 20));
    continue;
  }
  batches += ran.batches;
  outcome = ran.outcome;
  if (ran.outcome !== "busy") break;
  await new Promise((resolve) => setTimeout(resolve, 20));
}
console.log(JSON.stringify({ batches, outcome }));
await closeDb();
process.exit(0);
