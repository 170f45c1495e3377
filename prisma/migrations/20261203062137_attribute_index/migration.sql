-- CreateEnum
CREATE TYPE "IndexedAttributeStatus" AS ENUM ('building', 'ready', 'failed');

-- CreateTable
CREATE TABLE "indexed_attribute" (
    "name" TEXT NOT NULL,
    "status" "IndexedAttributeStatus" NOT NULL DEFAULT 'building',
    "error" TEXT,
    "created_by_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ready_at" TIMESTAMP(3),

    CONSTRAINT "indexed_attribute_pkey" PRIMARY KEY ("name")
);
