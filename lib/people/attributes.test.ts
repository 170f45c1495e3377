import { describe, expect, it } from "vitest";
import { ValidationError } from "../errors";
import { parseAttributes } from "./attributes";

function errorsOf(input: unknown): string[] {
  try {
    parseAttributes(input);
  } catch (error) {
    if (error instanceof ValidationError) return error.errors;
    throw error;
  }
  return [];
}

describe("[PEOPLE] attribute validation", () => {
  it("splits reserved keys from plain attributes", () => {
    expect(parseAttributes({ id: 42, email: " A@b.co ", created_at: 1700000000, unsubscribed: true, _update: true, plan: "pro", n: 3, ok: false, gone: null })).toEqual({
      id: "42",
      email: "A@b.co",
      createdAt: new Date(1700000000 * 1000),
      unsubscribed: true,
      update: true,
      attributes: { plan: "pro", n: 3, ok: false, gone: null },
    });
  });

  it("accepts 300 attributes, names of 150 bytes and values of 1000 bytes, and no more", () => {
    const many = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`a${i}`, i]));
    expect(errorsOf(many)).toEqual([]);
    expect(errorsOf({ ...many, extra: 1 })).toEqual(["at most 300 attributes"]);
    expect(errorsOf({ ["n".repeat(150)]: 1 })).toEqual([]);
    expect(errorsOf({ ["n".repeat(151)]: 1 })[0]).toMatch(/name over 150 bytes/);
    expect(errorsOf({ v: "x".repeat(1000) })).toEqual([]);
    expect(errorsOf({ v: "x".repeat(1001) })[0]).toMatch(/over 1000 bytes/);
  });

  it("rejects nested values, bad emails, bad reserved values, and non-objects", () => {
    expect(errorsOf({ nested: { a: 1 } })[0]).toMatch(/string, number or boolean/);
    expect(errorsOf({ list: [1] })[0]).toMatch(/string, number or boolean/);
    expect(errorsOf({ email: "not-an-email" })).toEqual(["email is not a valid email address"]);
    expect(errorsOf({ unsubscribed: "yes" })).toEqual(["unsubscribed must be true or false"]);
    expect(errorsOf({ created_at: "yesterday" })).toEqual(["created_at must be a unix timestamp in seconds"]);
    expect(errorsOf({ _update: 1 })).toEqual(["_update must be true or false"]);
    expect(errorsOf({ id: "" })).toEqual(["id must not be empty"]);
    expect(errorsOf({ id: "x".repeat(151) })).toEqual(["id must be at most 150 bytes"]);
    expect(errorsOf([1, 2]).length).toBeGreaterThan(0);
    expect(errorsOf("text").length).toBeGreaterThan(0);
  });

  it("checks an email's size before its shape, so a 1 MB hostile email is refused at once", () => {
    for (const email of ["a@a" + ".".repeat(1_000_000) + "@", "a@" + "a.".repeat(500_000) + " x"]) {
      const started = performance.now();
      expect(errorsOf({ email })).toEqual(["email must be at most 150 bytes"]);
      expect(performance.now() - started).toBeLessThan(500);
    }
    expect(errorsOf({ email: "   " })).toEqual(["email must not be empty"]);
  });
});
