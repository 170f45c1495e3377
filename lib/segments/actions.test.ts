// Segment actions check who is asking before what they sent: a signed-out caller gets "Sign in" for
// any input, never the form's validation messages (found by `npm run verify`'s authorization matrix).
import { beforeEach, describe, expect, it, vi } from "vitest";
import { requestHeaders } from "../test/request-headers";

vi.mock("next/headers", async () => (await import("../test/request-headers")).nextHeadersMock());
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const { addToSegmentAction, deleteSegmentAction, removeFromSegmentAction, saveSegmentAction } = await import("./actions");
const { signedInStaff } = await import("../test/staff-session");

const SIGN_IN = "Sign in to continue.";

describe("segment actions, signed out", () => {
  beforeEach(() => {
    requestHeaders.current = new Headers();
  });

  it("refuse an invalid form with Sign in, not with the form's errors", async () => {
    const state = await saveSegmentAction({ ok: false, message: "" }, new FormData());
    expect(state).toEqual({ ok: false, message: SIGN_IN });
  });

  it("refuse invalid membership input with Sign in", async () => {
    expect(await addToSegmentAction({} as never)).toEqual({ ok: false, message: SIGN_IN });
    expect(await removeFromSegmentAction({ segmentId: "", cioIds: [] })).toEqual({ ok: false, message: SIGN_IN });
  });
});

describe("segment actions, signed in", () => {
  beforeEach(async () => {
    requestHeaders.current = new Headers({ cookie: await signedInStaff("support") });
  });

  it("still answer invalid input with its validation message", async () => {
    const state = await saveSegmentAction({ ok: false, message: "" }, new FormData());
    expect(state.ok).toBe(false);
    expect(state.message).toBe("Check the highlighted fields.");
    expect(await addToSegmentAction({} as never)).toEqual({ ok: false, message: "Invalid request." });
    expect(await removeFromSegmentAction({ segmentId: "", cioIds: [] })).toEqual({ ok: false, message: "Invalid request." });
  });

  it("answer a segment id that can't exist (none, a number, a NUL) with not found instead of failing", async () => {
    for (const id of [undefined, 42, "\u0000", ""] as unknown as string[]) {
      expect(await deleteSegmentAction(id)).toEqual({ ok: false, message: "segment not found" });
    }
  });
});
