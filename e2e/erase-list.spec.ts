// An erasure request as support receives it: a pasted list → preview (3 / 1 / 1 / 1) → delete and
// suppress → toast with receipt → the certificate verifies, signed out → the unknown id is refused →
// the request is on the Deletions page, found by the look-up of one of its emails.
import { randomBytes } from "node:crypto";
import { expect, test } from "./fixtures";
import { expectNoSeriousViolations } from "./pages/accessibility";
import { EraseListPage } from "./pages/erase-list-page";
import { createTestPeople, uniquePrefix } from "./pages/test-data";

test.describe("[ERASE LIST] a list in, one receipt out", () => {
  test.describe.configure({ timeout: 120_000 });

  test("[ERASE LIST] paste 6 lines, preview 3/1/1/1, delete and suppress, certificate verifies, unknown id refused", async ({ supportPage: page, request, browser, track }) => {
    const prefix = uniquePrefix("erase-list");
    const [a, b, c] = await createTestPeople(request, prefix, 3);
    const [suppressed] = await createTestPeople(request, `${prefix}-s`, 1);
    expect((await track.post(`${encodeURIComponent(suppressed.email!)}/suppress`)).status).toBe(200);
    const unknown = `${prefix}-nobody-${randomBytes(3).toString("hex")}`;

    const eraseList = new EraseListPage(page);
    await page.goto("/people");
    await page.getByRole("link", { name: "Erase a list" }).click();
    await expect(page).toHaveURL(/\/people\/erase-list$/);
    await eraseList.preview([a.id!, b.id!, c.email!, unknown, suppressed.email!, "cio_not-a-cio-id"]);
    await eraseList.expectCount("Matches a person", 3);
    await eraseList.expectCount("Matches nobody", 1);
    await eraseList.expectCount("Already suppressed", 1);
    await eraseList.expectCount("Invalid", 1);
    await expect(eraseList.table.getByRole("row").filter({ hasText: "unknown cio_ identifier" })).toHaveCount(1);
    await eraseList.outcomeFilter.selectOption("nobody");
    await expect(eraseList.table.getByRole("row")).toHaveCount(2);
    await expect(eraseList.table.getByRole("row").nth(1)).toContainText(unknown);
    await expectNoSeriousViolations(page);

    await eraseList.deleteButton.click();
    await eraseList.dialog.confirm({ suppress: true, count: 3 });
    const toast = page.locator("[data-sonner-toast]").filter({ hasText: "3 people deleted and suppressed, 1 identifier suppressed without a person" });
    await expect(toast.first()).toBeVisible({ timeout: 30_000 });
    const receiptId = /rcpt_[a-z2-7]{20}/.exec((await toast.first().textContent()) ?? "")![0];

    const certificate = await page.request.get(`/receipts/${receiptId}/certificate.json`, { headers: { "sec-fetch-site": "same-origin" } });
    expect(certificate.status()).toBe(200);
    const text = await certificate.text();
    const document = JSON.parse(text).certificate;
    expect(document.people.deleted).toBe(3);
    expect(document.list).toMatchObject({ people: 3, nobody: 1, alreadySuppressed: 1, invalid: 1, suppressedWithoutPerson: 1 });
    for (const value of [a.id!, c.email!, unknown]) expect(text).not.toContain(value);

    const context = await browser.newContext();
    const visitor = await context.newPage();
    await visitor.goto("/receipts/verify");
    await visitor.getByLabel("Certificate (JSON)").fill(text);
    await visitor.getByRole("button", { name: "Verify" }).click();
    await expect(visitor.getByRole("status")).toContainText(`valid: receipt ${receiptId}`);
    await context.close();

    expect((await track.put(unknown, {})).status).toBe(409);
    expect((await track.put(a.id!, {})).status).toBe(409);

    // Support finds the request on the Deletions page, through the look-up of one of its emails.
    await page.goto("/deletions");
    await page.getByLabel("Id or email").fill(c.email!);
    await page.getByRole("button", { name: "Look up" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Suppressed email since" })).toContainText(`(receipt ${receiptId})`);
    await page.getByRole("link", { name: `Certificate ${receiptId}` }).click();
    await expect(page).toHaveURL(new RegExp(`/receipts/${receiptId}$`));
    await page.goto(`/deletions?receipt=${receiptId}`);
    const row = page.getByRole("table", { name: "All deletions" }).getByRole("row").filter({ hasText: receiptId });
    await expect(row).toContainText("Erasure request (list)");
    await expect(row).toContainText("Delete and suppress");
    await expectNoSeriousViolations(page);
  });

  test("[ERASE LIST] a list over the line cap is refused with a clear message, nothing previewed", async ({ supportPage: page }) => {
    const eraseList = new EraseListPage(page);
    await eraseList.goto();
    await eraseList.file.setInputFiles({ name: "too-many.txt", mimeType: "text/plain", buffer: Buffer.from("x\n".repeat(100_001)) });
    await eraseList.previewButton.click();
    await expect(page.getByText("The list has more than 100,000 lines; split it into parts.")).toBeVisible({ timeout: 30_000 });
    await expect(eraseList.table).toHaveCount(0);
  });
});
