import { expect, test } from "./fixtures";

test("[APP] starts, and the People page lists the seeded demo people", async ({ adminPage: page }) => {
  // Other specs add people of their own; the demo people's ids start with "user_".
  await page.goto("/people?q=user_");
  await expect(page.getByRole("heading", { level: 1, name: "People" })).toBeVisible();
  const table = page.getByRole("table");
  await expect(table.getByRole("row").nth(1)).toBeVisible();
  await expect(table).toContainText(/user_\d+/);
  await expect(table).toContainText(/@example\./);
  // The shell shows the workspace and who is signed in.
  await expect(page.getByLabel("Signed in as")).toContainText("admin@example.com");
});

test("[APP] has no console errors on the People page", async ({ adminPage: page }) => {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  await page.goto("/people");
  await expect(page.getByRole("table")).toBeVisible();
  expect(errors).toEqual([]);
});
