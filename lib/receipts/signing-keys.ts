// The workspace's Ed25519 signing keys: one active key (created on first use), older ones retired but
// kept, so every certificate they signed stays verifiable. Private keys never leave the server and
// are stored encrypted (key-encryption.ts).
import "server-only";
import { createHash, createPrivateKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { db, type Tx } from "../db";
import type { SigningKey } from "../generated/prisma/client";
import { recordAudit, type Actor } from "../audit/record-audit";
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

// Serializes key creation and rotation per workspace (a row lock on the workspace).
async function lockWorkspace(tx: Tx, workspaceId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM workspace WHERE id = ${workspaceId} FOR UPDATE`;
}

function activeKeyOf(tx: Tx, workspaceId: string) {
  return tx.signingKey.findFirst({ where: { workspaceId, retiredAt: null }, orderBy: { createdAt: "desc" } });
}

// Retires the active key (if any) and makes a new one.
async function replaceActiveKey(tx: Tx, workspaceId: string): Promise<SigningKey> {
  await tx.signingKey.updateMany({ where: { workspaceId, retiredAt: null }, data: { retiredAt: new Date() } });
  return createKey(tx, workspaceId);
}

// The key new certificates are signed with, created the first time. A key whose private half can't
// be decrypted any more (the auth secret changed) is retired and replaced: its public half stays
// published, so what it signed still verifies.
export async function getActiveSigningKey(workspaceId: string): Promise<ActiveSigningKey> {
  const stored = await db.signingKey.findFirst({ where: { workspaceId, retiredAt: null }, orderBy: { createdAt: "desc" } });
  const usable = stored && decryptPrivateKey(workspaceId, stored.encryptedPrivateKey);
  if (stored && usable) return { id: stored.id, privateKey: createPrivateKey({ key: usable, format: "der", type: "pkcs8" }) };
  const key = await db.$transaction(async (tx) => {
    await lockWorkspace(tx, workspaceId);
    const current = await activeKeyOf(tx, workspaceId);
    if (current && decryptPrivateKey(workspaceId, current.encryptedPrivateKey)) return current;
    if (current) console.warn(`signing key ${current.id} can't be decrypted (did the auth secret change?): retired, a new key signs from now on`);
    return replaceActiveKey(tx, workspaceId);
  });
  const pkcs8 = decryptPrivateKey(workspaceId, key.encryptedPrivateKey);
  if (!pkcs8) throw new Error("a signing key just stored can't be decrypted");
  return { id: key.id, privateKey: createPrivateKey({ key: pkcs8, format: "der", type: "pkcs8" }) };
}

// Rotation: a new active key; the old one is retired, still published. Audited.
export async function rotateSigningKey(options: { workspaceId: string; actor: Actor }): Promise<{ keyId: string; receiptId: string }> {
  return db.$transaction(async (tx) => {
    await lockWorkspace(tx, options.workspaceId);
    const previous = await activeKeyOf(tx, options.workspaceId);
    const key = await replaceActiveKey(tx, options.workspaceId);
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
