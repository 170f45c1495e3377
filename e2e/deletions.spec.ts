// The Deletions page (support and admins): a bulk deletion started on the People page shows up with
// who, how many, suppress or not, status, duration, rate and receipt; the progress the dialog polls
// comes from GET /api/deletion-jobs/:id, which wants a staff session.
import { randomBytes } from "node:crypto";
import { expect, TEST_API_HEADERS, test } from "./fixtures";
import { PeoplePage } from "./pages/people-page";

test("[DELETIONS] a support user's delete-and-suppress job of 1,020 people: toast with the count, then listed as completed with its receipt", async ({
  supportPage: page,
  request,
}) => {
  test.setTimeout(240_000); // 1,020 people created, then deleted by a job on the embedded database
  const prefix = `deljob-${randomBytes(4).toString("hex")}`;
  const created = await request.post("/api/testing/people", {
    headers: TEST_API_HEADERS,
    data: { count: 1_020, prefix, attributes: { batch: prefix }, events: 0 },
  });
  expect(created.status(), await created.text()).toBe(201);

  const people = new PeoplePage(page);
  await people.goto({ q: prefix });
  await people.expectTotal(1_020);
  await people.selectPage();
  await people.selectAll(1_020);
  const dialog = await people.openDeleteDialog(1_020);
  await dialog.confirm({ count: 1_020, suppress: true });
  await expect(dialog.progress).toBeVisible({ timeout: 30_000 });
  const receipt = await people.expectDeletedToast(1_020, { suppressed: true });
  expect(receipt).toMatch(/^rcpt_/);

  await page.getByRole("navigation").getByRole("link", { name: "Deletions" }).click();
  await expect(page.getByRole("heading", { name: "Deletions" })).toBeVisible();
  const row = page.getByRole("table", { name: "Deletion jobs" }).getByRole("row").filter({ hasText: receipt });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Completed");
  await expect(row).toContainText("1,020 deleted");
  await expect(row).toContainText("Delete and suppress");
  await expect(row).toContainText("Support");
  await expect(row.getByRole("button")).toHaveCount(0); // nothing to resume or cancel
});

test("[DELETIONS] GET /api/deletion-jobs/:id: only from the app's pages, 401 without a session, 404 for a job that isn't there", async ({ supportPage: page, playwright, baseURL }) => {
  // What a page's fetch() sends; an API client sends no Sec-Fetch-Site of its own.
  const ownPage = { headers: { "sec-fetch-site": "same-origin" } };
  const anonymous = await playwright.request.newContext({ baseURL });
  const refused = await anonymous.get("/api/deletion-jobs/job_00000000000000000000", ownPage);
  expect(refused.status()).toBe(401);
  await anonymous.dispose();

  const missing = await page.request.get("/api/deletion-jobs/job_00000000000000000000", ownPage);
  expect(missing.status()).toBe(404);
  expect(await missing.json()).toEqual({ meta: { errors: ["deletion job not found"] } });
  expect((await page.request.get("/api/deletion-jobs/not-a-job", ownPage)).status()).toBe(404);
  // The session cookie alone, or another site's request, is not enough.
  for (const headers of [{}, { "sec-fetch-site": "cross-site" }] as Record<string, string>[]) {
    const foreign = await page.request.get("/api/deletion-jobs/job_00000000000000000000", { headers });
    expect(foreign.status()).toBe(403);
    expect(await foreign.json()).toEqual({ meta: { errors: ["This request must come from the app's own pages."] } });
  }
});
