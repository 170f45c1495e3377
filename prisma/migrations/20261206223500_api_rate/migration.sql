-- DropTable
DROP TABLE "track_rate";

-- CreateTable
CREATE TABLE "api_rate" (
    "key" TEXT NOT NULL,
    "second" BIGINT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "api_rate_pkey" PRIMARY KEY ("key")
);
