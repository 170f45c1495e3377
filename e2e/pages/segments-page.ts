// Page objects for the Segments list (/segments) and the segment editor (/segments/new, /segments/<id>).
import { expect, type Locator, type Page } from "@playwright/test";

export class SegmentsPage {
  readonly table: Locator;

  constructor(readonly page: Page) {
    this.table = page.getByRole("table", { name: "Segments" });
  }

  async goto() {
    await this.page.goto("/segments");
    await expect(this.page.getByRole("heading", { level: 1, name: "Segments" })).toBeVisible();
  }

  row(name: string): Locator {
    return this.table.getByRole("row").filter({ has: this.page.getByRole("link", { name, exact: true }) });
  }

  // "3 people in VIPs": the member count link of a segment's row.
  async expectMembers(name: string, count: number) {
    await expect(this.row(name).getByRole("link", { name: `${count.toLocaleString("en-US")} people in ${name}` })).toBeVisible();
  }

  // Creates a segment through the editor; a data-driven one matches attribute = value.
  async create(name: string, rule?: { attribute: string; value: string }) {
    await this.page.goto("/segments/new");
    await this.page.getByLabel("Name").fill(name);
    if (rule) {
      await this.page.getByLabel("Attribute 1").fill(rule.attribute);
      await this.page.getByLabel("Value 1").fill(rule.value);
    } else {
      await this.page.getByRole("radio", { name: /^Manual/ }).check();
    }
    await this.page.getByRole("button", { name: "Save segment" }).click();
    await expect(this.page).toHaveURL(/\/segments$/);
    await expect(this.row(name)).toBeVisible();
  }

  async delete(name: string) {
    await this.row(name).getByRole("button", { name: `Delete segment ${name}` }).click();
    const dialog = this.page.getByRole("dialog", { name: `Delete segment "${name}"?` });
    await dialog.getByRole("button", { name: "Delete segment" }).click();
    await expect(dialog).toBeHidden();
    await expect(this.row(name)).toHaveCount(0);
  }
}
