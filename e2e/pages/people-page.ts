// Page object for the People page (/people): search, segment filter, selection, "Select all N",
// Delete forever. Locators are by role and label, the same ones the app promises to keep stable.
import { expect, type Locator, type Page } from "@playwright/test";
import { DeleteDialog } from "./delete-dialog";

export class PeoplePage {
  readonly heading: Locator;
  readonly table: Locator;
  readonly searchInput: Locator;
  readonly segmentSelect: Locator;
  readonly attributeColumnSelect: Locator;
  readonly selectPageCheckbox: Locator;
  readonly selectionBanner: Locator;
  readonly clearSelectionButton: Locator;
  readonly deleteButton: Locator;
  readonly pagination: Locator;
  readonly deleteDialog: DeleteDialog;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 1, name: "People" });
    this.table = page.getByRole("table", { name: "People" });
    this.searchInput = page.getByRole("searchbox", { name: "Search people" });
    this.segmentSelect = page.getByLabel("Segment", { exact: true });
    this.attributeColumnSelect = page.getByLabel("Attribute column");
    this.selectPageCheckbox = page.getByRole("checkbox", { name: "Select all people on this page" });
    this.selectionBanner = page.getByRole("region", { name: "Selection" });
    this.clearSelectionButton = this.selectionBanner.getByRole("button", { name: "Clear selection" });
    this.deleteButton = page.getByRole("button", { name: "Delete forever" });
    this.pagination = page.getByRole("navigation", { name: "Pagination" });
    this.deleteDialog = new DeleteDialog(page);
  }

  // Opens /people, optionally with URL state (q, segment, filter, sort, order, attr).
  async goto(params: Record<string, string> = {}) {
    const query = new URLSearchParams(params).toString();
    await this.page.goto(query ? `/people?${query}` : "/people");
    await expect(this.heading).toBeVisible();
  }

  // Body rows of the table (the empty-state row excluded).
  rows(): Locator {
    return this.table.locator("tbody tr").filter({ has: this.page.getByRole("checkbox") });
  }

  // The row of the person with this id or email.
  row(identifier: string): Locator {
    return this.rows().filter({ hasText: identifier });
  }

  async search(term: string) {
    await this.searchInput.fill(term);
    await expect(this.page).toHaveURL(term ? new RegExp(`[?&]q=${encodeURIComponent(term).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`) : /\/people(?!.*[?&]q=)/);
  }

  async filterBySegment(name: string) {
    await this.segmentSelect.selectOption({ label: name });
    await expect(this.page).toHaveURL(/[?&]segment=/);
  }

  // "Showing 1–50 of 1,234 people": the total the filter matches.
  async total(): Promise<number> {
    const text = (await this.pagination.getByText(/^(Showing|No )/).textContent()) ?? "";
    const match = /of ([\d,]+) people/.exec(text);
    return match ? Number(match[1].replace(/,/g, "")) : 0;
  }

  async expectTotal(count: number) {
    await expect(this.pagination).toContainText(count === 0 ? "No people" : `of ${count.toLocaleString("en-US")} people`);
  }

  async selectRow(identifier: string) {
    await this.page.getByRole("checkbox", { name: `Select ${identifier}` }).check();
  }

  async selectPage() {
    await this.selectPageCheckbox.check();
    await expect(this.selectionBanner).toBeVisible();
  }

  // Clicks "Select all N people" in the banner and checks N.
  async selectAll(count: number) {
    const label = `Select all ${count.toLocaleString("en-US")} ${count === 1 ? "person" : "people"}`;
    await this.selectionBanner.getByRole("button", { name: label }).click();
    await expect(this.selectionBanner).toContainText(`All ${count.toLocaleString("en-US")}`);
  }

  async clearSelection() {
    await this.clearSelectionButton.click();
    await expect(this.selectionBanner).toBeHidden();
  }

  async openDeleteDialog(count?: number): Promise<DeleteDialog> {
    await this.deleteButton.click();
    await this.deleteDialog.expectOpen(count);
    return this.deleteDialog;
  }

  // Waits for the toast a finished deletion shows and returns its receipt id.
  async expectDeletedToast(count: number, { suppressed = false } = {}): Promise<string> {
    const label = `${count.toLocaleString("en-US")} ${count === 1 ? "person" : "people"} ${suppressed ? "deleted and suppressed" : "deleted"}`;
    const toast = this.page.locator("[data-sonner-toast]").filter({ hasText: label });
    await expect(toast.first()).toBeVisible({ timeout: 30_000 });
    // The toast may time out right after it was seen: read its text without waiting for it again.
    const text = await toast.first().textContent({ timeout: 1_000 }).catch(() => "");
    const receipt = /rcpt_[a-z2-7]+/.exec(text ?? "");
    return receipt ? receipt[0] : "";
  }
}
