// Certificates of erasure from every deletion path, checked the way an outsider would: the published
// keys and scripts' verifier, nothing else.
import { describe, expect, it } from "vitest";
import { Prisma, type Workspace } from "../generated/prisma/client";
import { newReceiptId } from "../audit/record-audit";
import { db } from "../db";
import { hashIdentifier, newCioId } from "../identity/identifiers";
import { INLINE_DELETE_LIMIT, startDeletion } from "../deletion/start";
import { processNextDeletionJob } from "../deletion/worker";
import { deletePeople, deletePersonByIdentifier } from "../deletion/delete-people";
import { identify } from "../people/identify";
import { suppressIdentifier } from "../deletion/suppress-identifier";
import { isSuppressed } from "../suppression/suppress";
import { createUser } from "../auth/users";
import { forgedCertificate, signedWith, withLeadingMember } from "../test/certificates";
import { createTestWorkspace, uniqueEmail, uniqueToken } from "../test/factories";
import type { SignedCertificate } from "./certificate-document";
import { getErasureCertificate } from "./certificates";
import { getActiveSigningKey, listPublishedKeys, listSigningKeys, revokeSigningKey, rotateSigningKey } from "./signing-keys";
import { describeVerification, verifyCertificateText } from "./verify";

const actor = { type: "user", id: "user_receipts" } as const;

async function certificateOf(workspace: Workspace, receiptId: string): Promise<{ text: string; signed: SignedCertificate }> {
  const result = await getErasureCertificate({ workspace, receiptId });
  if (result.state !== "issued") throw new Error(`no certificate: ${result.state}`);
  return { text: result.text, signed: JSON.parse(result.text) as SignedCertificate };
}

async function verify(text: string) {
  return verifyCertificateText(text, await listPublishedKeys());
}

async function personWithData(workspace: Workspace) {
  const id = uniqueToken("cust");
  const email = uniqueEmail("erase");
  const secret = uniqueToken("attrvalue");
  const { cioId } = await identify({ workspace, identifier: id, attributes: { email, plan: secret }, actor });
  return { id, email, secret, cioId: cioId! };
}

// No plaintext of the person anywhere in the document: id, email (whole, local part, either case),
// attribute values.
function expectNoResidue(text: string, person: { id: string; email: string; secret: string }) {
  const lower = text.toLowerCase();
  for (const value of [person.id, person.email, person.email.split("@")[0], person.secret]) {
    expect(lower).not.toContain(value.toLowerCase());
  }
}

describe("[RECEIPTS] a certificate for every deletion path", () => {
  it("inline delete and suppress: signed, verifies, hints and keyed hashes only", async () => {
    const workspace = await createTestWorkspace("email_or_id");
    const person = await personWithData(workspace);
    const { receiptId } = await deletePeople({ workspace, cioIds: [person.cioId], suppress: true, actor });
    const { text, signed } = await certificateOf(workspace, receiptId);

    expect(await verify(text)).toMatchObject({ status: "valid", receiptId });
    const c = signed.certificate;
    expect(c).toMatchObject({
      receiptId,
      workspace: { id: workspace.id },
      actor: { type: "user", id: "user_receipts" },
      request: { kind: "deletion", suppress: true, status: "completed" },
      people: { deleted: 1 },
      removed: { profiles: 1 },
      identifiers: { suppressed: true, listed: true },
    });
    expect(c.kept.activities).toMatch(/^forgotten: each profile.s data keys destroyed/);
    expect(c.identifiers.items).toEqual([
      { kind: "email", hint: expect.stringContaining("•"), keyedHash: hashIdentifier(workspace, "email", person.email.toLowerCase()), status: "suppressed" },
      { kind: "id", hint: expect.stringContaining("•"), keyedHash: hashIdentifier(workspace, "id", person.id), status: "suppressed" },
    ]);
    expectNoResidue(text, person);
  });

  it("ID-only mode: the remembered email is listed as remembered, by hash", async () => {
    const workspace = await createTestWorkspace("id");
    const person = await personWithData(workspace);
    const { receiptId } = await deletePeople({ workspace, cioIds: [person.cioId], suppress: true, actor });
    const { text, signed } = await certificateOf(workspace, receiptId);
    expect(await verify(text)).toMatchObject({ status: "valid" });
    expect(signed.certificate.identifiers.items.map((i) => [i.kind, i.status])).toEqual([
      ["id", "suppressed"],
      ["email", "remembered"],
    ]);
    expectNoResidue(text, person);
  });

  it("inline delete without suppression: activity kept under the old cio_id, nothing listed", async () => {
    const workspace = await createTestWorkspace();
    const person = await personWithData(workspace);
    const { receiptId } = await deletePeople({ workspace, cioIds: [person.cioId], suppress: false, actor });
    const { text, signed } = await certificateOf(workspace, receiptId);
    expect(await verify(text)).toMatchObject({ status: "valid" });
    expect(signed.certificate.kept.activities).toMatch(/old cio_id/);
    expect(signed.certificate.identifiers).toMatchObject({ suppressed: false, items: [] });
    expectNoResidue(text, person);
  });

  it("API: DELETE by identifier and suppress by identifier (a person, and a bare value)", async () => {
    const workspace = await createTestWorkspace("email_or_id");
    const apiActor = { type: "api_key", id: uniqueToken("key_") } as const;
    const deleted = await personWithData(workspace);
    const del = await deletePersonByIdentifier({ workspace, identifier: deleted.email, actor: apiActor });
    const suppressed = await personWithData(workspace);
    const sup = await suppressIdentifier({ workspace, identifier: suppressed.id, actor: apiActor });
    const bare = uniqueEmail("nobody");
    const bareSup = await suppressIdentifier({ workspace, identifier: bare, actor: apiActor });

    const a = await certificateOf(workspace, del.receiptId);
    expect(await verify(a.text)).toMatchObject({ status: "valid" });
    expect(a.signed.certificate).toMatchObject({ actor: { type: "api_key", id: apiActor.id }, request: { kind: "deletion", suppress: false }, people: { deleted: 1 } });
    expectNoResidue(a.text, deleted);

    const b = await certificateOf(workspace, sup.receiptId);
    expect(await verify(b.text)).toMatchObject({ status: "valid" });
    expect(b.signed.certificate).toMatchObject({ request: { kind: "suppression", suppress: true }, people: { deleted: 1 } });
    expect(b.signed.certificate.identifiers.items).toHaveLength(2);
    // The suppressed-identifiers look-up names the receipt, so it can link to this certificate.
    expect(await isSuppressed({ workspace, value: suppressed.email })).toMatchObject({ suppressed: true, receiptId: sup.receiptId });
    expectNoResidue(b.text, suppressed);

    const c = await certificateOf(workspace, bareSup.receiptId);
    expect(await verify(c.text)).toMatchObject({ status: "valid" });
    expect(c.signed.certificate).toMatchObject({ people: { deleted: 0 } });
    expect(c.signed.certificate.identifiers.items).toEqual([
      { kind: "email", hint: expect.any(String), keyedHash: hashIdentifier(workspace, "email", bare), status: "suppressed" },
    ]);
    expect(c.text.toLowerCase()).not.toContain(bare.split("@")[0]);
  });

  it("a bulk job: one certificate by the job's receipt (or its closing entry's), counts only", async () => {
    const workspace = await createTestWorkspace();
    const tag = uniqueToken("bulk");
    const count = INLINE_DELETE_LIMIT + 5;
    const cioIds = Array.from({ length: count }, () => newCioId());
    await db.$executeRaw`
      INSERT INTO person (cio_id, workspace_id, external_id, attributes)
      SELECT c, ${workspace.id}, ${tag} || '-' || c, jsonb_build_object('tag', ${tag}::text) FROM unnest(${cioIds}::text[]) AS c`;
    const started = await startDeletion({
      workspace,
      selection: { sql: Prisma.sql`SELECT cio_id FROM person WHERE workspace_id = ${workspace.id} AND attributes->>'tag' = ${tag}` },
      suppress: true,
      actor,
    });
    if (started.mode !== "job") throw new Error("expected a job");
    expect(await getErasureCertificate({ workspace, receiptId: started.receiptId })).toEqual({ state: "running", receiptId: started.receiptId });
    await processNextDeletionJob({ jobId: started.jobId });

    const { text, signed } = await certificateOf(workspace, started.receiptId);
    expect(await verify(text)).toMatchObject({ status: "valid", receiptId: started.receiptId });
    expect(signed.certificate).toMatchObject({
      request: { kind: "bulk_job", suppress: true, status: "completed" },
      people: { deleted: count },
      identifiers: { suppressed: true, listed: false, items: [] },
    });
    expect(text).not.toContain(tag);
    const closing = await db.auditEntry.findFirstOrThrow({ where: { workspaceId: workspace.id, details: { path: ["jobReceiptId"], equals: started.receiptId } } });
    expect((await certificateOf(workspace, closing.receiptId)).text).toBe(text);
  });

  it("a 1,000,000-person job: built from the job row alone (no per-person rows read), counts only", async () => {
    const workspace = await createTestWorkspace();
    const receiptId = newReceiptId();
    await db.deletionJob.create({
      data: { id: uniqueToken("job_"), workspaceId: workspace.id, status: "completed", suppress: true, total: 1_000_000, done: 1_000_000, batchSize: 10_000, receiptId, actorType: "user", actorId: actor.id, finishedAt: new Date() },
    });
    // Suppressions under the job's receipt exist (as a real job leaves them); the certificate must not list them.
    await db.$executeRaw`
      INSERT INTO suppression (id, workspace_id, id_hint, actor_type, actor_id, receipt_id)
      SELECT 'sup_' || ${uniqueToken("")} || g, ${workspace.id}, '••••' || g, 'user', ${actor.id}, ${receiptId} FROM generate_series(1, 2000) AS g`;
    const { text, signed } = await certificateOf(workspace, receiptId);
    expect(await verify(text)).toMatchObject({ status: "valid" });
    expect(signed.certificate).toMatchObject({ people: { deleted: 1_000_000 }, identifiers: { listed: false, items: [] } });
    expect(text.length).toBeLessThan(3_000);
  });

  it("is issued once: a second request returns the stored bytes; an unknown or non-erasure receipt has none", async () => {
    const workspace = await createTestWorkspace();
    const person = await personWithData(workspace);
    const { receiptId } = await deletePeople({ workspace, cioIds: [person.cioId], suppress: false, actor });
    const [first, second] = await Promise.all([certificateOf(workspace, receiptId), certificateOf(workspace, receiptId)]);
    expect(second.text).toBe(first.text);
    expect(await db.erasureCertificate.count({ where: { receiptId } })).toBe(1);
    expect(await getErasureCertificate({ workspace, receiptId: "rcpt_aaaaaaaaaaaaaaaaaaaa" })).toEqual({ state: "none" });
    const other = await createTestWorkspace();
    expect(await getErasureCertificate({ workspace: other, receiptId })).toEqual({ state: "none" });
  });
});

describe("[RECEIPTS] verification", () => {
  async function oneCertificate() {
    const workspace = await createTestWorkspace("email_or_id");
    const person = await personWithData(workspace);
    const { receiptId } = await deletePeople({ workspace, cioIds: [person.cioId], suppress: true, actor });
    return { workspace, ...(await certificateOf(workspace, receiptId)) };
  }

  it("changing any byte of the certificate makes verification fail", async () => {
    const { text } = await oneCertificate();
    const keys = await listPublishedKeys();
    const bytes = Buffer.from(text, "utf8");
    const accepted: string[] = [];
    for (let i = 0; i < bytes.length; i++) {
      for (const flip of [0x01, 0x20]) {
        const changed = Buffer.from(bytes);
        changed[i] ^= flip;
        if (verifyCertificateText(changed.toString("utf8"), keys).status === "valid") accepted.push(`${i}^${flip}`);
      }
    }
    expect(accepted).toEqual([]);
  });

  it("only the text as issued verifies: a re-serialized (pretty-printed) copy is not it, an edited value is tampered", async () => {
    const { text, signed } = await oneCertificate();
    expect(await verify(JSON.stringify(JSON.parse(text), null, 2))).toMatchObject({ status: "not_canonical" });
    const edited = structuredClone(signed);
    edited.certificate.people.deleted = 0;
    expect(await verify(JSON.stringify(edited))).toMatchObject({ status: "tampered" });
    expect(await verify("not json")).toMatchObject({ status: "malformed" });
  });

  it("a key nobody published is unknown", async () => {
    const { text, signed } = await oneCertificate();
    expect(verifyCertificateText(text, [])).toEqual({ status: "unknown_key", keyId: signed.signature.keyId });
  });

  it("rotation: new certificates use the new key, older ones still verify with the retired one", async () => {
    const { workspace, text: before, signed: signedBefore } = await oneCertificate();
    const { keyId } = await rotateSigningKey({ workspaceId: workspace.id, actor });
    expect(keyId).not.toBe(signedBefore.signature.keyId);
    const person = await personWithData(workspace);
    const { receiptId } = await deletePeople({ workspace, cioIds: [person.cioId], suppress: false, actor });
    const after = await certificateOf(workspace, receiptId);
    expect(after.signed.signature.keyId).toBe(keyId);
    expect(await verify(before)).toMatchObject({ status: "valid" });
    expect(await verify(after.text)).toMatchObject({ status: "valid" });
    const published = await listPublishedKeys({ workspaceId: workspace.id });
    expect(published.find((k) => k.kid === signedBefore.signature.keyId)?.retired_at).not.toBeNull();
    expect(published.find((k) => k.kid === keyId)?.retired_at).toBeNull();
  });

  it("a duplicate member in front of the genuine one is refused, naming it", async () => {
    const { text } = await oneCertificate();
    const result = await verify(withLeadingMember(text, '"people":{"deleted":1000000}'));
    expect(result.status).toBe("not_canonical");
    expect(describeVerification(result)).toContain("certificate.people appears twice");
  });

  it("revocation: what the leaked key signs dated from then on reads Revoked; earlier certificates and the replacement key's verify", async () => {
    const { workspace, text: before, signed } = await oneCertificate();
    const leaked = await getActiveSigningKey(workspace.id);
    expect(leaked.id).toBe(signed.signature.keyId);
    const admin = { type: "user", id: "user_revoker" } as const;
    const { revokedAt, replacementKeyId, receiptId } = await revokeSigningKey({ workspaceId: workspace.id, keyId: leaked.id, actor: admin });
    expect(replacementKeyId).not.toBeNull();

    // The thief signs a certificate dated now with the leaked key.
    const forged = signedWith(forgedCertificate({ keyId: leaked.id, workspaceId: workspace.id, issuedAt: new Date(Math.max(Date.now(), revokedAt.getTime())) }), leaked);
    const result = await verify(forged);
    expect(result).toMatchObject({ status: "revoked", revokedAt: revokedAt.toISOString() });
    expect(await verify(before)).toMatchObject({ status: "valid" });
    const person = await personWithData(workspace);
    const after = await certificateOf(workspace, (await deletePeople({ workspace, cioIds: [person.cioId], suppress: false, actor })).receiptId);
    expect(after.signed.signature.keyId).toBe(replacementKeyId);
    expect(await verify(after.text)).toMatchObject({ status: "valid" });

    const published = (await listPublishedKeys({ workspaceId: workspace.id })).find((k) => k.kid === leaked.id);
    expect(published).toMatchObject({ workspace: workspace.id, revoked_at: revokedAt.toISOString(), retired_at: revokedAt.toISOString() });
    const entry = await db.auditEntry.findFirstOrThrow({ where: { workspaceId: workspace.id, receiptId } });
    expect(entry).toMatchObject({ action: "signing_key.revoke", actorType: "user", actorId: admin.id, count: 1, details: { keyId: leaked.id, replacementKeyId } });
    await expect(revokeSigningKey({ workspaceId: workspace.id, keyId: leaked.id, actor: admin })).rejects.toThrow(/already revoked/);
    const other = await createTestWorkspace();
    await expect(revokeSigningKey({ workspaceId: other.id, keyId: replacementKeyId!, actor: admin })).rejects.toThrow(/No signing key/);
    expect((await db.signingKey.findUniqueOrThrow({ where: { id: replacementKeyId! } })).revokedAt).toBeNull();
  });

  it("a retired key verifies nothing dated after its retirement; a key nothing of another workspace", async () => {
    const { workspace, text: before } = await oneCertificate();
    const old = await getActiveSigningKey(workspace.id);
    await rotateSigningKey({ workspaceId: workspace.id, actor });
    const late = signedWith(forgedCertificate({ keyId: old.id, workspaceId: workspace.id, issuedAt: new Date(Date.now() + 1000) }), old);
    expect(await verify(late)).toMatchObject({ status: "key_retired" });
    expect(await verify(before)).toMatchObject({ status: "valid" });
    expect((await db.signingKey.findUniqueOrThrow({ where: { id: old.id } })).retiredReason).toBe("rotated");

    const other = await createTestWorkspace();
    const otherKey = await getActiveSigningKey(other.id);
    const crossed = signedWith(forgedCertificate({ keyId: otherKey.id, workspaceId: workspace.id }), otherKey);
    expect(await verify(crossed)).toMatchObject({ status: "wrong_workspace", keyWorkspace: other.id, certificateWorkspace: workspace.id });
  });

  it("names staff by role and user id, never by email", async () => {
    const workspace = await createTestWorkspace();
    const email = uniqueEmail("staffer");
    const staffer = await createUser({ email, name: "Staffer", password: "a long enough password", role: "admin" });
    const person = await personWithData(workspace);
    const { receiptId } = await deletePeople({ workspace, cioIds: [person.cioId], suppress: true, actor: { type: "user", id: staffer.id } });
    const { text, signed } = await certificateOf(workspace, receiptId);
    expect(signed.certificate.actor).toEqual({ type: "user", id: staffer.id, label: `admin staff member, user id ${staffer.id}` });
    expect(text.toLowerCase()).not.toContain(email.toLowerCase());
    expect(text.toLowerCase()).not.toContain(email.split("@")[0].toLowerCase());
  });

  it("private keys are stored encrypted; after the auth secret changes a new key takes over", async () => {
    const workspace = await createTestWorkspace();
    const first = await getActiveSigningKey(workspace.id);
    const stored = await db.signingKey.findUniqueOrThrow({ where: { id: first.id } });
    const pkcs8 = first.privateKey.export({ format: "der", type: "pkcs8" });
    expect(stored.encryptedPrivateKey).not.toContain(pkcs8.toString("base64url"));
    expect(stored.encryptedPrivateKey).not.toContain(pkcs8.toString("base64"));
    const saved = process.env.BETTER_AUTH_SECRET;
    process.env.BETTER_AUTH_SECRET = uniqueToken("another-secret-").padEnd(40, "x");
    try {
      const second = await getActiveSigningKey(workspace.id);
      expect(second.id).not.toBe(first.id);
      expect(await db.signingKey.findUniqueOrThrow({ where: { id: first.id } })).toMatchObject({ retiredAt: expect.any(Date), retiredReason: "undecryptable", revokedAt: null });
      // Not silently: audited as the system's doing, and listed for Settings with its reason.
      const entries = await db.auditEntry.findMany({ where: { workspaceId: workspace.id, action: "signing_key.replace_undecryptable" } });
      expect(entries).toEqual([expect.objectContaining({ actorType: "system", actorId: null, details: { keyId: second.id, previousKeyId: first.id } })]);
      expect(await listSigningKeys(workspace.id)).toMatchObject([
        { id: second.id, retiredAt: null, retiredReason: null },
        { id: first.id, retiredReason: "undecryptable" },
      ]);
      expect((await getActiveSigningKey(workspace.id)).id).toBe(second.id);
      expect(await db.auditEntry.count({ where: { workspaceId: workspace.id, action: "signing_key.replace_undecryptable" } })).toBe(1);
    } finally {
      if (saved === undefined) delete process.env.BETTER_AUTH_SECRET;
      else process.env.BETTER_AUTH_SECRET = saved;
    }
  });
});
