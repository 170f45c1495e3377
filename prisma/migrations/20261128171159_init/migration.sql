-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "IdentificationMode" AS ENUM ('id', 'email_or_id');

-- CreateEnum
CREATE TYPE "IdentifierKind" AS ENUM ('id', 'email');

-- CreateEnum
CREATE TYPE "ActivityType" AS ENUM ('event', 'page', 'screen', 'attribute_change', 'profile_created', 'profile_deleted', 'profile_suppressed');

-- CreateEnum
CREATE TYPE "SegmentKind" AS ENUM ('data_driven', 'manual');

-- CreateEnum
CREATE TYPE "EspSuppressionType" AS ENUM ('bounces', 'blocks', 'spam_reports', 'invalid_emails');

-- CreateEnum
CREATE TYPE "EspSuppressionOrigin" AS ENUM ('recipient', 'admin', 'api');

-- CreateEnum
CREATE TYPE "ApiKeyKind" AS ENUM ('track', 'app');

-- CreateEnum
CREATE TYPE "ActorType" AS ENUM ('user', 'api_key', 'system');

-- CreateEnum
CREATE TYPE "JobStatus" AS ENUM ('queued', 'running', 'completed', 'failed', 'cancelled');

-- CreateTable
CREATE TABLE "workspace" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "identification_mode" "IdentificationMode" NOT NULL DEFAULT 'email_or_id',
    "hash_secret" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "workspace_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "person" (
    "cio_id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "external_id" TEXT,
    "email" TEXT,
    "email_key" TEXT,
    "attributes" JSONB NOT NULL DEFAULT '{}',
    "unsubscribed" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "person_pkey" PRIMARY KEY ("cio_id")
);

-- CreateTable
CREATE TABLE "identifier_claim" (
    "workspace_id" TEXT NOT NULL,
    "kind" "IdentifierKind" NOT NULL,
    "value_hash" TEXT NOT NULL,
    "cio_id" TEXT,
    "suppression_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "identifier_claim_pkey" PRIMARY KEY ("workspace_id","kind","value_hash")
);

-- CreateTable
CREATE TABLE "suppression" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "id_hint" TEXT,
    "email_hint" TEXT,
    "remembered_email_hash" TEXT,
    "actor_type" "ActorType" NOT NULL,
    "actor_id" TEXT,
    "receipt_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "suppression_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "segment" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "SegmentKind" NOT NULL,
    "filter" JSONB,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "segment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "segment_membership" (
    "segment_id" TEXT NOT NULL,
    "cio_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "segment_membership_pkey" PRIMARY KEY ("segment_id","cio_id")
);

-- CreateTable
CREATE TABLE "activity" (
    "id" BIGSERIAL NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "cio_id" TEXT,
    "type" "ActivityType" NOT NULL,
    "name" TEXT,
    "data" JSONB,
    "client_event_id" TEXT,
    "forgotten" BOOLEAN NOT NULL DEFAULT false,
    "timestamp" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "activity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "esp_suppression" (
    "id" BIGSERIAL NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "email_key" TEXT NOT NULL,
    "domain" TEXT NOT NULL,
    "type" "EspSuppressionType" NOT NULL,
    "reason" TEXT,
    "status_code" INTEGER,
    "origin" "EspSuppressionOrigin" NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "esp_suppression_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_key" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "kind" "ApiKeyKind" NOT NULL,
    "name" TEXT NOT NULL,
    "site_id" TEXT,
    "key_hash" TEXT NOT NULL,
    "key_hint" TEXT NOT NULL,
    "created_by_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMP(3),
    "revoked_at" TIMESTAMP(3),

    CONSTRAINT "api_key_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_entry" (
    "id" BIGSERIAL NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "receipt_id" TEXT NOT NULL,
    "actor_type" "ActorType" NOT NULL,
    "actor_id" TEXT,
    "action" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "details" JSONB,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_entry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "deletion_job" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "status" "JobStatus" NOT NULL DEFAULT 'queued',
    "suppress" BOOLEAN NOT NULL,
    "total" INTEGER NOT NULL,
    "done" INTEGER NOT NULL DEFAULT 0,
    "receipt_id" TEXT NOT NULL,
    "actor_type" "ActorType" NOT NULL,
    "actor_id" TEXT,
    "locked_by" TEXT,
    "locked_until" TIMESTAMP(3),
    "cancel_requested" BOOLEAN NOT NULL DEFAULT false,
    "error" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMP(3),
    "finished_at" TIMESTAMP(3),

    CONSTRAINT "deletion_job_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "deletion_job_item" (
    "job_id" TEXT NOT NULL,
    "cio_id" TEXT NOT NULL,

    CONSTRAINT "deletion_job_item_pkey" PRIMARY KEY ("job_id","cio_id")
);

-- CreateTable
CREATE TABLE "person_import" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "status" "JobStatus" NOT NULL DEFAULT 'queued',
    "file_name" TEXT,
    "created" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "rejected" INTEGER NOT NULL DEFAULT 0,
    "errors" JSONB NOT NULL DEFAULT '[]',
    "actor_type" "ActorType" NOT NULL,
    "actor_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMP(3),

    CONSTRAINT "person_import_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "email_verified" BOOLEAN NOT NULL DEFAULT false,
    "image" TEXT,
    "role" TEXT DEFAULT 'support',
    "banned" BOOLEAN DEFAULT false,
    "ban_reason" TEXT,
    "ban_expires" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "user_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "session" (
    "id" TEXT NOT NULL,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "token" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "ip_address" TEXT,
    "user_agent" TEXT,
    "impersonated_by" TEXT,
    "user_id" TEXT NOT NULL,

    CONSTRAINT "session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "account" (
    "id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "provider_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "access_token" TEXT,
    "refresh_token" TEXT,
    "id_token" TEXT,
    "access_token_expires_at" TIMESTAMP(3),
    "refresh_token_expires_at" TIMESTAMP(3),
    "scope" TEXT,
    "password" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "verification" (
    "id" TEXT NOT NULL,
    "identifier" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "verification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rate_limit" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "last_request" BIGINT NOT NULL,

    CONSTRAINT "rate_limit_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "person_workspace_id_created_at_cio_id_idx" ON "person"("workspace_id", "created_at" DESC, "cio_id");

-- CreateIndex
CREATE INDEX "person_workspace_id_updated_at_cio_id_idx" ON "person"("workspace_id", "updated_at" DESC, "cio_id");

-- CreateIndex
CREATE INDEX "person_workspace_id_email_key_idx" ON "person"("workspace_id", "email_key" text_pattern_ops);

-- CreateIndex
CREATE INDEX "person_workspace_id_external_id_idx" ON "person"("workspace_id", "external_id" text_pattern_ops);

-- CreateIndex
CREATE INDEX "person_attributes_idx" ON "person" USING GIN ("attributes" jsonb_path_ops);

-- CreateIndex
CREATE UNIQUE INDEX "person_workspace_id_external_id_key" ON "person"("workspace_id", "external_id");

-- CreateIndex
CREATE INDEX "identifier_claim_cio_id_idx" ON "identifier_claim"("cio_id");

-- CreateIndex
CREATE INDEX "identifier_claim_suppression_id_idx" ON "identifier_claim"("suppression_id");

-- CreateIndex
CREATE INDEX "suppression_workspace_id_created_at_idx" ON "suppression"("workspace_id", "created_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "segment_workspace_id_name_key" ON "segment"("workspace_id", "name");

-- CreateIndex
CREATE INDEX "segment_membership_cio_id_idx" ON "segment_membership"("cio_id");

-- CreateIndex
CREATE INDEX "activity_cio_id_timestamp_idx" ON "activity"("cio_id", "timestamp" DESC);

-- CreateIndex
CREATE INDEX "activity_workspace_id_timestamp_idx" ON "activity"("workspace_id", "timestamp" DESC);

-- CreateIndex
CREATE INDEX "activity_workspace_id_type_timestamp_idx" ON "activity"("workspace_id", "type", "timestamp" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "activity_workspace_id_client_event_id_key" ON "activity"("workspace_id", "client_event_id");

-- CreateIndex
CREATE INDEX "esp_suppression_workspace_id_created_at_id_idx" ON "esp_suppression"("workspace_id", "created_at" DESC, "id");

-- CreateIndex
CREATE INDEX "esp_suppression_workspace_id_type_created_at_id_idx" ON "esp_suppression"("workspace_id", "type", "created_at" DESC, "id");

-- CreateIndex
CREATE INDEX "esp_suppression_workspace_id_domain_created_at_idx" ON "esp_suppression"("workspace_id", "domain", "created_at" DESC);

-- CreateIndex
CREATE INDEX "esp_suppression_workspace_id_email_key_idx" ON "esp_suppression"("workspace_id", "email_key" text_pattern_ops);

-- CreateIndex
CREATE UNIQUE INDEX "esp_suppression_workspace_id_type_email_key_key" ON "esp_suppression"("workspace_id", "type", "email_key");

-- CreateIndex
CREATE UNIQUE INDEX "api_key_site_id_key" ON "api_key"("site_id");

-- CreateIndex
CREATE UNIQUE INDEX "api_key_key_hash_key" ON "api_key"("key_hash");

-- CreateIndex
CREATE INDEX "api_key_workspace_id_kind_idx" ON "api_key"("workspace_id", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "audit_entry_receipt_id_key" ON "audit_entry"("receipt_id");

-- CreateIndex
CREATE INDEX "audit_entry_workspace_id_created_at_idx" ON "audit_entry"("workspace_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "audit_entry_workspace_id_action_created_at_idx" ON "audit_entry"("workspace_id", "action", "created_at" DESC);

-- CreateIndex
CREATE INDEX "audit_entry_workspace_id_actor_id_created_at_idx" ON "audit_entry"("workspace_id", "actor_id", "created_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "deletion_job_receipt_id_key" ON "deletion_job"("receipt_id");

-- CreateIndex
CREATE INDEX "deletion_job_status_locked_until_idx" ON "deletion_job"("status", "locked_until");

-- CreateIndex
CREATE INDEX "deletion_job_workspace_id_created_at_idx" ON "deletion_job"("workspace_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "person_import_workspace_id_created_at_idx" ON "person_import"("workspace_id", "created_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "user_email_key" ON "user"("email");

-- CreateIndex
CREATE UNIQUE INDEX "session_token_key" ON "session"("token");

-- CreateIndex
CREATE INDEX "session_user_id_idx" ON "session"("user_id");

-- CreateIndex
CREATE INDEX "account_user_id_idx" ON "account"("user_id");

-- CreateIndex
CREATE INDEX "verification_identifier_idx" ON "verification"("identifier");

-- CreateIndex
CREATE UNIQUE INDEX "rate_limit_key_key" ON "rate_limit"("key");

-- AddForeignKey
ALTER TABLE "person" ADD CONSTRAINT "person_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "identifier_claim" ADD CONSTRAINT "identifier_claim_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "identifier_claim" ADD CONSTRAINT "identifier_claim_cio_id_fkey" FOREIGN KEY ("cio_id") REFERENCES "person"("cio_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "identifier_claim" ADD CONSTRAINT "identifier_claim_suppression_id_fkey" FOREIGN KEY ("suppression_id") REFERENCES "suppression"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "suppression" ADD CONSTRAINT "suppression_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "segment" ADD CONSTRAINT "segment_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "segment_membership" ADD CONSTRAINT "segment_membership_segment_id_fkey" FOREIGN KEY ("segment_id") REFERENCES "segment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "segment_membership" ADD CONSTRAINT "segment_membership_cio_id_fkey" FOREIGN KEY ("cio_id") REFERENCES "person"("cio_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "activity" ADD CONSTRAINT "activity_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "esp_suppression" ADD CONSTRAINT "esp_suppression_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_key" ADD CONSTRAINT "api_key_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_entry" ADD CONSTRAINT "audit_entry_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deletion_job" ADD CONSTRAINT "deletion_job_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deletion_job_item" ADD CONSTRAINT "deletion_job_item_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "deletion_job"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "person_import" ADD CONSTRAINT "person_import_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "session" ADD CONSTRAINT "session_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "account" ADD CONSTRAINT "account_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;
