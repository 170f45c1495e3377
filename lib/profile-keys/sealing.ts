// Crypto-shredding: every profile has two data keys of its own (32 random bytes each), stored wrapped
// under the workspace's key in its profile_key row; activity payloads are sealed under them with
// AES-256-GCM. Forgetting a profile deletes the row: every sealed row of its history is then
// unreadable at once, whatever its length. Node's crypto only.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync } from "node:crypto";
import type { Workspace } from "../generated/prisma/client";
import { pooledRandomBytes } from "../random-id";

const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

// What a sealed activity row holds: its name, data and client event id.
export type SealedPayload = { name: string | null; data: unknown; clientEventId: string | null };

type KeyOwner = Pick<Workspace, "id" | "hashSecret">;

// The workspace's key-wrapping key: derived (HKDF) from its hash secret, which never leaves the
// database, so a restored backup stays readable; what forgets is deleting a profile's row, not this.
const wrappingKeys = new Map<string, Buffer>();
function wrappingKey(workspace: KeyOwner): Buffer {
  const cacheKey = `${workspace.id}\u0000${workspace.hashSecret}`;
  let key = wrappingKeys.get(cacheKey);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", workspace.hashSecret, "people-admin profile keys", workspace.id, KEY_BYTES));
    if (wrappingKeys.size > 100) wrappingKeys.clear();
    wrappingKeys.set(cacheKey, key);
  }
  return key;
}

function encrypt(key: Buffer, plaintext: Buffer, aad?: Buffer): Buffer {
  const iv = pooledRandomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  if (aad) cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

function decrypt(key: Buffer, sealed: Uint8Array, aad?: Buffer): Buffer | null {
  if (sealed.length < IV_BYTES + TAG_BYTES) return null;
  const bytes = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.length);
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(0, IV_BYTES));
    if (aad) decipher.setAAD(aad);
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
  } catch {
    return null;
  }
}

export type ProfileKeys = { eventKey: Buffer; attributeKey: Buffer; wrappedEventKey: Buffer; wrappedAttributeKey: Buffer };

// A new profile's keys, raw (to seal with now) and wrapped (to store).
export function newProfileKeys(workspace: KeyOwner): ProfileKeys {
  const eventKey = pooledRandomBytes(KEY_BYTES);
  const attributeKey = pooledRandomBytes(KEY_BYTES);
  const wrapping = wrappingKey(workspace);
  const aad = Buffer.from(workspace.id);
  return { eventKey, attributeKey, wrappedEventKey: encrypt(wrapping, eventKey, aad), wrappedAttributeKey: encrypt(wrapping, attributeKey, aad) };
}

// Unwrapped keys by their wrapped bytes: a wrapped key never changes, and reads of one person's
// history (or a stream of their events) unwrap it once. Bounded; the cache never decides whether a
// row is readable (a read joins the key row, which forgetting deleted).
const UNWRAPPED_CACHE_SIZE = 20_000;
const unwrapped = new Map<string, Buffer>();

// The raw key, or null when it doesn't open under this workspace's key (another workspace's, or damaged).
export function unwrapKey(workspace: KeyOwner, wrapped: Uint8Array): Buffer | null {
  const cacheKey = `${workspace.id}:${Buffer.from(wrapped).toString("base64")}`;
  const hit = unwrapped.get(cacheKey);
  if (hit) return hit;
  const key = decrypt(wrappingKey(workspace), wrapped, Buffer.from(workspace.id));
  if (!key || key.length !== KEY_BYTES) return null;
  if (unwrapped.size >= UNWRAPPED_CACHE_SIZE) unwrapped.delete(unwrapped.keys().next().value as string);
  unwrapped.set(cacheKey, key);
  return key;
}

// {"n","d","e"}: short names keep a million small events small.
export function seal(key: Buffer, payload: SealedPayload): Buffer {
  const body: Record<string, unknown> = {};
  if (payload.name !== null) body.n = payload.name;
  if (payload.data !== null && payload.data !== undefined) body.d = payload.data;
  if (payload.clientEventId !== null) body.e = payload.clientEventId;
  return encrypt(key, Buffer.from(JSON.stringify(body)));
}

// The payload, or null when the key doesn't open it.
export function openSealed(key: Buffer, sealed: Uint8Array): SealedPayload | null {
  const plaintext = decrypt(key, sealed);
  if (!plaintext) return null;
  const body = JSON.parse(plaintext.toString("utf8")) as { n?: string; d?: unknown; e?: string };
  return { name: body.n ?? null, data: body.d ?? null, clientEventId: body.e ?? null };
}

// A client event id as stored for de-duplication: HMAC under the workspace's hash secret, so the same
// id is stored once and nothing readable of it outlives a forgotten profile (the id itself is sealed).
export function hashClientEventId(workspace: Pick<Workspace, "hashSecret">, clientEventId: string): string {
  return createHmac("sha256", workspace.hashSecret).update(`event:${clientEventId}`).digest("hex");
}

// Attribute snapshots are sealed under the attribute key (which a plain delete drops), everything
// else under the event key. SQL that picks a row's key reads this list too.
export const ATTRIBUTE_SNAPSHOT_TYPES = ["profile_created", "attribute_change"];

export function sealsWithAttributeKey(type: string): boolean {
  return ATTRIBUTE_SNAPSHOT_TYPES.includes(type);
}
