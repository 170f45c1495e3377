import { describe, expect, it } from "vitest";
import { db } from "../db";
import { SuppressedIdentifierError } from "../errors";
import { identify } from "../people/identify";
import { suppressIdentifier } from "../deletion/suppress-identifier";
import { isSuppressed } from "../suppression/suppress";
import { createTestWorkspace, uniqueEmail, uniqueToken } from "../test/factories";
import { previewIdentificationModeSwitch, switchIdentificationMode } from "./identification-mode";

const actor = { type: "user", id: "admin_1" } as const;

describe("[WORKSPACE] switching ID-only to email-or-ID", () => {
  it("refuses while living people share an email, listing them", async () => {
    const workspace = await createTestWorkspace("id");
    const shared = uniqueEmail("Shared");
    await identify({ workspace, identifier: uniqueToken("a"), attributes: { email: shared }, actor });
    await identify({ workspace, identifier: uniqueToken("b"), attributes: { email: shared.toLowerCase() }, actor });
    await identify({ workspace, identifier: uniqueToken("c"), attributes: { email: uniqueEmail() }, actor });
    const preview = await previewIdentificationModeSwitch({ workspace });
    expect(preview.conflicts).toEqual([{ email: expect.stringMatching(new RegExp(shared, "i")), count: 2, reason: "duplicate" }]);
    const result = await switchIdentificationMode({ workspace, to: "email_or_id", actor });
    expect(result).toEqual({ ok: false, conflicts: preview.conflicts });
    expect((await db.workspace.findUniqueOrThrow({ where: { id: workspace.id } })).identificationMode).toBe("id");
  });

  it("refuses while a living person holds the remembered email of a suppressed profile", async () => {
    const workspace = await createTestWorkspace("id");
    const email = uniqueEmail();
    const gone = uniqueToken("gone");
    await identify({ workspace, identifier: gone, attributes: { email }, actor });
    await suppressIdentifier({ workspace, identifier: gone, actor });
    await identify({ workspace, identifier: uniqueToken("alive"), attributes: { email }, actor });
    const result = await switchIdentificationMode({ workspace, to: "email_or_id", actor });
    expect(result).toEqual({ ok: false, conflicts: [{ email, count: 1, reason: "suppressed" }] });
  });

  it("claims every living email and suppresses the remembered ones", async () => {
    const workspace = await createTestWorkspace("id");
    const liveEmail = uniqueEmail();
    const suppressedEmail = uniqueEmail();
    const live = uniqueToken("live");
    const gone = uniqueToken("gone");
    const { cioId } = await identify({ workspace, identifier: live, attributes: { email: liveEmail }, actor });
    await identify({ workspace, identifier: gone, attributes: { email: suppressedEmail }, actor });
    await suppressIdentifier({ workspace, identifier: gone, actor });
    expect(await isSuppressed({ workspace, value: suppressedEmail })).toEqual({ suppressed: false, remembered: true });
    expect(await previewIdentificationModeSwitch({ workspace })).toEqual({ conflicts: [], suppressedEmailsToActivate: 1 });

    const result = await switchIdentificationMode({ workspace, to: "email_or_id", actor });
    expect(result).toEqual({ ok: true, activated: 1 });
    const switched = await db.workspace.findUniqueOrThrow({ where: { id: workspace.id } });
    expect(switched.identificationMode).toBe("email_or_id");
    expect(await isSuppressed({ workspace: switched, value: suppressedEmail.toUpperCase() })).toMatchObject({ suppressed: true, kind: "email" });
    await expect(identify({ workspace: switched, identifier: suppressedEmail, attributes: {}, actor })).rejects.toThrow(SuppressedIdentifierError);
    // The living person is now found by email too.
    expect((await identify({ workspace: switched, identifier: liveEmail.toUpperCase(), attributes: { x: 1 }, actor })).cioId).toBe(cioId);
    expect(await db.auditEntry.count({ where: { workspaceId: workspace.id, action: "workspace.switch_identification_mode" } })).toBe(1);
    // Switching again is a no-op.
    expect(await switchIdentificationMode({ workspace: switched, to: "email_or_id", actor })).toEqual({ ok: true, activated: 0 });
  });

  it("uses the mode as stored, even when the caller's workspace object is stale", async () => {
    const workspace = await createTestWorkspace("id");
    await switchIdentificationMode({ workspace, to: "email_or_id", actor });
    const email = uniqueEmail();
    // workspace still says "id"; identify re-reads the mode under lock and claims the email.
    const { cioId } = await identify({ workspace, identifier: uniqueToken("p"), attributes: { email }, actor });
    expect(await db.identifierClaim.count({ where: { cioId: cioId!, kind: "email" } })).toBe(1);
  });
});
