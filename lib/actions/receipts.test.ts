// The certificate Server Actions as staff call them: key rotation and revocation are for admins only;
// verifying needs no session at all.
import { describe, expect, it, vi } from "vitest";
import { requestHeaders } from "../test/request-headers";

vi.mock("next/headers", async () => (await import("../test/request-headers")).nextHeadersMock());
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const { AuthorizationError } = await import("../auth/guard");
const { db } = await import("../db");
const { signedInStaff } = await import("../test/staff-session");
const { getWorkspace } = await import("../workspace/workspace");
const { revokeSigningKeyAction, rotateSigningKeyAction } = await import("./receipts");
const { createTestWorkspace } = await import("../test/factories");
const { getActiveSigningKey } = await import("../receipts/signing-keys");

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
};

describe("[RECEIPTS] rotateSigningKeyAction", () => {
  it("refuses anonymous (401) and support (403) callers, rotates for an admin", async () => {
    const workspace = await getWorkspace();
    const before = await db.signingKey.count({ where: { workspaceId: workspace.id } });
    requestHeaders.current = new Headers();
    await expect(rotateSigningKeyAction()).rejects.toMatchObject({ status: 401 });
    requestHeaders.current = new Headers({ cookie: await signedInStaff("support") });
    await expect(rotateSigningKeyAction()).rejects.toBeInstanceOf(AuthorizationError);
    expect(await db.signingKey.count({ where: { workspaceId: workspace.id } })).toBe(before);

    requestHeaders.current = new Headers({ cookie: await signedInStaff("admin") });
    const result = await rotateSigningKeyAction();
    expect(result.ok).toBe(true);
    const active = await db.signingKey.findMany({ where: { workspaceId: workspace.id, retiredAt: null } });
    expect(active).toHaveLength(1);
    expect(result.message).toContain(active[0].id);
    expect(await db.signingKey.count({ where: { workspaceId: workspace.id } })).toBe(before + 1);
    requestHeaders.current = new Headers();
  });
});

describe("[RECEIPTS] revokeSigningKeyAction", () => {
  it("refuses anonymous (401) and support (403) callers; an admin revokes, audited, and the active key is replaced", async () => {
    const workspace = await getWorkspace();
    const { id: keyId } = await getActiveSigningKey(workspace.id);
    requestHeaders.current = new Headers();
    await expect(revokeSigningKeyAction({ ok: false, message: "" }, form({ keyId }))).rejects.toMatchObject({ status: 401 });
    requestHeaders.current = new Headers({ cookie: await signedInStaff("support") });
    await expect(revokeSigningKeyAction({ ok: false, message: "" }, form({ keyId }))).rejects.toBeInstanceOf(AuthorizationError);
    expect((await db.signingKey.findUniqueOrThrow({ where: { id: keyId } })).revokedAt).toBeNull();

    requestHeaders.current = new Headers({ cookie: await signedInStaff("admin") });
    // Bad input and another workspace's key change nothing.
    const otherKey = await getActiveSigningKey((await createTestWorkspace()).id);
    const keysBefore = await db.signingKey.count();
    expect(await revokeSigningKeyAction({ ok: false, message: "" }, form({ keyId: "ek_nothex" }))).toMatchObject({ ok: false, message: "Not a signing key id." });
    expect(await revokeSigningKeyAction({ ok: false, message: "" }, form({ keyId: otherKey.id }))).toMatchObject({ ok: false, message: expect.stringContaining("No signing key") });
    expect(await db.signingKey.count()).toBe(keysBefore);
    expect((await db.signingKey.findUniqueOrThrow({ where: { id: otherKey.id } })).revokedAt).toBeNull();

    const result = await revokeSigningKeyAction({ ok: false, message: "" }, form({ keyId }));
    expect(result).toMatchObject({ ok: true, message: expect.stringContaining(`Key ${keyId} revoked`) });
    const revoked = await db.signingKey.findUniqueOrThrow({ where: { id: keyId } });
    expect(revoked).toMatchObject({ revokedAt: expect.any(Date), retiredReason: "revoked" });
    const active = await db.signingKey.findMany({ where: { workspaceId: workspace.id, retiredAt: null } });
    expect(active).toHaveLength(1);
    expect(result.message).toContain(active[0].id);
    const entry = await db.auditEntry.findFirstOrThrow({ where: { workspaceId: workspace.id, action: "signing_key.revoke" }, orderBy: { createdAt: "desc" } });
    expect(entry).toMatchObject({ actorType: "user", details: { keyId, replacementKeyId: active[0].id } });
    expect(await revokeSigningKeyAction({ ok: false, message: "" }, form({ keyId }))).toMatchObject({ ok: false, message: expect.stringContaining("already revoked") });
    requestHeaders.current = new Headers();
  });
});
