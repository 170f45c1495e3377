// Erase later, through the screens: a person deleted without suppression keeps their history,
// readable under their old cio_id; when a later person holding the same id is deleted with
// suppression from their page, that earlier history is forgotten too (no name, no person), at once.
import { expect, TEST_API_HEADERS, test } from "./fixtures";
import { PersonPage } from "./pages/person-page";
import { uniquePrefix } from "./pages/test-data";

test("[ERASURE] suppressing a person forgets the history of an earlier, plainly deleted person with the same id", async ({ adminPage: page, request, track }) => {
  const prefix = uniquePrefix("later");
  const id = `${prefix}-customer`;
  const pageName = `/${prefix}-pricing`;
  const create = async () => {
    const response = await request.post("/api/testing/people", { headers: TEST_API_HEADERS, data: { people: [{ id, email: `${prefix}@example.test` }] } });
    expect(response.status(), await response.text()).toBe(201);
    return ((await response.json()) as { people: { cioId: string }[] }).people[0].cioId;
  };
  const activity = page.getByRole("table", { name: "Activity" });

  const first = await create();
  expect((await track.post(`${encodeURIComponent(id)}/events`, { name: pageName, type: "page" })).status).toBe(200);
  const person = new PersonPage(page);
  await person.goto(first);
  await expect(person.activity).toContainText(pageName);
  await person.deleteForever({ suppress: false });

  // Deleted, not forgotten: the page view stays, attributed to the old cio_id.
  await page.goto("/activity?type=page");
  await expect(activity.getByRole("row").filter({ hasText: pageName })).toContainText(first);

  // The id is free again: a new person takes it, and is deleted with suppression from their page.
  const second = await create();
  expect(second).not.toBe(first);
  await person.goto(second);
  await person.deleteForever({ suppress: true });

  await page.goto("/activity?type=page");
  await expect(activity).not.toContainText(pageName);
  await expect(activity).not.toContainText(first);
  await expect(activity.getByText("forgotten (anonymous)").first()).toBeVisible();
  expect((await track.put(id, {})).status).toBe(409);
});
