// The workspace's Ed25519 signing keys: one active key (created on first use), older ones retired but
// kept, so every certificate they signed before retirement stays verifiable; a revoked key (it leaked)
// verifies nothing dated at or after its revocation. Private keys never leave the server and are
// stored encrypted (key-encryption.ts).
import "server-only";
import { createHash, createPrivateKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { db, type Tx } from "../db";
import type { SigningKey, SigningKeyRetirement } from "../generated/prisma/client";
import { recordAudit, type Actor } from "../audit/record-audit";
import { NotFoundError, ValidationError } from "../errors";
import type { PublishedKey } from "./certificate-document";
import { decryptPrivateKey, encryptPrivateKey } from "./key-encryption";

export type ActiveSigningKey = { id: string; privateKey: KeyObject };

// "ek_" + 20 hex chars of SHA-256 over the raw public key: the id names the key itself.
function keyIdOf(publicKeyX: string): string {
  return `ek_${createHash("sha256").update(Buffer.from(publicKeyX, "base64url")).digest("hex").slice(0, 20)}`;
}

async function createKey(tx: Tx, workspaceId: string): Promise<SigningKey> {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const x = publicKey.export({ format: "jwk" }).x as string;
  const pkcs8 = privateKey.export({ format: "der", type: "pkcs8" });
  return tx.signingKey.create({
    data: { id: keyIdOf(x), workspaceId, publicKey: x, encryptedPrivateKey: encryptPrivateKey(workspaceId, pkcs8) },
  });
}

// Serializes key creation, rotation and revocation per workspace (a row lock on the workspace). NO KEY
// UPDATE, not UPDATE: a certificate being stored holds its key's row FOR SHARE while its foreign key
// check takes KEY SHARE on the workspace row, which FOR UPDATE would block: a deadlock with a
// rotation waiting for that key row.
async function lockWorkspace(tx: Tx, workspaceId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM workspace WHERE id = ${workspaceId} FOR NO KEY UPDATE`;
}

function activeKeyOf(tx: Tx, workspaceId: string) {
  return tx.signingKey.findFirst({ where: { workspaceId, retiredAt: null, revokedAt: null }, orderBy: { createdAt: "desc" } });
}

// The moment a key stops counting, taken once the key rows that change are locked (`lockKeyRows`):
// a certificate being stored holds its key's row FOR SHARE, so every certificate stored under the key
// is dated before this (the millisecond after now: one stored this very millisecond is still before it).
// Taken before the lock, a certificate stored while the lock was awaited would be dated after it.
async function lockKeyRows(tx: Tx, workspaceId: string, keyIds: string[] = []): Promise<Date> {
  await tx.$queryRaw`
    SELECT id FROM signing_key WHERE workspace_id = ${workspaceId} AND (retired_at IS NULL OR id = ANY(${keyIds}::text[]))
    FOR NO KEY UPDATE`;
  return new Date(Date.now() + 1);
}

// Retires the active key (if any), saying why, and makes a new one; `at` from lockKeyRows.
async function replaceActiveKey(tx: Tx, workspaceId: string, reason: SigningKeyRetirement, at: Date): Promise<SigningKey> {
  await tx.signingKey.updateMany({ where: { workspaceId, retiredAt: null }, data: { retiredAt: at, retiredReason: reason } });
  return createKey(tx, workspaceId);
}

function usableKey(key: SigningKey): ActiveSigningKey {
  const pkcs8 = decryptPrivateKey(key.workspaceId, key.encryptedPrivateKey);
  if (!pkcs8) throw new Error("a signing key just stored can't be decrypted");
  return { id: key.id, privateKey: createPrivateKey({ key: pkcs8, format: "der", type: "pkcs8" }) };
}

// The key new certificates are signed with, created the first time. A key whose private half can't
// be decrypted any more (the auth secret changed) is retired and replaced, audited as the system's
// doing and shown in Settings: its public half stays published, so what it signed still verifies.
export async function getActiveSigningKey(workspaceId: string): Promise<ActiveSigningKey> {
  const stored = await db.signingKey.findFirst({ where: { workspaceId, retiredAt: null, revokedAt: null }, orderBy: { createdAt: "desc" } });
  const usable = stored && decryptPrivateKey(workspaceId, stored.encryptedPrivateKey);
  if (stored && usable) return { id: stored.id, privateKey: createPrivateKey({ key: usable, format: "der", type: "pkcs8" }) };
  const key = await db.$transaction(async (tx) => {
    await lockWorkspace(tx, workspaceId);
    const current = await activeKeyOf(tx, workspaceId);
    if (current && decryptPrivateKey(workspaceId, current.encryptedPrivateKey)) return current;
    if (!current) return createKey(tx, workspaceId);
    console.warn(`signing key ${current.id} can't be decrypted (did the auth secret change?): retired, a new key signs from now on`);
    const replacement = await replaceActiveKey(tx, workspaceId, "undecryptable", await lockKeyRows(tx, workspaceId));
    await recordAudit({
      tx,
      workspaceId,
      actor: { type: "system" },
      action: "signing_key.replace_undecryptable",
      details: { keyId: replacement.id, previousKeyId: current.id },
    });
    return replacement;
  });
  return usableKey(key);
}

// Rotation: a new active key; the old one is retired, still published. Audited.
export async function rotateSigningKey(options: { workspaceId: string; actor: Actor }): Promise<{ keyId: string; receiptId: string }> {
  return db.$transaction(async (tx) => {
    await lockWorkspace(tx, options.workspaceId);
    const previous = await activeKeyOf(tx, options.workspaceId);
    const key = await replaceActiveKey(tx, options.workspaceId, "rotated", await lockKeyRows(tx, options.workspaceId));
    const receiptId = await recordAudit({
      tx,
      workspaceId: options.workspaceId,
      actor: options.actor,
      action: "signing_key.rotate",
      details: { keyId: key.id, previousKeyId: previous?.id ?? null },
    });
    return { keyId: key.id, receiptId };
  });
}

// Revocation, when a key leaked: it verifies nothing dated at or after now (what it signed before
// still verifies). The active key is replaced at the same moment, so new certificates keep verifying.
// Audited. A key of another workspace is "not found"; one already revoked stays as it was.
export async function revokeSigningKey(options: { workspaceId: string; keyId: string; actor: Actor }): Promise<{ revokedAt: Date; replacementKeyId: string | null; receiptId: string }> {
  return db.$transaction(async (tx) => {
    await lockWorkspace(tx, options.workspaceId);
    const key = await tx.signingKey.findFirst({ where: { id: options.keyId, workspaceId: options.workspaceId } });
    if (!key) throw new NotFoundError(`No signing key ${options.keyId} in this workspace.`);
    if (key.revokedAt) throw new ValidationError(`Key ${key.id} was already revoked on ${key.revokedAt.toISOString()}.`);
    const revokedAt = await lockKeyRows(tx, options.workspaceId, [key.id]);
    const replacement = key.retiredAt ? null : await replaceActiveKey(tx, options.workspaceId, "revoked", revokedAt);
    await tx.signingKey.update({ where: { id: key.id }, data: { revokedAt } });
    const certificatesBefore = await tx.erasureCertificate.count({ where: { keyId: key.id } });
    const receiptId = await recordAudit({
      tx,
      workspaceId: options.workspaceId,
      actor: options.actor,
      action: "signing_key.revoke",
      count: certificatesBefore,
      details: { keyId: key.id, revokedAt: revokedAt.toISOString(), replacementKeyId: replacement?.id ?? null },
    });
    return { revokedAt, replacementKeyId: replacement?.id ?? null, receiptId };
  });
}

function toPublished(key: SigningKey): PublishedKey {
  return {
    kty: "OKP",
    crv: "Ed25519",
    alg: "EdDSA",
    use: "sig",
    kid: key.id,
    x: key.publicKey,
    workspace: key.workspaceId,
    created_at: key.createdAt.toISOString(),
    retired_at: key.retiredAt?.toISOString() ?? null,
    revoked_at: key.revokedAt?.toISOString() ?? null,
  };
}

// Every public key of the install (all workspaces), newest first: what the well-known URL serves.
export async function listPublishedKeys(options: { workspaceId?: string } = {}): Promise<PublishedKey[]> {
  const keys = await db.signingKey.findMany({
    where: options.workspaceId ? { workspaceId: options.workspaceId } : {},
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
  });
  return keys.map(toPublished);
}

export type SigningKeySummary = {
  id: string;
  publicKey: string;
  createdAt: Date;
  retiredAt: Date | null;
  retiredReason: SigningKeyRetirement | null;
  revokedAt: Date | null;
  certificates: number;
};

// The workspace's keys for Settings, newest first: their state, why each was retired, and how many
// certificates each signed.
export async function listSigningKeys(workspaceId: string): Promise<SigningKeySummary[]> {
  const keys = await db.signingKey.findMany({
    where: { workspaceId },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    select: { id: true, publicKey: true, createdAt: true, retiredAt: true, retiredReason: true, revokedAt: true, _count: { select: { certificates: true } } },
  });
  return keys.map(({ _count, ...key }) => ({ ...key, certificates: _count.certificates }));
}
