// Settings → Workspace → Indexed attributes: an admin indexes an attribute (built in the background,
// the page shows Ready by itself), a name that is not an attribute is refused inline, and removing it
// takes it off the list. (Support staff get 403 on the page: e2e/suppression.spec.ts.)
import { randomBytes } from "node:crypto";
import { expect, test } from "./fixtures";

test.describe("[SETTINGS] indexed attributes", () => {
  test("[SETTINGS] an admin indexes an attribute, sees it ready, and removes it; bad names are refused inline", async ({ adminPage: page }) => {
    const name = `e2e_seen_${randomBytes(4).toString("hex")}`;
    await page.goto("/settings/workspace");
    const field = page.getByLabel("Attribute name");
    const table = page.getByRole("table", { name: "Indexed attributes" });

    await field.fill("email");
    await page.getByRole("button", { name: "Index attribute" }).click();
    await expect(page.getByText("Email is not an attribute (it is indexed already).")).toBeVisible();
    await expect(table.getByRole("row", { name: /email/ })).toHaveCount(0);

    await field.fill(name);
    await page.getByRole("button", { name: "Index attribute" }).click();
    await expect(page.getByRole("status").filter({ hasText: `Building the index of "${name}".` })).toBeVisible();
    const row = table.getByRole("row", { name: new RegExp(name) });
    await expect(row.getByText("Ready")).toBeVisible({ timeout: 30_000 });

    await row.getByRole("button", { name: `Remove index of ${name}` }).click();
    await expect(table.getByRole("row", { name: new RegExp(name) })).toHaveCount(0);
  });
});
