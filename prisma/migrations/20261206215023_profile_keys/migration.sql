-- DropIndex
DROP INDEX "activity_cio_id_timestamp_idx";

-- DropIndex
DROP INDEX "activity_workspace_id_client_event_id_key";

-- AlterTable
ALTER TABLE "person" ADD COLUMN     "key_id" BIGINT;

-- AlterTable: the plaintext columns keep their data under legacy_* names (edited from the generated
-- drop + add) until lib/profile-keys/seal-legacy.ts seals every row written before this migration.
ALTER TABLE "activity" RENAME COLUMN "cio_id" TO "legacy_cio_id";
ALTER TABLE "activity" RENAME COLUMN "client_event_id" TO "legacy_client_event_id";
ALTER TABLE "activity" RENAME COLUMN "data" TO "legacy_data";
ALTER TABLE "activity" RENAME COLUMN "name" TO "legacy_name";
ALTER TABLE "activity" ADD COLUMN     "client_event_hash" TEXT,
ADD COLUMN     "key_id" BIGINT,
ADD COLUMN     "sealed" BYTEA;

-- AlterTable
ALTER TABLE "deletion_job" ADD COLUMN     "earlier_forgotten" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "profile_key" (
    "id" BIGSERIAL NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "cio_id" TEXT NOT NULL,
    "event_key" BYTEA NOT NULL,
    "attribute_key" BYTEA,
    "deleted_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "profile_key_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "deleted_identifier" (
    "workspace_id" TEXT NOT NULL,
    "kind" "IdentifierKind" NOT NULL,
    "value_hash" TEXT NOT NULL,
    "key_id" BIGINT NOT NULL,
    "receipt_id" TEXT NOT NULL,
    "deleted_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "deleted_identifier_pkey" PRIMARY KEY ("workspace_id","kind","value_hash","key_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "profile_key_workspace_id_cio_id_key" ON "profile_key"("workspace_id", "cio_id");

-- CreateIndex
CREATE INDEX "deleted_identifier_key_id_idx" ON "deleted_identifier"("key_id");

-- CreateIndex
CREATE INDEX "activity_key_id_timestamp_idx" ON "activity"("key_id", "timestamp" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "activity_workspace_id_client_event_hash_key" ON "activity"("workspace_id", "client_event_hash");

-- AddForeignKey
ALTER TABLE "profile_key" ADD CONSTRAINT "profile_key_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deleted_identifier" ADD CONSTRAINT "deleted_identifier_key_id_fkey" FOREIGN KEY ("key_id") REFERENCES "profile_key"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Nothing to seal in a database without people or activity: lib/profile-keys/seal-legacy.ts checks this
-- marker and seals (resumably) only where it is missing.
INSERT INTO "cache_version" ("name", "version")
SELECT 'activity_sealed', 1
WHERE NOT EXISTS (SELECT 1 FROM "person") AND NOT EXISTS (SELECT 1 FROM "activity");
