// The workspace name form as an admin submits it: text PostgreSQL can't store (NUL) is refused as bad
// input, not a 500, and changes nothing.
import { describe, expect, it, vi } from "vitest";
import { requestHeaders } from "../test/request-headers";

vi.mock("next/headers", async () => (await import("../test/request-headers")).nextHeadersMock());
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const { signedInStaff } = await import("../test/staff-session");
const { getWorkspace } = await import("../workspace/workspace");
const { renameWorkspaceAction } = await import("./workspace");

const form = (name: string) => {
  const data = new FormData();
  data.set("name", name);
  return data;
};

describe("[WORKSPACE] renameWorkspaceAction", () => {
  it("refuses a name with a NUL character, keeping the name", async () => {
    const before = (await getWorkspace()).name;
    requestHeaders.current = new Headers({ cookie: await signedInStaff("admin") });
    for (const name of ["\u0000", "cio_\u0000", "a\u0000b"]) {
      expect(await renameWorkspaceAction({ ok: false, message: "" }, form(name))).toMatchObject({ ok: false, fieldErrors: { name: ["Name must not contain NUL characters or unpaired surrogates"] } });
    }
    expect((await getWorkspace()).name).toBe(before);
    requestHeaders.current = new Headers();
  });
});
