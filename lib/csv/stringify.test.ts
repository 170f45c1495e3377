import { describe, expect, it } from "vitest";
import { defuseCsvCell, toCsv } from "./stringify";

describe("[CSV] exported cells", () => {
  it("defuses every cell a spreadsheet would run as a formula", () => {
    for (const start of ["=", "+", "-", "@", "\t", "\r", "\n"]) {
      expect(defuseCsvCell(`${start}HYPERLINK("http://evil.test","x")`)).toBe(`'${start}HYPERLINK("http://evil.test","x")`);
    }
    expect(defuseCsvCell("jane@example.com")).toBe("jane@example.com");
    expect(defuseCsvCell("a=b")).toBe("a=b");
    expect(defuseCsvCell(null)).toBe("");
    expect(defuseCsvCell(undefined)).toBe("");
    expect(defuseCsvCell(-3)).toBe(-3);
  });

  it("writes quoted CSV with the defused cells", () => {
    expect(toCsv([["email", "reason"], ['=HYPERLINK("http://evil.test")', "-1+1"], ["a@b.c", null]])).toBe(
      `email,reason\n"'=HYPERLINK(""http://evil.test"")",'-1+1\na@b.c,\n`,
    );
  });
});
