-- Deletion jobs: batches claimed by row lock (FOR UPDATE SKIP LOCKED) instead of a job lease, over a
-- snapshot numbered 1..total. Jobs left unfinished by the previous version carry on: their items are
-- numbered in cio_id order and split into batches of 1,000 (the old batch size).

-- DropIndex
DROP INDEX "deletion_job_status_locked_until_idx";

-- DropForeignKey (its per-row check cost half of a large snapshot's insert)
ALTER TABLE "deletion_job_item" DROP CONSTRAINT "deletion_job_item_job_id_fkey";

-- AlterTable
ALTER TABLE "deletion_job" DROP COLUMN "locked_by",
DROP COLUMN "locked_until",
ADD COLUMN     "batch_size" INTEGER NOT NULL DEFAULT 1000;
ALTER TABLE "deletion_job" ALTER COLUMN "batch_size" DROP DEFAULT;

-- AlterTable
ALTER TABLE "deletion_job_item" DROP CONSTRAINT "deletion_job_item_pkey",
ADD COLUMN     "seq" INTEGER;
UPDATE "deletion_job_item" i SET "seq" = n.seq
FROM (SELECT job_id, cio_id, row_number() OVER (PARTITION BY job_id ORDER BY cio_id)::int AS seq FROM "deletion_job_item") n
WHERE n.job_id = i.job_id AND n.cio_id = i.cio_id;
ALTER TABLE "deletion_job_item" ALTER COLUMN "seq" SET NOT NULL,
ADD CONSTRAINT "deletion_job_item_pkey" PRIMARY KEY ("job_id", "seq");

-- CreateTable
CREATE TABLE "deletion_job_batch" (
    "job_id" TEXT NOT NULL,
    "batch_no" INTEGER NOT NULL,
    "first_seq" INTEGER NOT NULL,
    "last_seq" INTEGER NOT NULL,
    "done" BOOLEAN NOT NULL DEFAULT false,
    "deleted" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "deletion_job_batch_pkey" PRIMARY KEY ("job_id","batch_no")
);

-- CreateIndex
CREATE INDEX "deletion_job_status_created_at_idx" ON "deletion_job"("status", "created_at");

-- AddForeignKey
ALTER TABLE "deletion_job_batch" ADD CONSTRAINT "deletion_job_batch_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "deletion_job"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Batches for the unfinished jobs.
INSERT INTO "deletion_job_batch" (job_id, batch_no, first_seq, last_seq)
SELECT c.job_id, b, b * 1000 + 1, LEAST((b + 1) * 1000, c.n)
FROM (SELECT i.job_id, count(*)::int AS n FROM "deletion_job_item" i JOIN "deletion_job" j ON j.id = i.job_id
      WHERE j.status IN ('queued', 'running', 'failed') GROUP BY i.job_id) c
CROSS JOIN generate_series(0, (c.n - 1) / 1000) AS b;
