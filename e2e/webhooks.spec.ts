// Settings → Webhooks, end to end: an admin adds an endpoint pointing at a receiver this test starts on
// loopback (the server runs with WEBHOOK_ALLOW_LOOPBACK=1), deletes a person with suppression from
// their page, and the receiver verifies the Standard Webhooks signature with the `standardwebhooks`
// package and finds the person's id, email and the receipt; the delivery log shows the 200.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { expect, test } from "./fixtures";
import { expectNoSeriousViolations } from "./pages/accessibility";
import { PeoplePage } from "./pages/people-page";
import { PersonPage } from "./pages/person-page";
import { uniquePrefix } from "./pages/test-data";

test.describe.configure({ timeout: 180_000 });

type Received = { headers: Record<string, string>; body: string };

async function startReceiver() {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const headers = Object.fromEntries(["webhook-id", "webhook-timestamp", "webhook-signature"].map((h) => [h, String(req.headers[h] ?? "")]));
      received.push({ headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(200, { "content-type": "text/plain" }).end("thanks");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks/${uniquePrefix("r")}`, received, close: () => new Promise((resolve) => server.close(resolve)) };
}

test("[WEBHOOKS] an admin's endpoint receives a signed person.deleted with id, email and receipt; the delivery log shows 200", async ({ adminPage: page, track }) => {
  const receiver = await startReceiver();
  try {
    await page.goto("/settings/webhooks");
    await expect(page.getByRole("heading", { name: "Webhooks", level: 1 })).toBeVisible();
    // Bad input: inline error, nothing stored.
    await page.getByLabel("Endpoint URL").fill("http://hooks.example.com/x");
    await page.getByRole("button", { name: "Add endpoint" }).click();
    await expect(page.locator("#webhook-url-error")).toHaveText(/https/);
    await expect(page.getByRole("table", { name: "Webhook endpoints" })).toContainText("No endpoints yet.");

    await page.getByLabel("Endpoint URL").fill(receiver.url);
    await page.getByLabel("Description").fill("e2e receiver");
    await page.getByRole("button", { name: "Add endpoint" }).click();
    const dialog = page.getByRole("dialog", { name: "Copy the signing secret" });
    await expect(dialog).toBeVisible();
    const secret = (await dialog.getByLabel("Signing secret").textContent())!.trim();
    expect(secret).toMatch(/^whsec_/);
    await dialog.getByRole("button", { name: "Done" }).click();
    await expect(page.getByRole("table", { name: "Webhook endpoints" })).toContainText(receiver.url);
    await expectNoSeriousViolations(page);

    // A person, deleted with suppression from their page.
    const id = uniquePrefix("hooked");
    const email = `${id}@example.test`;
    expect((await track.put(id, { email, plan: "pro" })).status).toBe(200);
    const people = new PeoplePage(page);
    await people.goto({ q: id });
    const href = await people.row(id).getByRole("link", { name: id }).getAttribute("href");
    const person = new PersonPage(page);
    await person.goto(href!.split("/").pop()!);
    await person.deleteForever({ suppress: true });
    const receipt = await people.expectDeletedToast(1, { suppressed: true });

    // The receiver gets it, signed: verified with the standardwebhooks package and the secret shown once.
    await expect.poll(() => receiver.received.filter((r) => r.body.includes(id)).length, { timeout: 30_000 }).toBeGreaterThan(0);
    const hook = receiver.received.find((r) => r.body.includes(id))!;
    const message = new Webhook(secret).verify(hook.body, hook.headers) as {
      type: string;
      data: { receipt_id: string; actor: { kind: string }; suppressed: boolean; people: { cio_id: string; id: string; email: string }[] };
    };
    expect(message.type).toBe("person.deleted");
    expect(message.data).toMatchObject({ actor: { kind: "user" }, suppressed: true });
    if (receipt) expect(message.data.receipt_id).toBe(receipt);
    expect(message.data.receipt_id).toMatch(/^rcpt_/);
    expect(message.data.people).toEqual([{ cio_id: href!.split("/").pop(), id, email }]);

    // The delivery log: delivered, 200, the receiver's answer; the payload is purged, so no resend.
    await page.goto("/settings/webhooks");
    await page.getByRole("link", { name: `Delivery log of ${receiver.url}` }).click();
    await expect(page.getByRole("heading", { name: "Webhook deliveries", level: 1 })).toBeVisible();
    const log = page.getByRole("table", { name: "Deliveries" });
    const row = log.getByRole("row").filter({ hasText: hook.headers["webhook-id"] });
    await expect(row).toContainText("delivered");
    await expect(row.getByRole("list", { name: `Attempts of ${hook.headers["webhook-id"]}` })).toContainText("200");
    await expect(row).toContainText("thanks");
    await expect(row).toContainText("Payload purged");
    await page.getByLabel("Status").selectOption("failed");
    await expect(page).toHaveURL(/status=failed/);
    await expect(page.getByRole("table", { name: "Deliveries" })).toContainText("No deliveries match.");

    // Send test event reaches the receiver too; then the endpoint is deleted (other specs delete people).
    await page.goto("/settings/webhooks");
    await page.getByRole("button", { name: `Send test event to ${receiver.url}` }).click();
    await expect.poll(() => receiver.received.some((r) => r.body.includes('"webhook.test"')), { timeout: 30_000 }).toBe(true);
    await page.getByRole("button", { name: `Delete ${receiver.url}` }).click();
    await expect(page.getByRole("table", { name: "Webhook endpoints" })).not.toContainText(receiver.url);
  } finally {
    await receiver.close();
  }
});
