// Page object for a person's page (/people/<cio_id>).
import { expect, type Locator, type Page } from "@playwright/test";
import { DeleteDialog } from "./delete-dialog";

export class PersonPage {
  readonly identifiers: Locator;
  readonly attributes: Locator;
  readonly segments: Locator;
  readonly activity: Locator;
  readonly emailSuppressedBadge: Locator;
  readonly deleteButton: Locator;
  readonly deleteDialog: DeleteDialog;

  constructor(readonly page: Page) {
    this.identifiers = page.getByRole("region", { name: "Identifiers" });
    this.attributes = page.getByRole("table", { name: "Attributes" });
    this.segments = page.getByRole("region", { name: "Segments" });
    this.activity = page.getByRole("region", { name: "Recent activity" });
    this.emailSuppressedBadge = this.identifiers.getByText("Email suppressed");
    this.deleteButton = page.getByRole("button", { name: "Delete forever" });
    this.deleteDialog = new DeleteDialog(page);
  }

  async goto(cioId: string) {
    await this.page.goto(`/people/${cioId}`);
    await expect(this.identifiers).toBeVisible();
  }

  // The value of an attribute row, e.g. attribute("plan") → "pro".
  attribute(name: string): Locator {
    return this.attributes.getByRole("row", { name: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\b`) }).getByRole("cell");
  }

  async openDeleteDialog(): Promise<DeleteDialog> {
    await this.deleteButton.click();
    await this.deleteDialog.expectOpen(1);
    return this.deleteDialog;
  }

  // Deletes this person through the dialog and waits to land back on the People page.
  async deleteForever({ suppress = false } = {}) {
    const dialog = await this.openDeleteDialog();
    await dialog.confirm({ suppress });
    await expect(this.page).toHaveURL(/\/people$/, { timeout: 30_000 });
  }
}
