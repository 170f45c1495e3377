// Certificates of erasure: issued on first request from what the deletion recorded (erasure-record.ts),
// signed with the workspace's active key, stored, and from then on served as stored, byte for byte.
import "server-only";
import { configuredAppOrigin } from "../app-url";
import { db } from "../db";
import type { Workspace } from "../generated/prisma/client";
import { CERTIFICATE_TYPE, CERTIFICATE_VERSION, KEYS_PATH, SIGNATURE_ALGORITHM, type CertificateDocument } from "./certificate-document";
import { findErasureRecord, resolveCertificateReceipt, type ErasureRecord } from "./erasure-record";
import { signCertificate } from "./sign-certificate";
import { getActiveSigningKey } from "./signing-keys";

export type CertificateLookup =
  | { state: "issued"; receiptId: string; text: string }
  // The receipt's job is still running: its certificate comes when it ends.
  | { state: "running"; receiptId: string }
  // No erasure has this receipt in this workspace.
  | { state: "none" };

const ACTIVITIES_REDACTED = "forgotten: each profile's data keys destroyed, rows kept with type and time only, shown as forgotten (anonymous)";
const ACTIVITIES_KEPT = "kept, attributed to the deleted profile's old cio_id";

// Staff are named by role and user id, never by email: a certificate goes to whoever asked for the
// erasure, and a staff member's address is not theirs to receive.
async function actorLabel(actor: ErasureRecord["actor"]): Promise<string> {
  if (actor.type === "system" || !actor.id) return "System";
  if (actor.type === "user") {
    const user = await db.user.findUnique({ where: { id: actor.id }, select: { role: true } });
    return user ? `${user.role === "admin" ? "admin" : "support"} staff member, user id ${actor.id}` : `staff member (account removed), user id ${actor.id}`;
  }
  const key = await db.apiKey.findUnique({ where: { id: actor.id }, select: { name: true } });
  return key ? `API key “${key.name}”` : "API key (revoked and removed)";
}

// The certificate document of a recorded erasure, for `keyId`.
async function buildCertificate(workspace: Workspace, record: ErasureRecord, keyId: string, issuedAt = new Date()): Promise<CertificateDocument> {
  return {
    type: CERTIFICATE_TYPE,
    version: CERTIFICATE_VERSION,
    receiptId: record.receiptId,
    workspace: { id: workspace.id, name: workspace.name },
    erasedAt: record.erasedAt.toISOString(),
    issuedAt: issuedAt.toISOString(),
    actor: { type: record.actor.type, id: record.actor.id, label: await actorLabel(record.actor) },
    request: record.request,
    people: { deleted: record.peopleDeleted },
    ...(record.list ? { list: record.list } : {}),
    removed: {
      profiles: record.peopleDeleted,
      attributes: "all attributes of each deleted profile, and the attribute snapshots in its activity",
      segmentMemberships: "all memberships of each deleted profile",
      earlierDeletedProfilesForgotten: record.earlierForgotten,
    },
    kept: {
      activities: record.request.suppress ? ACTIVITIES_REDACTED : ACTIVITIES_KEPT,
      ...(record.emailSuppressionList
        ? { emailSuppressionList: record.emailSuppressionList }
        : record.request.kind === "bulk_job"
          ? { emailSuppressionList: "not_listed" as const }
          : {}),
    },
    identifiers: {
      suppressed: record.request.suppress,
      listed: record.suppressedIdentifiers !== null,
      items: record.suppressedIdentifiers ?? [],
      keyedHashAlgorithm: "HMAC-SHA-256(workspace secret, kind + ':' + normalized value)",
    },
    signing: { algorithm: SIGNATURE_ALGORITHM, keyId, keysUrl: `${configuredAppOrigin()}${KEYS_PATH}` },
  };
}

// The certificate of `receiptId` (any receipt of the erasure: a job's closing entry finds the job's),
// issuing and storing it the first time. Concurrent first requests store one; both get that one.
export async function getErasureCertificate(options: { workspace: Workspace; receiptId: string }): Promise<CertificateLookup> {
  const { workspace } = options;
  const receiptId = await resolveCertificateReceipt(workspace.id, options.receiptId);
  const stored = await db.erasureCertificate.findFirst({ where: { workspaceId: workspace.id, receiptId }, select: { document: true } });
  if (stored) return { state: "issued", receiptId, text: stored.document };
  const found = await findErasureRecord(workspace, receiptId);
  if (found.state !== "found") return found.state === "running" ? { state: "running", receiptId } : { state: "none" };
  // A rotation or revocation between reading the active key and storing would leave a certificate
  // dated after its key stopped counting, which never verifies: stored only while the key (row locked
  // against a concurrent retirement) still counts at the certificate's date, else signed again.
  for (let attempt = 0; attempt < 5; attempt++) {
    const key = await getActiveSigningKey(workspace.id);
    const issuedAt = new Date();
    const text = signCertificate(await buildCertificate(workspace, found.record, key.id, issuedAt), key);
    // Prisma keeps UTC wall time in timestamp(3) columns; the ISO text cast to timestamp is just that.
    const issued = issuedAt.toISOString();
    await db.$executeRaw`
      INSERT INTO erasure_certificate (receipt_id, workspace_id, key_id, document)
      SELECT ${receiptId}, ${workspace.id}, id, ${text} FROM signing_key
      WHERE id = ${key.id} AND (retired_at IS NULL OR retired_at > ${issued}::timestamp(3)) AND (revoked_at IS NULL OR revoked_at > ${issued}::timestamp(3))
      FOR SHARE
      ON CONFLICT (receipt_id) DO NOTHING`;
    const kept = await db.erasureCertificate.findUnique({ where: { receiptId }, select: { document: true } });
    if (kept) return { state: "issued", receiptId, text: kept.document };
  }
  throw new Error("the signing key kept changing while a certificate was issued");
}
