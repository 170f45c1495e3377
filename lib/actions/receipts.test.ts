// The certificate Server Actions as staff call them: key rotation is for admins only; verifying
// needs no session at all.
import { describe, expect, it, vi } from "vitest";
import { requestHeaders } from "../test/request-headers";

vi.mock("next/headers", async () => (await import("../test/request-headers")).nextHeadersMock());
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const { AuthorizationError } = await import("../auth/guard");
const { db } = await import("../db");
const { signedInStaff } = await import("../test/staff-session");
const { getWorkspace } = await import("../workspace/workspace");
const { rotateSigningKeyAction } = await import("./receipts");

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
