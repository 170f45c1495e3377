// Page object for the "Delete N people forever?" dialog (People page and person page).
import { expect, type Locator, type Page } from "@playwright/test";

export class DeleteDialog {
  readonly root: Locator;
  readonly suppressCheckbox: Locator;
  readonly confirmationInput: Locator;
  readonly confirmButton: Locator;
  readonly cancelButton: Locator;
  readonly progress: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByRole("dialog", { name: /^Delete .* forever\?$/ });
    this.suppressCheckbox = this.root.getByLabel("Suppress these people's identifiers");
    this.confirmationInput = this.root.getByLabel(/^Type [\d,]+ to confirm$/);
    this.confirmButton = this.root.getByRole("button", { name: /forever$/ });
    this.cancelButton = this.root.getByRole("button", { name: "Cancel" });
    this.progress = this.root.getByRole("progressbar", { name: "Deletion progress" });
  }

  // Waits for the dialog and checks the count in its title ("Delete 1,234 people forever?").
  async expectOpen(count?: number) {
    await expect(this.root).toBeVisible();
    if (count !== undefined) {
      const label = `${count.toLocaleString("en-US")} ${count === 1 ? "person" : "people"}`;
      await expect(this.root.getByRole("heading", { name: `Delete ${label} forever?` })).toBeVisible();
    }
  }

  // Confirms the deletion. `suppress` ticks the checkbox; above 1,000 people the count is typed.
  async confirm({ suppress = false, count }: { suppress?: boolean; count?: number } = {}) {
    await this.expectOpen(count);
    if (suppress) await this.suppressCheckbox.check();
    if (count !== undefined && count > 1000) await this.confirmationInput.fill(String(count));
    await this.confirmButton.click();
  }

  // For small deletions: the dialog closes once people are gone.
  async expectClosed() {
    await expect(this.root).toBeHidden({ timeout: 30_000 });
  }

  async cancel() {
    await this.cancelButton.click();
    await expect(this.root).toBeHidden();
  }

  async closeWithEscape() {
    await this.page.keyboard.press("Escape");
    await expect(this.root).toBeHidden();
  }
}
