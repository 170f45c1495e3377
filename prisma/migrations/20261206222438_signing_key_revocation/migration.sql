-- CreateEnum
CREATE TYPE "SigningKeyRetirement" AS ENUM ('rotated', 'undecryptable', 'revoked');

-- AlterTable
ALTER TABLE "signing_key" ADD COLUMN     "retired_reason" "SigningKeyRetirement",
ADD COLUMN     "revoked_at" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "erasure_certificate_key_id_idx" ON "erasure_certificate"("key_id");
