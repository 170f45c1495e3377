-- CreateTable
CREATE TABLE "track_rate" (
    "workspace_id" TEXT NOT NULL,
    "second" BIGINT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "track_rate_pkey" PRIMARY KEY ("workspace_id")
);
