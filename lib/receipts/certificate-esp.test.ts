// The certificate of erasure names the email suppression list entries a deletion leaves in place
// (type, reason, masked email), from every inline path, and never the address itself.
import { describe, expect, it } from "vitest";
import { Prisma, type Workspace } from "../generated/prisma/client";
import { db } from "../db";
import { newCioId } from "../identity/identifiers";
import { deletePeople } from "../deletion/delete-people";
import { INLINE_DELETE_LIMIT, startDeletion } from "../deletion/start";
import { suppressIdentifier } from "../deletion/suppress-identifier";
import { processNextDeletionJob } from "../deletion/worker";
import { addEspSuppression } from "../esp-suppression/mutations";
import { identify } from "../people/identify";
import { createTestWorkspace, uniqueEmail, uniqueToken } from "../test/factories";
import type { SignedCertificate } from "./certificate-document";
import { getErasureCertificate } from "./certificates";
import { listPublishedKeys } from "./signing-keys";
import { verifyCertificateText } from "./verify";

const actor = { type: "user", id: "user_esp_line" } as const;

async function certificateOf(workspace: Workspace, receiptId: string) {
  const result = await getErasureCertificate({ workspace, receiptId });
  if (result.state !== "issued") throw new Error(`no certificate: ${result.state}`);
  expect(verifyCertificateText(result.text, await listPublishedKeys())).toMatchObject({ status: "valid" });
  return { text: result.text, certificate: (JSON.parse(result.text) as SignedCertificate).certificate };
}

// A person whose email is on the list as a bounce (its reason quoting the address) and a spam report.
async function bouncedPerson(workspace: Workspace) {
  const id = uniqueToken("esp");
  const email = uniqueEmail("Bounced");
  const { cioId } = await identify({ workspace, identifier: id, attributes: { email }, actor });
  await addEspSuppression({ workspaceId: workspace.id, input: { email, type: "bounces", reason: `550 5.1.1 <${email}>: mailbox unavailable`, statusCode: 550 }, origin: "recipient", actor });
  await addEspSuppression({ workspaceId: workspace.id, input: { email: email.toUpperCase(), type: "spam_reports" }, origin: "admin", actor });
  return { id, email, cioId: cioId! };
}

function expectNoPlaintext(text: string, person: { id: string; email: string }) {
  const lower = text.toLowerCase();
  for (const value of [person.id, person.email, person.email.split("@")[0]]) expect(lower).not.toContain(value.toLowerCase());
}

const hintOf = (email: string) => `${email[0]}•••@${email.split("@")[1]}`;

describe("[RECEIPTS] the certificate names the email suppression list entries a deletion keeps", () => {
  it("delete without suppression: both entries, with type, masked reason and masked email", async () => {
    const workspace = await createTestWorkspace("email_or_id");
    const person = await bouncedPerson(workspace);
    const { receiptId } = await deletePeople({ workspace, cioIds: [person.cioId], suppress: false, actor });
    const { text, certificate } = await certificateOf(workspace, receiptId);

    expect(certificate.kept.emailSuppressionList).toEqual({
      total: 2,
      entries: [
        { type: "bounces", reason: `550 5.1.1 <${hintOf(person.email)}>: mailbox unavailable`, statusCode: 550, emailHint: hintOf(person.email) },
        { type: "spam_reports", reason: null, statusCode: null, emailHint: hintOf(person.email.toUpperCase()) },
      ],
    });
    expectNoPlaintext(text, person);
    // The entries themselves stay on the list.
    expect(await db.espSuppression.count({ where: { workspaceId: workspace.id, emailKey: person.email.toLowerCase() } })).toBe(2);
  });

  it("delete and suppress in ID-only mode, and suppress by identifier through the API: listed too", async () => {
    const workspace = await createTestWorkspace("id");
    const deleted = await bouncedPerson(workspace);
    const viaDialog = await deletePeople({ workspace, cioIds: [deleted.cioId], suppress: true, actor });
    const first = await certificateOf(workspace, viaDialog.receiptId);
    expect(first.certificate.kept.emailSuppressionList).toMatchObject({ total: 2, entries: [{ type: "bounces" }, { type: "spam_reports" }] });
    expectNoPlaintext(first.text, deleted);

    const suppressed = await bouncedPerson(workspace);
    const viaApi = await suppressIdentifier({ workspace, identifier: suppressed.id, actor });
    const second = await certificateOf(workspace, viaApi.receiptId);
    expect(second.certificate.kept.emailSuppressionList).toMatchObject({ total: 2, entries: [{ type: "bounces", emailHint: hintOf(suppressed.email) }, { type: "spam_reports" }] });
    expectNoPlaintext(second.text, suppressed);
  });

  it("someone not on the list, or without an email: the certificate says there is no entry", async () => {
    const workspace = await createTestWorkspace("email_or_id");
    const { cioId: withEmail } = await identify({ workspace, identifier: uniqueToken("clean"), attributes: { email: uniqueEmail("clean") }, actor });
    const { cioId: withoutEmail } = await identify({ workspace, identifier: uniqueToken("noemail"), attributes: {}, actor });
    // Another person's entry is not theirs.
    await addEspSuppression({ workspaceId: workspace.id, input: { email: uniqueEmail("other"), type: "blocks" }, origin: "api", actor });
    const { receiptId } = await deletePeople({ workspace, cioIds: [withEmail!, withoutEmail!], suppress: true, actor });
    expect((await certificateOf(workspace, receiptId)).certificate.kept.emailSuppressionList).toEqual({ total: 0, entries: [] });
  });

  it("a bulk job states that it does not list them", async () => {
    const workspace = await createTestWorkspace();
    const tag = uniqueToken("espbulk");
    const cioIds = Array.from({ length: INLINE_DELETE_LIMIT + 1 }, () => newCioId());
    await db.$executeRaw`
      INSERT INTO person (cio_id, workspace_id, external_id, attributes)
      SELECT c, ${workspace.id}, ${tag} || '-' || c, jsonb_build_object('tag', ${tag}::text) FROM unnest(${cioIds}::text[]) AS c`;
    const started = await startDeletion({
      workspace,
      selection: { sql: Prisma.sql`SELECT cio_id FROM person WHERE workspace_id = ${workspace.id} AND attributes->>'tag' = ${tag}` },
      suppress: false,
      actor,
    });
    if (started.mode !== "job") throw new Error("expected a job");
    await processNextDeletionJob({ jobId: started.jobId });
    expect((await certificateOf(workspace, started.receiptId)).certificate.kept.emailSuppressionList).toBe("not_listed");
  });
});
