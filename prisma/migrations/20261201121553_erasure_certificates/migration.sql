-- CreateTable
CREATE TABLE "signing_key" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "public_key" TEXT NOT NULL,
    "encrypted_private_key" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retired_at" TIMESTAMP(3),

    CONSTRAINT "signing_key_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "erasure_certificate" (
    "receipt_id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "key_id" TEXT NOT NULL,
    "document" TEXT NOT NULL,
    "issued_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "erasure_certificate_pkey" PRIMARY KEY ("receipt_id")
);

-- CreateIndex
CREATE INDEX "signing_key_workspace_id_created_at_idx" ON "signing_key"("workspace_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "erasure_certificate_workspace_id_issued_at_idx" ON "erasure_certificate"("workspace_id", "issued_at" DESC);

-- CreateIndex
CREATE INDEX "suppression_receipt_id_idx" ON "suppression"("receipt_id");

-- AddForeignKey
ALTER TABLE "signing_key" ADD CONSTRAINT "signing_key_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "erasure_certificate" ADD CONSTRAINT "erasure_certificate_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "erasure_certificate" ADD CONSTRAINT "erasure_certificate_key_id_fkey" FOREIGN KEY ("key_id") REFERENCES "signing_key"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
