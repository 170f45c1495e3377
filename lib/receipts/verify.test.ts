// The verifier's rules on their own (no database): only the exact signed text, no duplicate member at
// any depth, a revoked key verifies nothing dated from its revocation on, a retired key nothing dated
// after its retirement, a key only its own workspace's certificates.
import { describe, expect, it } from "vitest";
import { forgedCertificate, newTestKey, signedWith, withLeadingMember } from "../test/certificates";
import { parseKeySet } from "./key-set";
import { parseStrictJson } from "./strict-json";
import { describeVerification, verifyCertificateText } from "./verify";

const WORKSPACE = "ws_verify_test";
const HOUR = 3_600_000;

function genuine(options: { issuedAt?: Date } = {}) {
  const key = newTestKey({ workspace: WORKSPACE });
  const text = signedWith(forgedCertificate({ keyId: key.id, workspaceId: WORKSPACE, issuedAt: options.issuedAt, peopleDeleted: 3 }), key);
  return { key, text };
}

describe("[RECEIPTS] only the signed text verifies", () => {
  it("a duplicate member in front of the real one is refused, and the message names it", () => {
    const { key, text } = genuine();
    expect(verifyCertificateText(text, [key.published])).toMatchObject({ status: "valid" });
    const forged = withLeadingMember(text, '"people":{"deleted":1000000}');
    // JSON.parse alone keeps the later, genuine member: the signature would still match.
    expect((JSON.parse(forged) as { certificate: { people: { deleted: number } } }).certificate.people.deleted).toBe(3);
    const result = verifyCertificateText(forged, [key.published]);
    expect(result).toMatchObject({ status: "not_canonical" });
    expect(describeVerification(result)).toContain("the member certificate.people appears twice");
  });

  it("duplicates at any depth, spelled with escapes or not, are named by their path", () => {
    const { key, text } = genuine();
    const cases: [string, string][] = [
      [text.replace('"people":{"deleted":3}', '"people":{"deleted":9,"deleted":3}'), "certificate.people.deleted"],
      [withLeadingMember(text, '"\\u0070eople":{"deleted":9}'), "certificate.people"],
      [text.replace('{"certificate":', '{"signature":{},"certificate":'), "signature"],
      [text.replace('"items":[]', '"items":[{"kind":"id","kind":"email"}]'), "certificate.identifiers.items[0].kind"],
      [withLeadingMember(text, '"a b":1,"a b":2'), 'certificate["a b"]'],
    ];
    for (const [forged, path] of cases) {
      const result = verifyCertificateText(forged, [key.published]);
      expect(result.status, path).toBe("not_canonical");
      expect(describeVerification(result)).toContain(`the member ${path} appears twice`);
    }
  });

  it("a reformatted or re-encoded copy is not the signed text; surrounding whitespace is", () => {
    const { key, text } = genuine();
    const pretty = JSON.stringify(JSON.parse(text), null, 2);
    expect(verifyCertificateText(pretty, [key.published])).toMatchObject({ status: "not_canonical" });
    expect(verifyCertificateText(text.replace('"deleted":3', '"deleted":3.0'), [key.published])).toMatchObject({ status: "not_canonical" });
    expect(verifyCertificateText(text.replace('"version":1', '"version":1.0000000000000000001'), [key.published])).toMatchObject({ status: "not_canonical" });
    expect(verifyCertificateText(text.replace('"type":"certificate_of_erasure"', '"type":"\\u0063ertificate_of_erasure"'), [key.published])).toMatchObject({ status: "not_canonical" });
    expect(verifyCertificateText(`\n  ${text}\n`, [key.published])).toMatchObject({ status: "valid" });
  });

  it("not JSON, or JSON of another shape, is not a certificate", () => {
    const { key } = genuine();
    for (const text of ["", "not json", "{", "[]", '{"certificate":{}}', "{}".padStart(10_000, "[")]) {
      expect(verifyCertificateText(text, [key.published]).status, text.slice(0, 20)).toBe("malformed");
    }
  });
});

describe("[RECEIPTS] the keys' lifetime and workspace", () => {
  it("a revoked key: certificates dated at or after the revocation read Revoked, earlier ones are valid", () => {
    const revokedAt = new Date(Date.now() - HOUR);
    const key = newTestKey({ workspace: WORKSPACE, revokedAt, retiredAt: revokedAt });
    const sign = (issuedAt: Date) => signedWith(forgedCertificate({ keyId: key.id, workspaceId: WORKSPACE, issuedAt }), key);
    expect(verifyCertificateText(sign(new Date(revokedAt.getTime() - 1)), [key.published])).toMatchObject({ status: "valid" });
    const at = verifyCertificateText(sign(revokedAt), [key.published]);
    expect(at).toMatchObject({ status: "revoked", revokedAt: revokedAt.toISOString() });
    expect(describeVerification(at)).toMatch(/^revoked: key ek_\w+ was revoked at /);
    expect(verifyCertificateText(sign(new Date()), [key.published])).toMatchObject({ status: "revoked" });
  });

  it("a key revoked after it was retired: dated between the two is not valid either", () => {
    const retiredAt = new Date(Date.now() - 2 * HOUR);
    const key = newTestKey({ workspace: WORKSPACE, retiredAt, revokedAt: new Date(Date.now() - HOUR) });
    const sign = (issuedAt: Date) => signedWith(forgedCertificate({ keyId: key.id, workspaceId: WORKSPACE, issuedAt }), key);
    expect(verifyCertificateText(sign(new Date(retiredAt.getTime() - 1)), [key.published])).toMatchObject({ status: "valid" });
    expect(verifyCertificateText(sign(new Date(retiredAt.getTime() + 1)), [key.published])).toMatchObject({ status: "key_retired" });
    expect(verifyCertificateText(sign(new Date()), [key.published])).toMatchObject({ status: "revoked" });
  });

  it("a retired key verifies only certificates dated before its retirement", () => {
    const retiredAt = new Date(Date.now() - HOUR);
    const key = newTestKey({ workspace: WORKSPACE, retiredAt });
    const sign = (issuedAt: Date) => signedWith(forgedCertificate({ keyId: key.id, workspaceId: WORKSPACE, issuedAt }), key);
    expect(verifyCertificateText(sign(new Date(retiredAt.getTime() - 1000)), [key.published])).toMatchObject({ status: "valid" });
    const after = verifyCertificateText(sign(new Date()), [key.published]);
    expect(after).toMatchObject({ status: "key_retired", retiredAt: retiredAt.toISOString() });
    expect(describeVerification(after)).toContain("signs nothing dated after that");
  });

  it("a key verifies only its own workspace's certificates", () => {
    const key = newTestKey({ workspace: "ws_other" });
    const text = signedWith(forgedCertificate({ keyId: key.id, workspaceId: WORKSPACE }), key);
    const result = verifyCertificateText(text, [key.published]);
    expect(result).toEqual({ status: "wrong_workspace", keyId: key.id, keyWorkspace: "ws_other", certificateWorkspace: WORKSPACE });
    expect(describeVerification(result)).toContain("belongs to workspace ws_other, but the certificate names workspace ws_verify_test");
  });

  it("a certificate naming its own keys is only as good as the keys the verifier chose", () => {
    const forger = newTestKey({ workspace: WORKSPACE });
    const text = signedWith(forgedCertificate({ keyId: forger.id, workspaceId: WORKSPACE, keysUrl: "https://forger.example/keys.json" }), forger);
    const { key: genuineKey } = genuine();
    expect(verifyCertificateText(text, [genuineKey.published])).toEqual({ status: "unknown_key", keyId: forger.id });
  });
});

describe("[RECEIPTS] strict JSON", () => {
  it("reads what JSON.parse reads, the same way", () => {
    for (const text of [`${"[".repeat(64)}${"]".repeat(64)}`, '{"a":[1,-2.5e3,true,false,null,"x\\n\\u00e9"],"b":{}}', "[]", '"s"', " 0 ", '{"__proto__":1}', '{"":{"":[]}}']) {
      expect(parseStrictJson(text)).toEqual({ ok: true, value: JSON.parse(text) });
    }
  });

  it("refuses what JSON.parse refuses, and nesting past 64 levels", () => {
    for (const text of ["{", '{"a":1,}', "[1,]", "01", "-", "1.", '"\\x"', '"a\nb"', "nul", '{"a" 1}', "1 2", "+1", `${"[".repeat(65)}${"]".repeat(65)}`]) {
      expect(parseStrictJson(text), text.slice(0, 20)).toMatchObject({ ok: false, problem: "syntax" });
    }
  });
});

describe("[RECEIPTS] key sets read by the CLI", () => {
  it("takes a published set, fills in what older sets lack, refuses what is not one", () => {
    const key = newTestKey({ workspace: WORKSPACE, retiredAt: new Date() });
    expect(parseKeySet({ keys: [key.published] })).toEqual({ ok: true, keys: [expect.objectContaining({ kid: key.id, workspace: WORKSPACE, retired_at: key.published.retired_at, revoked_at: null })] });
    const older: Partial<typeof key.published> = { ...key.published };
    delete older.revoked_at;
    expect(parseKeySet({ keys: [older] })).toMatchObject({ ok: true, keys: [{ revoked_at: null }] });
    expect(parseKeySet({ keys: [{ ...key.published, workspace: undefined }] })).toMatchObject({ ok: false, reason: expect.stringContaining("keys.0.workspace") });
    expect(parseKeySet({ keys: [{ ...key.published, revoked_at: "yesterday" }] })).toMatchObject({ ok: false });
    expect(parseKeySet([])).toMatchObject({ ok: false });
  });
});
