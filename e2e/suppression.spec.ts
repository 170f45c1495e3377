// The admin suppression views: the email suppression list (filter, search, add, remove, export,
// import, App API), the suppressed identifiers (lookup, export) and the workspace's switch to
// email-or-ID; and that support staff get 403 on all of them.
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { APIRequestContext, Page } from "@playwright/test";
import { APP_API_KEY, expect, TEST_API_HEADERS, test } from "./fixtures";

const APP_AUTH = { authorization: `Bearer ${APP_API_KEY}` };
const LIST = "/settings/email/suppression-list";
const token = (prefix: string) => `${prefix}${randomBytes(4).toString("hex")}`;

async function addViaApi(request: APIRequestContext, type: string, email: string, body: Record<string, unknown> = {}) {
  const response = await request.post(`/v1/esp/suppression/${type}/${encodeURIComponent(email)}`, { headers: APP_AUTH, data: body });
  expect(response.status()).toBe(200);
}

async function search(page: Page, value: string) {
  const box = page.getByRole("searchbox", { name: "Search by email or domain" });
  await box.fill(value);
  await box.press("Enter");
  await expect(page).toHaveURL(new RegExp(`q=${encodeURIComponent(value).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
}

const listTable = (page: Page) => page.getByRole("table", { name: "Email suppression entries" });
const rowsOf = (page: Page) => listTable(page).getByRole("row");

test.describe("[SUPPRESSION] email suppression list as admin", () => {
  // Several page loads and Server Actions per test: give a busy CI machine room.
  test.describe.configure({ timeout: 120_000 });

  test("[SUPPRESSION] filters by type with counts and searches by domain", async ({ adminPage: page, request }) => {
    const domain = `${token("dom")}.test`;
    await addViaApi(request, "bounces", `ann@${domain}`, { reason: "550 no such user", status: 550 });
    await addViaApi(request, "blocks", `bob@${domain}`);
    await addViaApi(request, "bounces", `${token("other")}@elsewhere-${domain}`);

    await page.goto(LIST);
    await expect(page.getByRole("heading", { level: 1, name: "Email suppression list" })).toBeVisible();
    await expect(page.getByRole("figure", { name: /New entries per day/ })).toBeVisible();

    await page.getByRole("navigation", { name: "Suppression type" }).getByRole("link", { name: /^Blocks/ }).click();
    await expect(page).toHaveURL(/type=blocks/);
    await expect(page.getByRole("navigation", { name: "Suppression type" }).getByRole("link", { name: /^Blocks/ })).toHaveAttribute("aria-current", "page");
    const typeCells = listTable(page).getByRole("row").locator("td:nth-child(3)");
    await expect(typeCells.first()).toHaveText("Blocks");
    expect(new Set(await typeCells.allInnerTexts())).toEqual(new Set(["Blocks"]));

    await search(page, `@${domain}`);
    await expect(rowsOf(page)).toHaveCount(2); // header + bob (blocks only)
    await expect(listTable(page)).toContainText(`bob@${domain}`);

    await page.getByRole("navigation", { name: "Suppression type" }).getByRole("link", { name: /^All/ }).click();
    await expect(page).toHaveURL(new RegExp(`q=%40${domain.replace(".", "\\.")}`));
    await expect(rowsOf(page)).toHaveCount(3);
    await expect(listTable(page)).toContainText(`ann@${domain}`);
    await expect(listTable(page)).toContainText("550 no such user");
    await expect(listTable(page)).not.toContainText("elsewhere");
  });

  test("[SUPPRESSION] adds an address (after a validation error for a bad email) and removes it", async ({ adminPage: page }) => {
    const email = `${token("added")}@add.test`;
    await page.goto(LIST);
    const form = page.getByRole("region", { name: "Add an address" });
    await form.getByLabel("Email").fill("not-an-email");
    await form.getByRole("button", { name: "Add address" }).click();
    await expect(form.getByText("Enter a valid email address")).toBeVisible();
    await expect(form.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");

    await form.getByLabel("Email").fill(email);
    await form.getByLabel("Type").selectOption("spam_reports");
    await form.getByLabel("Reason").fill("complained twice");
    await form.getByRole("button", { name: "Add address" }).click();
    await expect(page.getByText(`Added ${email} to spam reports.`)).toBeVisible();

    await search(page, email);
    await expect(rowsOf(page)).toHaveCount(2);
    await expect(listTable(page)).toContainText("complained twice");
    await expect(listTable(page)).toContainText("admin");

    await page.getByRole("button", { name: `Remove ${email} (Spam reports)` }).click();
    const dialog = page.getByRole("dialog", { name: "Remove this entry?" });
    await expect(dialog).toContainText(email);
    await dialog.getByRole("button", { name: "Remove" }).click();
    await expect(page.getByText(/Removed 1 entry/)).toBeVisible();
    await expect(listTable(page)).toContainText("No entries match.");
  });

  test("[SUPPRESSION] removes several selected entries after one confirmation", async ({ adminPage: page, request }) => {
    const domain = `${token("many")}.test`;
    for (const name of ["a", "b", "c"]) await addViaApi(request, "invalid_emails", `${name}@${domain}`);
    await page.goto(`${LIST}?q=${encodeURIComponent(`@${domain}`)}`);
    await expect(rowsOf(page)).toHaveCount(4);
    await page.getByRole("checkbox", { name: "Select all on this page" }).check();
    await page.getByRole("button", { name: "Remove selected" }).click();
    const dialog = page.getByRole("dialog", { name: "Remove 3 entries?" });
    await dialog.getByRole("button", { name: "Remove" }).click();
    await expect(page.getByText(/Removed 3 entries/)).toBeVisible();
    await expect(listTable(page)).toContainText("No entries match.");
  });

  test("[SUPPRESSION] exports the current filter as CSV", async ({ adminPage: page, request }) => {
    const domain = `${token("exp")}.test`;
    await addViaApi(request, "bounces", `one@${domain}`, { reason: "gone", status: 550 });
    await addViaApi(request, "blocks", `two@${domain}`);
    await page.goto(`${LIST}?q=${encodeURIComponent(`@${domain}`)}`);
    await expect(rowsOf(page)).toHaveCount(3);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
    expect(download.suggestedFilename()).toMatch(/^email-suppression-list-.*\.csv$/);
    const csv = await readFile((await download.path()), "utf8");
    const lines = csv.trim().split("\n");
    expect(lines[0]).toBe("email,type,reason,status_code,origin,created_at");
    expect(lines.slice(1).map((line) => line.split(",").slice(0, 5).join(",")).sort()).toEqual([`one@${domain},bounces,gone,550,api`, `two@${domain},blocks,,,api`]);
  });

  test("[SUPPRESSION] imports a CSV: preview reports the bad row, apply adds the rest", async ({ adminPage: page }) => {
    const domain = `${token("imp")}.test`;
    const csv = ["email,type,reason", `first@${domain},bounces,imported`, "this is not an email,blocks,", `second@${domain},blocks,`].join("\n");
    await page.goto(LIST);
    const region = page.getByRole("region", { name: "Import CSV" });
    await region.getByLabel("CSV file").setInputFiles({ name: "import.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await region.getByRole("button", { name: "Preview import" }).click();
    const preview = region.getByRole("region", { name: "Import preview" });
    await expect(preview).toContainText("nothing has been imported yet");
    await expect(preview.getByText("To add").locator("xpath=following-sibling::dd")).toHaveText("2");
    await expect(preview.getByText("Invalid rows", { exact: true }).locator("xpath=following-sibling::dd")).toHaveText("1");
    const invalid = preview.getByRole("table", { name: "Invalid rows" });
    await expect(invalid.getByRole("row")).toHaveCount(2);
    await expect(invalid.getByRole("row").nth(1)).toContainText("3");
    await expect(invalid.getByRole("row").nth(1)).toContainText("Enter a valid email address");

    await preview.getByRole("button", { name: "Apply import (2 new)" }).click();
    await expect(region.getByText("Imported 2 new entries.")).toBeVisible();
    await search(page, `@${domain}`);
    await expect(rowsOf(page)).toHaveCount(3);
    await expect(listTable(page)).toContainText(`first@${domain}`);
  });

  test("[SUPPRESSION] App API: list by type, search, add, delete, and its errors", async ({ request }) => {
    const email = `${token("api")}@api.test`;
    expect((await request.get("/v1/esp/suppression/bounces")).status()).toBe(401);
    const bad = await request.get("/v1/esp/suppression/nope", { headers: APP_AUTH });
    expect(bad.status()).toBe(400);
    expect(await bad.json()).toEqual({ meta: { errors: [expect.any(String)] } });
    expect((await request.post(`/v1/esp/suppression/bounces/not-an-email`, { headers: APP_AUTH })).status()).toBe(400);
    expect((await request.get("/v1/esp/suppression/bounces?limit=5000", { headers: APP_AUTH })).status()).toBe(400);

    await addViaApi(request, "bounces", email, { reason: "via api", status: "550" });
    const list = await request.get("/v1/esp/suppression/bounces?limit=1&offset=0", { headers: APP_AUTH });
    expect(await list.json()).toEqual({ category: "bounces", suppressions: [{ email, created: expect.any(Number), reason: "via api", status: "550" }] });
    const found = await request.get(`/v1/esp/search_suppression/${encodeURIComponent(email.toUpperCase())}`, { headers: APP_AUTH });
    expect((await found.json()).suppressions).toEqual([expect.objectContaining({ type: "bounces", email })]);

    const removed = await request.delete(`/v1/esp/suppression/bounces/${encodeURIComponent(email)}`, { headers: APP_AUTH });
    expect(removed.status()).toBe(204);
    expect((await request.delete(`/v1/esp/suppression/bounces/${encodeURIComponent(email)}`, { headers: APP_AUTH })).status()).toBe(404);
    expect((await (await request.get(`/v1/esp/search_suppression/${encodeURIComponent(email)}`, { headers: APP_AUTH })).json()).suppressions).toEqual([]);
  });
});

test.describe("[SUPPRESSION] suppressed identifiers as admin", () => {
  test("[SUPPRESSION] the lookup finds a suppressed email typed in another case and says no for an unknown one", async ({ adminPage: page, track }) => {
    const email = `${token("Forget.Me")}@Example.test`;
    expect((await track.put(email, { plan: "pro" })).status).toBe(200);
    expect((await track.post(`${encodeURIComponent(email)}/suppress`)).status).toBe(200);

    await page.goto("/settings/suppressed-identifiers");
    await expect(page.getByRole("heading", { level: 1, name: "Suppressed identifiers" })).toBeVisible();
    await expect(page.getByText("POST /api/v1/customers/:identifier/unsuppress")).toBeVisible();
    await expect(page.getByLabel("Total suppressed profiles")).toContainText(/[1-9][\d,]* suppressed profile/);
    await expect(page.getByRole("table")).toContainText("F•••@Example.test");
    await expect(page.getByRole("table")).not.toContainText(email);

    const box = page.getByLabel("Is this email or id suppressed?");
    await box.fill(email.toUpperCase());
    await page.getByRole("button", { name: "Check" }).click();
    const answer = page.getByRole("region", { name: "Look up" }).getByRole("status");
    // The answer, then a link to the erasure's certificate.
    await expect(answer).toContainText(/^Yes: .* is suppressed \(as an email\) since \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\.\s+Certificate of erasure/);
    await expect(answer.getByRole("link", { name: /^Certificate of erasure/ })).toBeVisible();

    await box.fill(`${token("nobody")}@example.test`);
    await page.getByRole("button", { name: "Check" }).click();
    await expect(answer).toContainText(/^No: .* is not suppressed\.$/);

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
    const csv = await readFile((await download.path()), "utf8");
    expect(csv.split("\n")[0]).toBe("suppression_id,created_at,id_hint,email_hint,id_hash,email_hash,remembered_email_hash,actor_type,actor,receipt_id");
    expect(csv).toContain("F•••@Example.test");
    expect(csv).toMatch(/,[0-9a-f]{64},/);
    expect(csv.toLowerCase()).not.toContain(email.toLowerCase());
  });
});

test.describe("[SUPPRESSION] Server Action body limit", () => {
  test("[SUPPRESSION] a Server Action takes a body under 1 MB and refuses one over it (file uploads go through /api/imports)", async ({ adminPage: page, baseURL }) => {
    // Capture the lookup's real Server Action request (read-only), then replay it padded.
    await page.goto("/settings/suppressed-identifiers");
    await page.getByLabel("Is this email or id suppressed?").fill(`${token("nobody")}@example.test`);
    const [request] = await Promise.all([
      page.waitForRequest((r) => r.method() === "POST" && Boolean(r.headers()["next-action"])),
      page.getByRole("button", { name: "Check" }).click(),
    ]);
    await expect(page.getByRole("region", { name: "Look up" }).getByRole("status")).toContainText(/^No: /);
    const headers = request.headers();
    const captured = await new Response(new Uint8Array(request.postDataBuffer() ?? Buffer.alloc(0)), { headers: { "content-type": headers["content-type"] } }).formData();
    const replay = async (paddingBytes: number) => {
      const form = new FormData();
      for (const [name, value] of captured) form.append(name, value);
      form.append("1_padding", "x".repeat(paddingBytes)); // a field of the action's FormData that it ignores
      return page.request.post("/settings/suppressed-identifiers", {
        headers: { "next-action": headers["next-action"], accept: "text/x-component", origin: baseURL! },
        multipart: form,
        maxRedirects: 0,
      });
    };

    const under = await replay(900 * 1024);
    expect(under.status()).toBe(200);
    expect(await under.text()).toContain("is not suppressed");
    const over = await replay(2 * 1024 * 1024);
    // Next answers an action it refused to read with an error (500 for a fetch action, or 413).
    expect([413, 500]).toContain(over.status());
    expect(await over.text()).not.toContain("is not suppressed");
  });
});

test.describe("[SUPPRESSION] workspace identification mode as admin", () => {
  test.afterEach(async ({ request }) => {
    // Leave the demo workspace in email-or-ID mode whatever happened above.
    await request.post("/api/testing/workspace", { headers: TEST_API_HEADERS, data: { identificationMode: "email_or_id" } });
  });

  test("[SUPPRESSION] the switch to email-or-ID shows conflicts, then succeeds once they are resolved", async ({ adminPage: page, request, track }) => {
    expect((await request.post("/api/testing/workspace", { headers: TEST_API_HEADERS, data: { identificationMode: "id" } })).status()).toBe(200);
    const shared = `${token("shared")}@conflict.test`;
    const first = token("twin-a-");
    const second = token("twin-b-");
    expect((await track.put(first, { email: shared })).status).toBe(200);
    expect((await track.put(second, { email: shared })).status).toBe(200);

    await page.goto("/settings/workspace");
    await expect(page.getByText("ID only.", { exact: true })).toBeVisible();
    await page.getByRole("button", { name: "Switch to email or ID…" }).click();
    const dialog = page.getByRole("dialog", { name: "Switch to email or ID?" });
    await expect(dialog.getByRole("alert")).toContainText(/Can't switch: \d+ emails? (is|are) not unique\./);
    const conflicts = dialog.getByRole("table", { name: "Conflicting emails" });
    await expect(conflicts).toContainText(shared);
    await expect(conflicts).toContainText("shared by several people");
    await expect(dialog.getByRole("button", { name: "Switch to email or ID" })).toHaveCount(0);

    expect((await track.del(second)).status).toBe(200);
    await dialog.getByRole("button", { name: "Check again" }).click();
    await expect(dialog.getByRole("status")).toContainText(/No conflicts\. \d+ suppressed emails? will become/);
    await dialog.getByRole("button", { name: "Switch to email or ID" }).click();
    await expect(page.getByText(/Switched to email or ID\./)).toBeVisible();
    await expect(page.getByText("Email or ID.", { exact: true })).toBeVisible();
    await expect(page.getByText("Switching back to ID-only is not offered.")).toBeVisible();
  });

  test("[SUPPRESSION] renames the workspace", async ({ adminPage: page }) => {
    await page.goto("/settings/workspace");
    const name = page.getByLabel("Name", { exact: true });
    const before = await name.inputValue();
    await name.fill("");
    await page.getByRole("button", { name: "Save name" }).click();
    await expect(page.getByText("Enter a name")).toBeVisible();
    await name.fill("Renamed by e2e");
    await page.getByRole("button", { name: "Save name" }).click();
    await expect(page.getByText("Workspace name saved.")).toBeVisible();
    await expect(page.getByLabel("Workspace", { exact: true })).toHaveText("Renamed by e2e");
    await name.fill(before);
    await page.getByRole("button", { name: "Save name" }).click();
    await expect(page.getByLabel("Workspace", { exact: true })).toHaveText(before);
  });
});

test.describe("[SUPPRESSION] support staff", () => {
  test("[SUPPRESSION] every suppression and workspace page is 403 for support", async ({ supportPage: page }) => {
    for (const path of [LIST, "/settings/suppressed-identifiers", "/settings/workspace"]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(403);
      await expect(page.getByRole("heading", { name: "403 — Not allowed" })).toBeVisible();
    }
    for (const path of [`${LIST}/export`, "/settings/suppressed-identifiers/export"]) {
      const response = await page.request.get(path);
      expect(response.status(), path).toBe(403);
    }
  });
});
