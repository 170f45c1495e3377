// Access and erasure requests end to end: export a person's data, delete and suppress them from their
// page, take the certificate from the toast, and check it on the public verify page, signed out.
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { Download, Page } from "@playwright/test";
import { APP_API_KEY, expect, TEST_API_HEADERS, test } from "./fixtures";
import { forgedCertificate, newTestKey, signedWith, withLeadingMember } from "../lib/test/certificates";
import { PersonPage } from "./pages/person-page";

const token = (prefix: string) => `${prefix}${randomBytes(4).toString("hex")}`;

async function downloaded(page: Page, click: () => Promise<void>): Promise<{ download: Download; text: string }> {
  const [download] = await Promise.all([page.waitForEvent("download"), click()]);
  return { download, text: await readFile(await download.path(), "utf8") };
}

test.describe("[RECEIPTS] access export and certificate of erasure", () => {
  test.describe.configure({ timeout: 120_000 });

  test("[RECEIPTS] export, delete and suppress from the person page, certificate from the toast verifies as valid", async ({ supportPage: page, request, browser }) => {
    const id = token("erase-");
    const email = `${id}@example.test`;
    const plan = token("plan-");
    const created = await request.post("/api/testing/people", {
      headers: TEST_API_HEADERS,
      data: { people: [{ id, email, attributes: { plan } }], segment: { kind: "manual", name: token("Erasure ") } },
    });
    expect(created.status(), await created.text()).toBe(201);
    const [{ cioId }] = ((await created.json()) as { people: { cioId: string }[] }).people;

    const person = new PersonPage(page);
    await person.goto(cioId);
    const exported = await downloaded(page, () => page.getByRole("link", { name: "Export data" }).click());
    expect(exported.download.suggestedFilename()).toMatch(/^personal-data-/);
    expect(JSON.parse(exported.text).person).toMatchObject({ cio_id: cioId, id, email, attributes: { plan } });

    await person.deleteForever({ suppress: true });
    const toast = page.locator("[data-sonner-toast]").filter({ hasText: "1 person deleted and suppressed" });
    await toast.getByRole("link", { name: "Certificate" }).click();
    await expect(page).toHaveURL(/\/receipts\/rcpt_[a-z2-7]{20}$/);
    await expect(page.getByRole("heading", { level: 1, name: "Certificate of erasure" })).toBeVisible();
    await expect(page.getByText("Deletion, with suppression (completed)")).toBeVisible();
    const certificate = await downloaded(page, () => page.getByRole("link", { name: "Download JSON" }).click());
    expect(certificate.download.suggestedFilename()).toMatch(/^certificate-of-erasure-rcpt_/);
    for (const value of [id, email, plan]) expect(certificate.text).not.toContain(value);
    const receiptId = JSON.parse(certificate.text).certificate.receiptId as string;
    const viaApi = await request.get(`/v1/receipts/${receiptId}`, { headers: { authorization: `Bearer ${APP_API_KEY}` } });
    expect(await viaApi.text()).toBe(certificate.text);

    // Anyone, signed out, can check it.
    const context = await browser.newContext();
    const visitor = await context.newPage();
    await visitor.goto("/receipts/verify");
    await expect(visitor).toHaveURL(/\/receipts\/verify$/);
    const verify = async (text: string) => {
      await visitor.getByLabel("Certificate (JSON)").fill(text);
      await visitor.getByRole("button", { name: "Verify" }).click();
    };
    await verify(certificate.text);
    await expect(visitor.getByRole("status")).toContainText("Valid");
    await expect(visitor.getByRole("status")).toContainText(`valid: receipt ${receiptId}`);
    await verify(certificate.text.replace('"deleted":1', '"deleted":0'));
    await expect(visitor.getByRole("status")).toContainText("Tampered");
    // One more "people" member before the real one: JSON.parse would keep the real one, a reader sees the first.
    await verify(withLeadingMember(certificate.text, '"people":{"deleted":1000000}'));
    await expect(visitor.getByRole("status")).toContainText("Not the signed text");
    await expect(visitor.getByRole("status")).toContainText("the member certificate.people appears twice");
    // Signed with a key of the forger's own, naming the forger's key set: this page only trusts this server's keys.
    const forger = newTestKey({ workspace: JSON.parse(certificate.text).certificate.workspace.id as string });
    await verify(signedWith(forgedCertificate({ keyId: forger.id, workspaceId: forger.published.workspace, keysUrl: "https://forger.example/.well-known/erasure-keys.json" }), forger));
    await expect(visitor.getByRole("status")).toContainText("Unknown key");
    await expect(visitor.getByRole("status")).toContainText(`${forger.id} is not among the keys checked against`);
    await expect(visitor.getByText(/against this server's keys/)).toBeVisible();
    await expect(visitor.getByText(/npm run verify:receipt -- certificate\.json --origin http:\/\/localhost:\d+/)).toBeVisible();
    await context.close();
  });

  test("[RECEIPTS] certificates need an App key or a session; the published keys are public", async ({ request }) => {
    const unknown = await request.get(`/v1/receipts/rcpt_aaaaaaaaaaaaaaaaaaaa`, { headers: { authorization: `Bearer ${APP_API_KEY}` } });
    expect(unknown.status()).toBe(404);
    expect((await request.get(`/v1/receipts/rcpt_aaaaaaaaaaaaaaaaaaaa`)).status()).toBe(401);
    const anonymous = await request.get(`/receipts/rcpt_aaaaaaaaaaaaaaaaaaaa/certificate.json`, { maxRedirects: 0 });
    expect(anonymous.status()).toBe(307);
    expect(anonymous.headers().location).toMatch(/\/login\?next=/);
    const keys = await request.get("/.well-known/erasure-keys.json");
    expect(keys.status()).toBe(200);
    expect(((await keys.json()) as { keys: { kty: string; crv: string }[] }).keys[0]).toMatchObject({ kty: "OKP", crv: "Ed25519" });
  });

  test("[RECEIPTS] admin: suppressed-identifier look-up links to its certificate, the audit log finds it by receipt, Settings shows the key", async ({ adminPage: page, track }) => {
    const id = token("api-erase-");
    expect((await track.put(id, { plan: "pro" })).status).toBe(200);
    expect((await track.post(`${encodeURIComponent(id)}/suppress`)).status).toBe(200);

    await page.goto("/settings/suppressed-identifiers");
    await page.getByLabel("Is this email or id suppressed?").fill(id);
    await page.getByRole("button", { name: "Check" }).click();
    await page.getByRole("status").getByRole("link", { name: /^Certificate of erasure/ }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Certificate of erasure" })).toBeVisible();
    await expect(page.getByText("Suppression by identifier (completed)")).toBeVisible();
    const receiptId = /rcpt_[a-z2-7]{20}/.exec(page.url())![0];
    const keyId = (await page.getByText(/^Ed25519, key ek_/).textContent())!.match(/ek_[0-9a-f]{20}/)![0];

    await page.goto("/settings/audit-log");
    await page.getByLabel("Request").selectOption("erasure");
    await page.getByLabel("Receipt").fill(receiptId);
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(new RegExp(`receipt=${receiptId}`));
    const rows = page.getByRole("table", { name: "Audit entries" }).locator("tbody tr");
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText("identifier.suppress");
    await expect(rows.first().getByRole("link", { name: `Certificate ${receiptId}` })).toBeVisible();

    await page.goto("/settings/workspace");
    await expect(page.getByLabel(/^Signing key id/)).toHaveValue(keyId);
  });

  test("[RECEIPTS] admin revokes a leaked key in Settings: a new key signs, what the old one signed before still verifies", async ({ adminPage: page, request, browser }) => {
    const id = token("revoke-");
    const created = await request.post("/api/testing/people", { headers: TEST_API_HEADERS, data: { people: [{ id, email: `${id}@example.test`, attributes: {} }] } });
    expect(created.status(), await created.text()).toBe(201);
    const [{ cioId }] = ((await created.json()) as { people: { cioId: string }[] }).people;
    const person = new PersonPage(page);
    await person.goto(cioId);
    await person.deleteForever({ suppress: false });
    await page.locator("[data-sonner-toast]").filter({ hasText: "1 person deleted" }).getByRole("link", { name: "Certificate" }).click();
    await expect(page).toHaveURL(/\/receipts\/rcpt_[a-z2-7]{20}$/);
    const before = await downloaded(page, () => page.getByRole("link", { name: "Download JSON" }).click());
    const leakedKey = JSON.parse(before.text).signature.keyId as string;

    await page.goto("/settings/workspace");
    const keys = page.getByRole("table", { name: "Signing keys" });
    const leakedRow = keys.getByRole("row").filter({ hasText: leakedKey });
    await expect(leakedRow).toContainText("Active");
    await leakedRow.getByRole("button", { name: `Revoke – the key leaked: ${leakedKey}` }).click();
    const dialog = page.getByRole("dialog", { name: `Revoke key ${leakedKey}?` });
    await expect(dialog).toContainText("dated from now on will read “Revoked”");
    await dialog.getByRole("button", { name: "Revoke key" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.locator("[data-sonner-toast]").filter({ hasText: `Key ${leakedKey} revoked` })).toBeVisible();
    await expect(leakedRow).toContainText("Revoked");
    await expect(leakedRow.getByRole("button")).toHaveCount(0);
    await expect(page.getByLabel(/^Signing key id/)).not.toHaveValue(leakedKey);
    const keySet = (await (await request.get("/.well-known/erasure-keys.json")).json()) as { keys: { kid: string; revoked_at: string | null; workspace: string }[] };
    expect(keySet.keys.find((k) => k.kid === leakedKey)).toMatchObject({ revoked_at: expect.any(String), workspace: expect.any(String) });

    // Dated before the revocation: still valid, checked signed out.
    const context = await browser.newContext();
    const visitor = await context.newPage();
    await visitor.goto("/receipts/verify");
    await visitor.getByLabel("Certificate (JSON)").fill(before.text);
    await visitor.getByRole("button", { name: "Verify" }).click();
    await expect(visitor.getByRole("status")).toContainText("Valid");
    await context.close();

    await page.goto("/settings/audit-log");
    await expect(page.getByRole("table", { name: "Audit entries" })).toContainText("signing_key.revoke");
  });
});
