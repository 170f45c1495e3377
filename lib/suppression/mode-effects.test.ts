// The words the Delete forever dialogs and the suppressed-identifiers page use for suppress follow
// the workspace's identification mode (DOMAIN.md: ID-only suppresses the id and remembers the email).
import { describe, expect, it } from "vitest";
import { suppressionWording } from "./mode-effects";

describe("[SUPPRESSION] what suppress does, per identification mode", () => {
  it("ID-only: the id is suppressed; the email is remembered, suppressed only if the workspace moves to email-or-ID", () => {
    const wording = suppressionWording("id");
    expect(wording.suppress).toMatch(/^their id can never be added again\./);
    expect(wording.suppress).toContain("their email can be added again: it is remembered, and suppressed too if the workspace moves to email-or-ID");
    expect(wording.suppress).not.toContain("id and email can never");
    expect(wording.listDescription).toContain("their emails are remembered, not suppressed, and become suppressed if the workspace moves to email-or-ID");
  });

  it("email-or-ID: both the id and the email are suppressed", () => {
    const wording = suppressionWording("email_or_id");
    expect(wording.suppress).toMatch(/^their id and email can never be added again/);
    expect(wording.suppress).not.toContain("remembered");
    expect(wording.listDescription).toContain("their ids and emails can't come back");
  });

  it("not suppressing reads the same in both modes", () => {
    expect(suppressionWording("id").dontSuppress).toBe(suppressionWording("email_or_id").dontSuppress);
  });
});
