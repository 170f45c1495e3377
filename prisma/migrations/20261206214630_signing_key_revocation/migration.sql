-- CreateEnum
CREATE TYPE "SigningKeyRetirement" AS ENUM ('rotated', 'undecryptable', 'revoked');

-- AlterTable
ALTER TABLE "signing_key" ADD COLUMN     "retired_reason" "SigningKeyRetirement",
ADD COLUMN     "revoked_at" TIMESTAMP(3);
