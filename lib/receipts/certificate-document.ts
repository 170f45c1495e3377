// The certificate of erasure as a document: what one receipt's deletion removed and what it kept,
// counts, masked hints and keyed hashes only (never a plaintext identifier), and the signed envelope
// around it. Pure types and names: the CLI verifier and the pages share them.

export const CERTIFICATE_TYPE = "certificate_of_erasure";
export const CERTIFICATE_VERSION = 1;
export const SIGNATURE_ALGORITHM = "Ed25519";
export const KEYS_PATH = "/.well-known/erasure-keys.json";

export type SuppressedIdentifier = {
  kind: "id" | "email";
  // As the suppression list shows it: "j•••@example.com", "••••42".
  hint: string | null;
  // HMAC-SHA-256 under the workspace's secret key, hex: whoever holds a value can have it checked.
  keyedHash: string;
  // "remembered": an email kept (hashed) in ID-only mode, suppressed if the workspace switches to
  // email-or-ID; "suppressed" otherwise.
  status: "suppressed" | "remembered";
};

// An entry of the email suppression list (deliverability) for a deleted person's email, kept on
// purpose so nobody emails them: its type, its reason (addresses masked) and the masked email.
export type KeptEmailSuppression = {
  type: "bounces" | "blocks" | "spam_reports" | "invalid_emails";
  reason: string | null;
  statusCode: number | null;
  emailHint: string;
};

// The outcomes of an erasure request's list (lib/erasure-requests/apply-list.ts records them).
export type ErasureListOutcomes = {
  lines: number;
  // People the list matched when applied (those deleted are people.deleted; the rest were gone
  // before their turn).
  people: number;
  // Values that matched nobody (suppressed when the request suppresses).
  nobody: number;
  alreadySuppressed: number;
  invalid: number;
  // Values whose person was deleted or suppressed between the preview and the apply.
  goneSincePreview: number;
  // Values a person took after the preview: not deleted, not suppressed.
  takenSincePreview: number;
  // Suppressions written for values nobody held, and ID-only emails remembered.
  suppressedWithoutPerson: number;
  rememberedWithoutPerson: number;
};

export type CertificateDocument = {
  type: typeof CERTIFICATE_TYPE;
  version: typeof CERTIFICATE_VERSION;
  receiptId: string;
  workspace: { id: string; name: string };
  // When the deletion happened (a job: when it ended) and when this certificate was signed.
  erasedAt: string;
  issuedAt: string;
  actor: { type: "user" | "api_key" | "system"; id: string | null; label: string };
  // "deletion": delete forever from the app or DELETE on the API; "suppression": suppress by
  // identifier (API); "bulk_job": a background job over a snapshot.
  request: { kind: "deletion" | "suppression" | "bulk_job"; suppress: boolean; status: "completed" | "cancelled" | "failed" };
  people: { deleted: number };
  // An erasure request (a list): what its lines came to, per outcome. Absent for other erasures.
  list?: ErasureListOutcomes;
  removed: {
    profiles: number;
    attributes: "all attributes of each deleted profile, and the attribute snapshots in its activity";
    segmentMemberships: "all memberships of each deleted profile";
    // Profiles deleted earlier without suppression that held an identifier suppressed here: forgotten with it.
    earlierDeletedProfilesForgotten: number;
  };
  kept: {
    activities:
      | "forgotten: each profile's data keys destroyed, rows kept with type and time only, shown as forgotten (anonymous)"
      | "kept, attributed to the deleted profile's old cio_id";
    // Entries of the email suppression list for the deleted people's emails (listed: the first
    // 1,000 of `total`). "not_listed": a bulk job, whose certificate is built from counts alone.
    // Absent from certificates of erasures recorded before the list was named.
    emailSuppressionList?: { total: number; entries: KeptEmailSuppression[] } | "not_listed";
  };
  identifiers: {
    suppressed: boolean;
    // A list for single and inline deletions; a bulk job states counts only (people deleted above).
    listed: boolean;
    items: SuppressedIdentifier[];
    keyedHashAlgorithm: "HMAC-SHA-256(workspace secret, kind + ':' + normalized value)";
  };
  // keysUrl: where the issuing server publishes its keys, for people to find them. Verifiers never take
  // keys from it (a forger names their own): the page uses this server's, the CLI the ones it is given.
  signing: { algorithm: typeof SIGNATURE_ALGORITHM; keyId: string; keysUrl: string };
};

// What is handed out: the document and its signature over canonicalJson(certificate).
export type SignedCertificate = {
  certificate: CertificateDocument;
  signature: { algorithm: typeof SIGNATURE_ALGORITHM; keyId: string; value: string };
};

// A published key, as a JWK (RFC 8037) with what a verifier needs to apply the rules offline: the
// workspace whose certificates it signs, and when it stopped counting. A retired key verifies only
// certificates dated before retired_at; a revoked one (it leaked) nothing dated at or after revoked_at.
export type PublishedKey = {
  kty: "OKP";
  crv: "Ed25519";
  alg: "EdDSA";
  use: "sig";
  kid: string;
  x: string;
  workspace: string;
  created_at: string;
  retired_at: string | null;
  revoked_at: string | null;
};

// Receipt ids as lib/audit/record-audit.ts makes them.
export function isReceiptId(value: string): boolean {
  return /^rcpt_[a-z2-7]{20}$/.test(value);
}

// The file name a downloaded certificate gets.
export function certificateFileName(receiptId: string): string {
  return `certificate-of-erasure-${receiptId}.json`;
}
