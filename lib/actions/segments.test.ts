// Segment actions answer input that can't name a segment (none, a number, a NUL the database would
// fail on) with a message instead of failing (found by `npm run verify`'s hostile-input corpus). That
// they check the session before the input is lib/actions/pipeline.test.ts's.
import { beforeEach, describe, expect, it, vi } from "vitest";
import { requestHeaders } from "../test/request-headers";

vi.mock("next/headers", async () => (await import("../test/request-headers")).nextHeadersMock());
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const { addToSegmentAction, deleteSegmentAction, removeFromSegmentAction, saveSegmentAction } = await import("./segments");
const { signedInStaff } = await import("../test/staff-session");

describe("segment actions, signed in", () => {
  beforeEach(async () => {
    requestHeaders.current = new Headers({ cookie: await signedInStaff("support") });
  });

  it("answer invalid input with its validation message", async () => {
    const state = await saveSegmentAction({ ok: false, message: "" }, new FormData());
    expect(state.ok).toBe(false);
    expect(state.message).toBe("Check the highlighted fields.");
    expect(await addToSegmentAction({} as never)).toMatchObject({ ok: false, message: "Invalid request." });
    expect(await removeFromSegmentAction({} as never)).toMatchObject({ ok: false, message: "Invalid request." });
  });

  it("answer a segment id that can't exist (none, a number, a NUL, empty) with a refusal instead of failing", async () => {
    for (const id of [undefined, 42, "\u0000", ""] as unknown as string[]) {
      expect(await deleteSegmentAction(id)).toMatchObject({ ok: false });
    }
    expect(await deleteSegmentAction("seg_none")).toMatchObject({ ok: false });
  });
});
