// The People page, person page and Delete forever dialog, driven like support staff would. Every test
// makes its own people through the test-data API (or the Track API) under a unique prefix.
import { randomBytes } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import type { APIRequestContext, Page } from "@playwright/test";
import { expect, TEST_API_HEADERS, test } from "./fixtures";
import { PeoplePage } from "./pages/people-page";
import { PersonPage } from "./pages/person-page";

// Each test walks several server-rendered pages and deletions; on a loaded 2-core CI box that takes
// longer than the default minute.
test.describe.configure({ timeout: 180_000 });

type Created = {
  people: { cioId: string; id: string | null; email: string | null }[];
  segment: { id: string; name: string; kind: string; members: number } | null;
};

function uniquePrefix(label: string) {
  return `${label}-${randomBytes(4).toString("hex")}`;
}

// POST /api/testing/people: `count` people "<prefix>-<n>" with an attribute `batch` = prefix, and a
// segment over them (data-driven on batch, or manual).
async function createPeople(
  request: APIRequestContext,
  prefix: string,
  count: number,
  options: { segment?: "data_driven" | "manual"; events?: number } = {},
): Promise<Created> {
  const segment =
    options.segment === "manual"
      ? { kind: "manual", name: `${prefix} list` }
      : options.segment === "data_driven"
        ? { kind: "data_driven", name: `${prefix} batch`, condition: { and: [{ attribute: { field: "batch", operator: "eq", value: prefix } }] } }
        : undefined;
  const response = await request.post("/api/testing/people", {
    headers: TEST_API_HEADERS,
    data: { count, prefix, attributes: { batch: prefix, plan: "pro" }, events: options.events ?? 0, segment },
  });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as Created;
}

// Scans the page's own content (`main`, or a dialog); the shared shell is checked by its own specs.
async function expectNoSeriousViolations(page: Page, include = "main") {
  const { violations } = await new AxeBuilder({ page }).include(include).analyze();
  const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

test("[PEOPLE] select all N and delete with suppression", async ({ adminPage: page, request, track }) => {
  const prefix = uniquePrefix("sup");
  const { segment } = await createPeople(request, prefix, 60, { segment: "data_driven", events: 1 });
  const people = new PeoplePage(page);

  await people.goto();
  await people.filterBySegment(segment!.name);
  await people.expectTotal(60);
  await expect(people.rows()).toHaveCount(50);

  await people.selectPage();
  await expect(people.selectionBanner).toContainText("All 50 people on this page are selected.");
  await people.selectAll(60);

  const dialog = await people.openDeleteDialog(60);
  await dialog.confirm({ suppress: true });
  const receipt = await people.expectDeletedToast(60, { suppressed: true });
  expect(receipt).toMatch(/^rcpt_/);
  await dialog.expectClosed();
  await people.expectTotal(0);
  await expect(people.table).toContainText("No people match this view.");

  // Suppressed identifiers can't come back through the API.
  expect((await track.put(`${prefix}-1`, { plan: "free" })).status).toBe(409);
  expect((await track.put(`${prefix}-2@example.test`, {})).status).toBe(409);

  // Their events stay as anonymous rows, with nothing that names them.
  await page.goto("/activity?type=event");
  const activity = page.getByRole("table", { name: "Activity" });
  await expect(activity.getByText("forgotten (anonymous)").first()).toBeVisible();
  await expect(activity).not.toContainText(prefix);
});

test("[PEOPLE] delete one person without suppression from their page, then re-identify creates a new cio_id", async ({ adminPage: page, request, track }) => {
  const prefix = uniquePrefix("one");
  const { people: created } = await createPeople(request, prefix, 1, { events: 1 });
  const [person] = created;
  const personPage = new PersonPage(page);

  await personPage.goto(person.cioId);
  await expect(personPage.identifiers).toContainText(person.id!);
  await expect(personPage.attribute("plan")).toHaveText("pro");
  await expect(personPage.activity).toContainText("test_event");

  await personPage.deleteForever();
  const people = new PeoplePage(page);
  await people.expectDeletedToast(1);

  // The old cio_id's activity stays, marked as a deleted person.
  await page.goto("/activity?type=event");
  const row = page.getByRole("table", { name: "Activity" }).getByRole("row").filter({ hasText: person.cioId });
  await expect(row.first()).toContainText("deleted");

  // Not suppressed: the id is free again and makes a new person.
  expect((await track.put(person.id!, { email: person.email, plan: "free" })).status).toBe(200);
  await people.goto({ q: person.id! });
  await expect(people.rows()).toHaveCount(1);
  const link = people.row(person.id!).getByRole("link", { name: person.id! });
  const href = await link.getAttribute("href");
  expect(href).toMatch(/^\/people\/[0-9a-f]{20}$/);
  expect(href).not.toBe(`/people/${person.cioId}`);
  await page.goto(`/people/${person.cioId}`);
  await expect(page.getByText(/not found|could not be found/i).first()).toBeVisible();
});

test("[PEOPLE] select a page, then select all N, then clear the selection", async ({ adminPage: page, request }) => {
  const prefix = uniquePrefix("sel");
  await createPeople(request, prefix, 55, { segment: "manual" });
  const people = new PeoplePage(page);

  await people.goto();
  await people.search(prefix);
  await people.expectTotal(55);
  await expect(people.deleteButton).toBeDisabled();

  await people.rows().first().getByRole("checkbox").check();
  await expect(page.getByText("1 selected")).toBeVisible();
  await expect(people.deleteButton).toBeEnabled();

  await people.selectPage();
  await expect(page.getByText("50 selected")).toBeVisible();
  await people.selectAll(55);
  await expect(page.getByText("55 selected")).toBeVisible();

  await people.clearSelection();
  await expect(people.selectPageCheckbox).not.toBeChecked();
  await expect(people.deleteButton).toBeDisabled();

  // The next page holds the other 5; the total stays.
  await people.pagination.getByRole("link", { name: "Next page" }).click();
  await expect(people.rows()).toHaveCount(5);
  await people.expectTotal(55);
});

test("[PEOPLE] cancelling the dialog changes nothing", async ({ adminPage: page, request }) => {
  const prefix = uniquePrefix("cancel");
  await createPeople(request, prefix, 2);
  const people = new PeoplePage(page);
  await people.goto({ q: prefix });
  await people.expectTotal(2);
  await people.selectPage();

  const dialog = await people.openDeleteDialog(2);
  await dialog.suppressCheckbox.check();
  await dialog.cancel();
  await people.openDeleteDialog(2);
  await dialog.closeWithEscape();

  await page.reload();
  await people.expectTotal(2);
  await expect(people.rows()).toHaveCount(2);
});

test("[PEOPLE] a support user filters by segment, selects all and deletes with suppression, and deletes from a person page", async ({ supportPage: page, request, track }) => {
  const prefix = uniquePrefix("support");
  const { people: created, segment } = await createPeople(request, prefix, 4, { segment: "manual" });
  const people = new PeoplePage(page);

  await people.goto({ segment: segment!.id });
  await people.expectTotal(4);
  await people.selectRow(`${prefix}-1@example.test`);
  await people.selectRow(`${prefix}-2@example.test`);
  const dialog = await people.openDeleteDialog(2);
  await dialog.confirm({ suppress: true });
  await people.expectDeletedToast(2, { suppressed: true });
  await people.expectTotal(2);
  expect((await track.put(`${prefix}-1`, {})).status).toBe(409);

  const personPage = new PersonPage(page);
  await personPage.goto(created[2].cioId);
  await personPage.deleteForever();
  await people.expectDeletedToast(1);
  expect((await track.put(`${prefix}-3`, {})).status).toBe(200);
});

test("[PEOPLE] the URL keeps search, sort, attribute column and attribute filter", async ({ adminPage: page, request }) => {
  const prefix = uniquePrefix("url");
  await createPeople(request, prefix, 3);
  const filter = JSON.stringify({ and: [{ attribute: { field: "batch", operator: "eq", value: prefix } }] });
  const people = new PeoplePage(page);
  await people.goto({ filter, sort: "id", order: "asc", attr: "plan" });
  await people.expectTotal(3);
  await expect(people.table.getByRole("columnheader", { name: "plan" })).toBeVisible();
  await expect(people.rows().first()).toContainText(`${prefix}-1`);
  await expect(people.table.getByRole("columnheader", { name: /ID/ })).toHaveAttribute("aria-sort", "ascending");

  // Building the same filter in the condition builder gives the same view.
  await people.goto();
  await page.getByRole("button", { name: /Filter by attributes/ }).click();
  await page.getByLabel("Attribute 1").fill("batch");
  await page.getByLabel("Value 1").fill(prefix);
  await page.getByRole("button", { name: "Apply filter" }).click();
  await people.expectTotal(3);

  // A hand-broken URL falls back to defaults instead of an error page.
  await people.goto({ sort: "nope", cursor: "garbage", filter: "{" });
  await expect(people.table).toBeVisible();
});

test("[PEOPLE] People, person page and the dialog have no serious accessibility violations", async ({ adminPage: page, request }) => {
  const prefix = uniquePrefix("axe");
  const { people: created } = await createPeople(request, prefix, 2, { events: 1 });
  const people = new PeoplePage(page);
  await people.goto({ q: prefix });
  await people.expectTotal(2);
  await expectNoSeriousViolations(page);

  await people.selectPage();
  const dialog = await people.openDeleteDialog(2);
  await expectNoSeriousViolations(page, '[role="dialog"]');
  await dialog.closeWithEscape();
  // Focus goes back to the button that opened the dialog.
  await expect(people.deleteButton).toBeFocused();

  const personPage = new PersonPage(page);
  await personPage.goto(created[0].cioId);
  await expectNoSeriousViolations(page);
});

test("[PEOPLE] the test-data API validates its input", async ({ request }) => {
  const bad = await request.post("/api/testing/people", { headers: TEST_API_HEADERS, data: { count: 0 } });
  expect(bad.status()).toBe(400);
  expect((await request.post("/api/testing/people", { data: { count: 1, prefix: "no-token" } })).status()).toBe(401);
  expect((await request.get("/api/testing/people")).status()).toBe(404);
});

test("[PEOPLE] more than 1,000 people: type the number, then a background job deletes them with visible progress", async ({ adminPage: page, request }) => {
  const prefix = uniquePrefix("job");
  const { segment } = await createPeople(request, prefix, 1_020, { segment: "data_driven" });
  const people = new PeoplePage(page);

  await people.goto();
  await people.filterBySegment(segment!.name);
  await people.expectTotal(1_020);
  await people.selectPage();
  await people.selectAll(1_020);

  const dialog = await people.openDeleteDialog(1_020);
  // Without the typed number the confirm button stays disabled.
  await expect(dialog.confirmButton).toBeDisabled();
  await dialog.confirm({ count: 1_020 });

  // The dialog shows the job's progress, then closes once the job is done.
  await expect(dialog.progress).toBeVisible({ timeout: 30_000 });
  await expect(dialog.root).toBeHidden({ timeout: 120_000 });
  await page.goto(page.url());
  await people.expectTotal(0);
});

test("[PEOPLE] someone joins the view after Select all N: the server refuses inline, shows the new N, and deletes on the second confirm", async ({ adminPage: page, request, track }) => {
  const prefix = uniquePrefix("changed");
  await createPeople(request, prefix, 51);
  const people = new PeoplePage(page);
  await people.goto({ q: prefix });
  await people.expectTotal(51);
  await people.selectPage();
  await people.selectAll(51);

  // The dialog counted 51; a 52nd matching person arrives before the confirm.
  expect((await track.put(`${prefix}-late`, { batch: prefix })).status).toBe(200);
  const dialog = await people.openDeleteDialog(51);
  await dialog.confirm({ count: 51 });
  await expect(dialog.root.getByText("The people matching this view changed (52 now, not 51). Nothing was deleted — review and confirm again.")).toBeVisible();
  await dialog.expectOpen(52);

  await dialog.confirm({ count: 52 });
  await people.expectDeletedToast(52);
  await page.goto(page.url());
  await people.expectTotal(0);
});
