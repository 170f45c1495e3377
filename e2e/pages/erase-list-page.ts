// Page object for "Erase a list" (/people/erase-list): paste or upload, preview, counts per outcome.
import { expect, type Locator, type Page } from "@playwright/test";
import { DeleteDialog } from "./delete-dialog";

export class EraseListPage {
  readonly list: Locator;
  readonly file: Locator;
  readonly previewButton: Locator;
  readonly outcomeFilter: Locator;
  readonly table: Locator;
  readonly deleteButton: Locator;
  readonly dialog: DeleteDialog;

  constructor(readonly page: Page) {
    this.list = page.getByLabel("Identifiers, one per line");
    this.file = page.getByLabel(/^Or a \.txt or \.csv file/);
    this.previewButton = page.getByRole("button", { name: "Preview" });
    this.outcomeFilter = page.getByLabel("Outcome", { exact: true });
    this.table = page.getByRole("table", { name: "Erasure preview" });
    this.deleteButton = page.getByRole("button", { name: "Delete forever" });
    this.dialog = new DeleteDialog(page);
  }

  async goto() {
    await this.page.goto("/people/erase-list");
    await expect(this.page.getByRole("heading", { level: 1, name: "Erase a list" })).toBeVisible();
  }

  async preview(lines: string[]) {
    await this.list.fill(lines.join("\n"));
    await this.previewButton.click();
    await expect(this.table).toBeVisible({ timeout: 30_000 });
  }

  // The count shown under one outcome's label ("Matches a person", "Matches nobody", …).
  async expectCount(label: string, count: number) {
    const term = this.page.getByRole("term").filter({ hasText: new RegExp(`^${label}$`) });
    await expect(term.locator("xpath=following-sibling::dd[1]")).toHaveText(count.toLocaleString("en-US"));
  }
}
