// What can be stored as text, and what can be an id at all.
import { describe, expect, it } from "vitest";
import { isPossibleId, isStorableText, MAX_ID_LENGTH } from "./text";

describe("text", () => {
  it("isStorableText refuses NUL and unpaired surrogates", () => {
    expect(isStorableText("plain ✓ 😀")).toBe(true);
    expect(isStorableText("a\u0000b")).toBe(false);
    expect(isStorableText("a\ud800b")).toBe(false);
  });

  it("isPossibleId: a non-empty storable string of at most MAX_ID_LENGTH characters", () => {
    for (const id of ["imp_0123456789abcdef0123", "job_x", "seg_1", "x".repeat(MAX_ID_LENGTH)]) expect(isPossibleId(id), id).toBe(true);
    for (const id of ["", "\u0000", "imp_\u0000", "a\ud800", "x".repeat(MAX_ID_LENGTH + 1), null, undefined, 42, ["job_x"]]) {
      expect(isPossibleId(id), JSON.stringify(id)?.slice(0, 20)).toBe(false);
    }
  });
});
