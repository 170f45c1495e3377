// Every list page is the table kit: a named table with column headers, one Pagination where the list
// pages, and no serious axe findings.
import { expect, test } from "./fixtures";
import { expectNamedTable, expectNoSeriousViolations } from "./pages/accessibility";
import { createTestPeople, uniquePrefix } from "./pages/test-data";

test.describe.configure({ timeout: 180_000 });

const LISTS: { path: string; table: string; paged: boolean }[] = [
  { path: "/people", table: "People", paged: true },
  { path: "/activity", table: "Activity", paged: true },
  { path: "/segments", table: "Segments", paged: false },
  { path: "/people/import", table: "Recent imports", paged: false },
  { path: "/settings/audit-log", table: "Audit entries", paged: true },
  { path: "/settings/users", table: "Users", paged: false },
  { path: "/settings/api-keys", table: "API keys", paged: false },
  { path: "/settings/email/suppression-list", table: "Email suppression entries", paged: true },
  { path: "/settings/suppressed-identifiers", table: "Suppressed profiles", paged: true },
];

for (const list of LISTS) {
  test(`[LISTS] ${list.path} is a named kit table with no serious accessibility violations`, async ({ adminPage: page }) => {
    await page.goto(list.path);
    await expectNamedTable(page, list.table);
    await expect(page.getByRole("navigation", { name: "Pagination" })).toHaveCount(list.paged ? 1 : 0);
    await expectNoSeriousViolations(page);
  });
}

test("[LISTS] the person page's tables are named, attributes by their row header", async ({ adminPage: page, request }) => {
  const prefix = uniquePrefix("lists");
  const [person] = await createTestPeople(request, prefix, 1);
  await page.goto(`/people/${person.cioId}`);
  const attributes = await expectNamedTable(page, "Attributes");
  await expect(attributes.getByRole("rowheader", { name: "batch" })).toBeVisible();
  await expectNoSeriousViolations(page);
});

test("[LISTS] sortable People columns say how the table is sorted", async ({ adminPage: page }) => {
  await page.goto("/people?sort=email&order=asc");
  const table = await expectNamedTable(page, "People");
  await expect(table.getByRole("columnheader", { name: /Email/ })).toHaveAttribute("aria-sort", "ascending");
  await expect(table.getByRole("columnheader", { name: /Created/ })).toHaveAttribute("aria-sort", "none");
  await table.getByRole("link", { name: "Email, sort descending" }).click();
  // Descending is the default order, so the link drops it from the URL.
  await expect(page).toHaveURL(/\/people\?sort=email$/);
  await expect(table.getByRole("columnheader", { name: /Email/ })).toHaveAttribute("aria-sort", "descending");
});
