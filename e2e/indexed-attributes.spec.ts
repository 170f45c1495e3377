// Settings → Workspace → Indexed attributes on the embedded database (where the e2e app runs): not
// offered, and the page says why (a build would hold the database's only connection). Adding, building
// and removing on a PostgreSQL server are covered by lib/attribute-indexes/catalog.server.test.ts.
// (Support staff get 403 on the page: e2e/suppression.spec.ts.)
import { expect, test } from "./fixtures";

test.describe("[SETTINGS] indexed attributes", () => {
  test("[SETTINGS] on the embedded database indexing is not offered, and the page says why", async ({ adminPage: page }) => {
    await page.goto("/settings/workspace");
    await expect(page.getByRole("note").filter({ hasText: "Indexed attributes need a PostgreSQL server (DATABASE_URL)." })).toBeVisible();
    await expect(page.getByText(/would hold its only connection/)).toBeVisible();
    await expect(page.getByLabel("Attribute name")).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Index attribute" })).toHaveCount(0);
    await expect(page.getByRole("table", { name: "Indexed attributes" })).toBeVisible();
  });
});
