// API credentials for integrations: Track keys (HTTP Basic site_id:api_key) and App keys (Bearer).
// Only a SHA-256 of each secret is stored (secrets are 32 random bytes, so a fast hash is enough);
// the secret is returned once, at creation. The env credentials TRACK_SITE_ID + TRACK_API_KEY and
// APP_API_KEY are upserted as ordinary keys (ensureBootstrapApiKeys), so they show in the list, get
// a last-used time and can be revoked like any other (a revoked one stays revoked until its env
// value changes).
import { createHash, randomBytes } from "node:crypto";
import type { ApiKey, ApiKeyKind } from "../generated/prisma/client";
import { db } from "../db";
import { recordAudit, type Actor } from "../audit/record-audit";
import { getWorkspace } from "../workspace/workspace";

export type { ApiKeyKind };
export type ApiKeySummary = Pick<
  ApiKey,
  "id" | "kind" | "name" | "siteId" | "keyHint" | "createdById" | "createdAt" | "lastUsedAt" | "revokedAt"
>;

const BOOTSTRAP_TRACK_KEY_ID = "key_env_track";
const BOOTSTRAP_APP_KEY_ID = "key_env_app";

// Hex SHA-256 of a secret, as stored in api_key.key_hash.
export function hashApiKeySecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

function newId(prefix: string, bytes: number): string {
  return `${prefix}${randomBytes(bytes).toString("hex")}`;
}

function hintOf(secret: string): string {
  return secret.slice(-4);
}

const SUMMARY_SELECT = {
  id: true,
  kind: true,
  name: true,
  siteId: true,
  keyHint: true,
  createdById: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
} as const;

// Verified keys are cached for a few seconds per process (see verify.ts); revoking here drops them.
type Invalidate = () => void;
const invalidators = new Set<Invalidate>();
export function onApiKeysChanged(invalidate: Invalidate): void {
  invalidators.add(invalidate);
}
function apiKeysChanged() {
  for (const invalidate of invalidators) invalidate();
}

// Creates a key and returns its secret, which is never shown again. Track keys also get a site id.
export async function createApiKey(options: {
  workspaceId: string;
  kind: ApiKeyKind;
  name: string;
  actor: Actor;
}): Promise<{ apiKey: ApiKeySummary; siteId?: string; secret: string }> {
  const name = options.name.trim() || (options.kind === "track" ? "Track API key" : "App API key");
  const secret = randomBytes(32).toString("hex");
  const siteId = options.kind === "track" ? randomBytes(10).toString("hex") : undefined;
  const apiKey = await db.$transaction(async (tx) => {
    const created = await tx.apiKey.create({
      data: {
        id: newId("key_", 10),
        workspaceId: options.workspaceId,
        kind: options.kind,
        name,
        siteId: siteId ?? null,
        keyHash: hashApiKeySecret(secret),
        keyHint: hintOf(secret),
        createdById: options.actor.type === "user" ? options.actor.id : null,
      },
      select: SUMMARY_SELECT,
    });
    await recordAudit({
      workspaceId: options.workspaceId,
      actor: options.actor,
      action: "api_key.create",
      count: 1,
      details: { apiKeyId: created.id, kind: created.kind },
      tx,
    });
    return created;
  });
  return { apiKey, siteId, secret };
}

// All keys of the workspace, newest first, revoked ones included.
export async function listApiKeys(options: { workspaceId: string; kind?: ApiKeyKind }): Promise<ApiKeySummary[]> {
  return db.apiKey.findMany({
    where: { workspaceId: options.workspaceId, ...(options.kind ? { kind: options.kind } : {}) },
    select: SUMMARY_SELECT,
    orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
  });
}

// Revokes a key: requests with it fail from now on. Revoking twice is a no-op (not audited twice).
export async function revokeApiKey(options: { workspaceId: string; id: string; actor: Actor }): Promise<ApiKeySummary | null> {
  const result = await db.$transaction(async (tx) => {
    const key = await tx.apiKey.findFirst({ where: { id: options.id, workspaceId: options.workspaceId }, select: SUMMARY_SELECT });
    if (!key) return null;
    if (key.revokedAt) return key;
    const revoked = await tx.apiKey.update({ where: { id: key.id }, data: { revokedAt: new Date() }, select: SUMMARY_SELECT });
    await recordAudit({
      workspaceId: options.workspaceId,
      actor: options.actor,
      action: "api_key.revoke",
      count: 1,
      details: { apiKeyId: key.id, kind: key.kind },
      tx,
    });
    return revoked;
  });
  apiKeysChanged();
  return result;
}

async function upsertBootstrapKey(options: { id: string; workspaceId: string; kind: ApiKeyKind; siteId: string | null; secret: string; name: string }) {
  const keyHash = hashApiKeySecret(options.secret);
  const existing = await db.apiKey.findUnique({ where: { id: options.id } });
  if (existing && existing.keyHash === keyHash && existing.siteId === options.siteId) return;
  const data = { kind: options.kind, name: options.name, siteId: options.siteId, keyHash, keyHint: hintOf(options.secret), revokedAt: null };
  if (existing) await db.apiKey.update({ where: { id: options.id }, data });
  else await db.apiKey.create({ data: { id: options.id, workspaceId: options.workspaceId, ...data } });
  await recordAudit({
    workspaceId: options.workspaceId,
    actor: { type: "system" },
    action: "api_key.create",
    count: 1,
    details: { apiKeyId: options.id, kind: options.kind, source: "env" },
  });
}

let bootstrap: Promise<void> | undefined;

// Makes the env credentials (TRACK_SITE_ID + TRACK_API_KEY, APP_API_KEY) valid keys. Once per
// process: at server start (instrumentation.ts) and, to be safe, before the first verification.
export function ensureBootstrapApiKeys(): Promise<void> {
  bootstrap ??= (async () => {
    const { TRACK_SITE_ID, TRACK_API_KEY, APP_API_KEY } = process.env;
    if (!(TRACK_SITE_ID && TRACK_API_KEY) && !APP_API_KEY) return;
    const workspace = await getWorkspace();
    if (TRACK_SITE_ID && TRACK_API_KEY) {
      await upsertBootstrapKey({
        id: BOOTSTRAP_TRACK_KEY_ID,
        workspaceId: workspace.id,
        kind: "track",
        siteId: TRACK_SITE_ID,
        secret: TRACK_API_KEY,
        name: "Bootstrap (TRACK_SITE_ID)",
      });
    }
    if (APP_API_KEY) {
      await upsertBootstrapKey({
        id: BOOTSTRAP_APP_KEY_ID,
        workspaceId: workspace.id,
        kind: "app",
        siteId: null,
        secret: APP_API_KEY,
        name: "Bootstrap (APP_API_KEY)",
      });
    }
    apiKeysChanged();
  })().catch((error) => {
    bootstrap = undefined;
    throw error;
  });
  return bootstrap;
}
