// Segments as staff use them: a data-driven segment created, edited and followed from the People
// page; a manual one filled from a People selection and emptied again (bulk, and from a person's page);
// deleting a segment keeps its people.
import { expect, test } from "./fixtures";
import { expectNoSeriousViolations } from "./pages/accessibility";
import { PeoplePage } from "./pages/people-page";
import { PersonPage } from "./pages/person-page";
import { SegmentsPage } from "./pages/segments-page";
import { createTestPeople, uniquePrefix } from "./pages/test-data";

test.describe.configure({ timeout: 180_000 });

test("[SEGMENTS] create a data-driven segment, edit its condition, filter People by it, delete it", async ({ supportPage: page, request }) => {
  const prefix = uniquePrefix("seg");
  await createTestPeople(request, prefix, 3);
  const other = uniquePrefix("seg-other");
  await createTestPeople(request, other, 2);
  const segments = new SegmentsPage(page);
  const name = `${prefix} batch`;

  await segments.create(name, { attribute: "batch", value: prefix });
  await segments.expectMembers(name, 3);
  await expect(segments.row(name)).toContainText("data-driven");

  // Edit: the same segment now follows the other batch.
  await segments.row(name).getByRole("link", { name, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Edit segment: ${name}` })).toBeVisible();
  await page.getByLabel("Value 1").fill(other);
  await page.getByRole("button", { name: "Save segment" }).click();
  await expect(page).toHaveURL(/\/segments$/);
  await segments.expectMembers(name, 2);

  // The count links to People filtered by the segment.
  await segments.row(name).getByRole("link", { name: `2 people in ${name}` }).click();
  const people = new PeoplePage(page);
  await expect(people.heading).toBeVisible();
  await people.expectTotal(2);
  await expect(people.table).toContainText(`${other}-1`);

  await segments.goto();
  await segments.delete(name);
  // Its people stay.
  await people.goto({ q: other });
  await people.expectTotal(2);
});

test("[SEGMENTS] refuses a nameless segment with the message next to the field", async ({ supportPage: page }) => {
  await page.goto("/segments/new");
  await page.getByRole("radio", { name: /^Manual/ }).check();
  await page.getByLabel("Name").fill("   ");
  await page.getByRole("button", { name: "Save segment" }).click();
  await expect(page.getByText("Name is required")).toBeVisible();
  await expect(page).toHaveURL(/\/segments\/new$/);
});

test("[SEGMENTS] add a People selection to a manual segment, remove some in bulk and one from their page", async ({ supportPage: page, request }) => {
  const prefix = uniquePrefix("man");
  const created = await createTestPeople(request, prefix, 3);
  const segments = new SegmentsPage(page);
  const name = `${prefix} list`;
  await segments.create(name);
  await segments.expectMembers(name, 0);

  // Add all three from the People page.
  const people = new PeoplePage(page);
  await people.goto({ q: prefix });
  await people.expectTotal(3);
  await people.selectPage();
  await page.getByLabel("Manual segment to add to").selectOption({ label: name });
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await expect(page.getByText("3 added to the segment.")).toBeVisible();
  await segments.goto();
  await segments.expectMembers(name, 3);

  // Filtered by the segment, one selected person leaves it.
  await segments.row(name).getByRole("link", { name: `3 people in ${name}` }).click();
  await people.expectTotal(3);
  await people.selectRow(`${prefix}-1@example.test`);
  await page.getByRole("button", { name: `Remove from ${name}` }).click();
  await expect(page.getByText("1 removed from the segment.")).toBeVisible();
  await people.expectTotal(2);
  await expect(people.row(`${prefix}-1`)).toHaveCount(0);

  // Another leaves it from their own page.
  const second = created.find((person) => person.id === `${prefix}-2`)!;
  const personPage = new PersonPage(page);
  await personPage.goto(second.cioId);
  await expect(personPage.segments).toContainText(name);
  await expectNoSeriousViolations(page);
  await personPage.segments.getByRole("button", { name: `Remove ${second.email ?? second.id} from ${name}` }).click();
  await expect(page.getByText("1 removed from the segment.")).toBeVisible();
  await expect(personPage.segments).not.toContainText(name);

  await segments.goto();
  await segments.expectMembers(name, 1);
  await expectNoSeriousViolations(page);
});
