// Phase 1, second half: what the API stored of the hostile corpus, rendered in Chromium for a signed-in
// admin (People page, searches, attribute columns, person pages, activity log, email suppression list).
// A script that runs (a dialog, the __verifyXss flag), an element carrying the corpus' mark, or a page
// that fails to render is a failure.
import { chromium, type Page } from "@playwright/test";
import pg from "pg";
import type { Report } from "./context";
import { INJECTED_ATTR } from "./corpus";

export const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export async function launchChromium() {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

export function cookieOf(cookieHeader: string, base: string) {
  const [name, ...rest] = cookieHeader.split("=");
  return { name, value: rest.join("="), url: base };
}

async function inspect(page: Page, path: string, problems: string[]): Promise<void> {
  const response = await page.goto(path, { waitUntil: "load" });
  const status = response?.status() ?? 0;
  if (status >= 400) problems.push(`${path}: HTTP ${status}`);
  await page.waitForTimeout(150);
  const found = await page.evaluate((attr) => ({
    injected: document.querySelectorAll(`[${attr}]`).length,
    ran: Boolean((window as unknown as { __verifyXss?: unknown }).__verifyXss),
  }), INJECTED_ATTR);
  if (found.injected > 0) problems.push(`${path}: ${found.injected} injected element(s)`);
  if (found.ran) problems.push(`${path}: an injected script ran`);
}

export async function checkRendering(options: { base: string; databaseUrl: string; adminCookie: string; short: boolean; report: Report }): Promise<void> {
  const { base, report } = options;
  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();
  const limit = options.short ? 4 : 15;
  const people = await client.query<{ cio_id: string; external_id: string | null }>(
    `SELECT cio_id, external_id FROM person WHERE attributes::text ~ '[<>"\\\\{]|\\\\u' OR external_id ~ '[<>"''%]' OR email ~ '[<>]' ORDER BY created_at DESC LIMIT $1`,
    [limit],
  );
  const attributeNames = await client.query<{ key: string }>(
    `SELECT DISTINCT k AS key FROM person, jsonb_object_keys(attributes) k WHERE k ~ '[<>''"]' LIMIT $1`,
    [options.short ? 2 : 6],
  );
  const searches = people.rows.map((p) => p.external_id).filter((id): id is string => Boolean(id)).slice(0, options.short ? 2 : 6);
  await client.end();

  const paths = [
    "/people",
    ...searches.map((q) => `/people?q=${encodeURIComponent(q.slice(0, 150))}`),
    ...attributeNames.rows.map((r) => `/people?attr=${encodeURIComponent(r.key)}`),
    ...people.rows.map((p) => `/people/${p.cio_id}`),
    "/activity",
    "/settings/email/suppression-list",
    "/settings/audit-log",
  ];
  const browser = await launchChromium();
  const problems: string[] = [];
  try {
    const context = await browser.newContext({ baseURL: base });
    await context.addCookies([cookieOf(options.adminCookie, base)]);
    const page = await context.newPage();
    page.on("dialog", (dialog) => {
      problems.push(`${page.url()}: a ${dialog.type()} dialog opened`);
      void dialog.dismiss();
    });
    page.on("pageerror", (error) => problems.push(`${page.url()}: page error ${error.name}`));
    for (const path of paths) await inspect(page, path, problems);
    // The payloads are there, as text: the People page shows the stored ids.
    await page.goto("/people");
    const text = await page.locator("body").innerText();
    if (people.rows.length === 0) problems.push("no stored hostile person to render (the corpus stored none)");
    else if (!/verify-|onerror|<|script/i.test(text)) problems.push("/people: the corpus' people are not listed");
  } finally {
    await browser.close();
  }
  for (const problem of problems.slice(0, 20)) console.log(`    ✗ ${problem}`);
  report.add("corpus", `pages rendered in Chromium (${paths.length}, ${people.rows.length} hostile people)`, problems.length === 0 ? "text only" : `${problems.length} problems`, problems.length === 0);
}
