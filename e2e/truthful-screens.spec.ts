// What the screens say is what the product does (issue #28): "Select all N people" always names the
// exact N, the dialogs say what suppress does in the workspace's mode, a missing page answers 404,
// and a pending search never undoes a click.
import { randomBytes } from "node:crypto";
import type { APIRequestContext } from "@playwright/test";
import { APP_API_KEY, expect, TEST_API_HEADERS, test } from "./fixtures";
import { PeoplePage } from "./pages/people-page";
import { PersonPage } from "./pages/person-page";

test.describe.configure({ timeout: 300_000 });

function uniquePrefix(label: string) {
  return `${label}-${randomBytes(4).toString("hex")}`;
}

async function createPeople(request: APIRequestContext, data: Record<string, unknown>) {
  const response = await request.post("/api/testing/people", { headers: TEST_API_HEADERS, data, timeout: 120_000 });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as { people: { cioId: string; id: string; email: string }[]; segment: { id: string; name: string; members: number } | null };
}

async function setMode(request: APIRequestContext, identificationMode: "id" | "email_or_id") {
  expect((await request.post("/api/testing/workspace", { headers: TEST_API_HEADERS, data: { identificationMode } })).status()).toBe(200);
}

test("[PEOPLE] a segment larger than the exact-count cap, first visit: checking the page counts exactly, and Select all and the dialog use that exact N", async ({
  adminPage: page,
  request,
}) => {
  // 10,007 people in one data-driven segment (the test-data API takes 5,000 at a time).
  const batch = uniquePrefix("cap");
  const sizes = [5_000, 5_000, 7];
  for (const [i, count] of sizes.entries()) {
    const last = i === sizes.length - 1;
    await createPeople(request, {
      count,
      prefix: `${batch}-${i}`,
      attributes: { batch },
      ...(last ? { segment: { kind: "data_driven", name: `${batch} segment`, condition: { and: [{ attribute: { field: "batch", operator: "eq", value: batch } }] } } } : {}),
    });
  }
  const total = sizes.reduce((a, b) => a + b, 0);
  const people = new PeoplePage(page);

  // The segment narrowed by a search every member matches: past the cap of 10,000 the page shows the
  // planner's estimate, as a cold visit to a large segment does on PostgreSQL (the embedded database
  // this suite runs on counts a bare segment exactly, whatever it takes).
  await people.goto();
  await people.filterBySegment(`${batch} segment`);
  await people.search(batch);
  await expect(people.pagination).toContainText("of about ");

  await people.selectPage();
  // "Counting…" (disabled) until the exact count arrives, then the button names it.
  const selectAllButton = people.selectionBanner.getByRole("button", { name: `Select all ${total.toLocaleString("en-US")} people` });
  await expect(selectAllButton.or(people.selectionBanner.getByRole("button", { name: "Counting…" }))).toBeVisible();
  await expect(people.selectionBanner.getByRole("button", { name: /^Select all people/ })).toHaveCount(0);
  await people.selectAll(total);

  // The typed confirmation asks for the same exact number; the job deletes exactly that many.
  const dialog = await people.openDeleteDialog(total);
  await expect(dialog.root.getByLabel(`Type ${total.toLocaleString("en-US")} to confirm`)).toBeVisible();
  await dialog.confirm({ count: total });
  await expect(dialog.progress).toBeVisible({ timeout: 30_000 });
  await expect(page.locator("[data-sonner-toast]").filter({ hasText: `${total.toLocaleString("en-US")} people deleted` }).first()).toBeVisible({ timeout: 240_000 });
});

test("[PEOPLE] a deleted person's page, and unknown segments, receipts and jobs, answer 404", async ({ adminPage: page, request, track }) => {
  const prefix = uniquePrefix("gone");
  const { people } = await createPeople(request, { count: 1, prefix });
  const person = people[0];
  const alive = await page.goto(`/people/${person.cioId}`);
  expect(alive?.status()).toBe(200);

  expect((await track.del(person.id)).status).toBe(200);
  const gone = await page.goto(`/people/${person.cioId}`);
  expect(gone?.status()).toBe(404);
  await expect(page.getByText("This page could not be found.")).toBeVisible();

  for (const path of ["/people/0123456789abcdef0123", "/people/not-a-cio-id", "/segments/seg_doesnotexist", "/receipts/rcpt_aaaaaaaaaaaaaaaaaaaa", "/receipts/not-a-receipt"]) {
    expect((await page.goto(path))?.status(), path).toBe(404);
  }
  // The deletion-job route the progress bar polls, with the signed-in cookie, as the app's own page asks.
  expect((await page.request.get("/api/deletion-jobs/job_doesnotexist", { headers: { "sec-fetch-site": "same-origin" } })).status()).toBe(404);
});

test("[PEOPLE] type a search and click a row at once: the person page opens and stays", async ({ adminPage: page, request }) => {
  const prefix = uniquePrefix("click");
  const { people: created } = await createPeople(request, { count: 3, prefix });
  const target = created[0];
  const people = new PeoplePage(page);
  await people.goto({ q: prefix });
  await expect(people.rows()).toHaveCount(3);

  // The search is still pending (debounced) when the row's link is clicked.
  await people.searchInput.fill(target.id);
  await people.row(target.id).getByRole("link").first().click();
  await expect(page).toHaveURL(new RegExp(`/people/${target.cioId}$`));
  const personPage = new PersonPage(page);
  await expect(personPage.identifiers).toBeVisible();
  // Well past the debounce: nothing took the user back to /people?q=…
  await page.waitForTimeout(1_500);
  await expect(page).toHaveURL(new RegExp(`/people/${target.cioId}$`));
  await expect(personPage.identifiers).toBeVisible();
});

test.describe("[PEOPLE] the dialogs and the suppressed-identifiers page say what suppress does in this workspace's mode", () => {
  test.afterEach(async ({ request }) => {
    // Leave the demo workspace in email-or-ID mode whatever happened above.
    await setMode(request, "email_or_id");
  });

  test("[PEOPLE] ID-only: the id is suppressed, the email remembered; email-or-ID: both", async ({ adminPage: page, request }) => {
    const prefix = uniquePrefix("mode");
    const { people: created } = await createPeople(request, { count: 2, prefix });
    const people = new PeoplePage(page);
    const person = new PersonPage(page);

    await setMode(request, "id");
    await people.goto({ q: prefix });
    await people.selectRow(created[0].id);
    let dialog = await people.openDeleteDialog(1);
    await expect(dialog.suppressCheckbox).toHaveAccessibleDescription(/Suppress: their id can never be added again\. This workspace identifies people by ID only, so their email can be added again: it is remembered, and suppressed too if the workspace moves to email-or-ID\./);
    await dialog.cancel();
    await person.goto(created[0].cioId);
    dialog = await person.openDeleteDialog();
    await expect(dialog.suppressCheckbox).toHaveAccessibleDescription(/their email can be added again: it is remembered/);
    await dialog.cancel();
    await page.goto("/settings/suppressed-identifiers");
    await expect(page.getByText(/This workspace identifies people by ID only: their ids can't come back; their emails are remembered, not suppressed/)).toBeVisible();

    await setMode(request, "email_or_id");
    await people.goto({ q: prefix });
    await people.selectRow(created[1].id);
    dialog = await people.openDeleteDialog(1);
    await expect(dialog.suppressCheckbox).toHaveAccessibleDescription(/Suppress: their id and email can never be added again/);
    await expect(dialog.suppressCheckbox).not.toHaveAccessibleDescription(/remembered/);
    await dialog.cancel();
    await person.goto(created[1].cioId);
    dialog = await person.openDeleteDialog();
    await expect(dialog.suppressCheckbox).toHaveAccessibleDescription(/their id and email can never be added again/);
    await dialog.cancel();
    await page.goto("/settings/suppressed-identifiers");
    await expect(page.getByText(/This workspace identifies people by email or ID: their ids and emails can't come back/)).toBeVisible();
  });
});

test("[RECEIPTS] a deleted person's bounce stays on the email suppression list, and their certificate names it, masked", async ({ adminPage: page, request }) => {
  const prefix = uniquePrefix("bounced");
  const { people: created } = await createPeople(request, { count: 1, prefix });
  const { cioId, email } = created[0];
  const listed = await request.post(`/v1/esp/suppression/bounces/${encodeURIComponent(email)}`, {
    headers: { authorization: `Bearer ${APP_API_KEY}` },
    data: { reason: `550 5.1.1 <${email}>: mailbox unavailable`, status: 550 },
  });
  expect(listed.status(), await listed.text()).toBe(200);

  const person = new PersonPage(page);
  await person.goto(cioId);
  await expect(person.emailSuppressedBadge).toBeVisible();
  await person.deleteForever({ suppress: false });
  await page.locator("[data-sonner-toast]").filter({ hasText: "1 person deleted" }).getByRole("link", { name: "Certificate" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Certificate of erasure" })).toBeVisible();
  const hint = `${email[0]}•••@example.test`;
  const line = page.getByRole("definition").filter({ hasText: "kept, so nobody emails them" });
  await expect(line).toContainText("1 entry kept, so nobody emails them");
  await expect(line.getByRole("listitem")).toHaveText(`Bounce for ${hint} — 550 5.1.1 <${hint}>: mailbox unavailable (status 550)`);
  await expect(page.locator("main")).not.toContainText(email);
});
