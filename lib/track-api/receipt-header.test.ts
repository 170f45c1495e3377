// Track API deletions name their receipt: X-Receipt-Id on v1 DELETE and suppress and on v2 entity
// delete/suppress (bodies unchanged for Customer.io clients), and the v2 batch answer lists the receipt
// per applied delete or suppress item. Each receipt fetches a certificate of erasure.
import { beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "../api-keys/api-keys";
import type { Workspace } from "../generated/prisma/client";
import { identify } from "../people/identify";
import { getErasureCertificate } from "../receipts/certificates";
import { createTestWorkspace, uniqueToken } from "../test/factories";
import * as customerRoute from "../../app/api/v1/customers/[identifier]/route";
import * as suppressRoute from "../../app/api/v1/customers/[identifier]/suppress/route";
import * as entityRoute from "../../app/api/v2/entity/route";
import * as batchRoute from "../../app/api/v2/batch/route";

const actor = { type: "system" } as const;
let workspace: Workspace;
let authorization: string;

beforeAll(async () => {
  workspace = await createTestWorkspace("email_or_id");
  const key = await createApiKey({ workspaceId: workspace.id, kind: "track", name: "receipts", actor });
  authorization = `Basic ${Buffer.from(`${key.siteId}:${key.secret}`).toString("base64")}`;
});

async function someone() {
  const id = uniqueToken("r");
  await identify({ workspace, identifier: id, attributes: {}, actor });
  return id;
}

async function expectCertificate(receiptId: string | null, deleted: number) {
  expect(receiptId).toMatch(/^rcpt_[a-z2-7]{20}$/);
  const found = await getErasureCertificate({ workspace, receiptId: receiptId! });
  expect(found.state).toBe("issued");
  if (found.state === "issued") expect(JSON.parse(found.text).certificate.people.deleted).toBe(deleted);
}

function post(body: unknown) {
  return new Request("http://localhost/api", { method: "POST", headers: { authorization, "content-type": "application/json" }, body: JSON.stringify(body) });
}

describe("[API] deletions answer with X-Receipt-Id", () => {
  it("v1 DELETE and suppress: 200 {} and the receipt in a header", async () => {
    const deleted = await customerRoute.DELETE(new Request("http://localhost/api", { method: "DELETE", headers: { authorization } }), {
      params: Promise.resolve({ identifier: await someone() }),
    });
    expect(deleted.status).toBe(200);
    expect(await deleted.json()).toEqual({});
    await expectCertificate(deleted.headers.get("x-receipt-id"), 1);

    const suppressed = await suppressRoute.POST(new Request("http://localhost/api", { method: "POST", headers: { authorization } }), {
      params: Promise.resolve({ identifier: await someone() }),
    });
    expect(await suppressed.json()).toEqual({});
    await expectCertificate(suppressed.headers.get("x-receipt-id"), 1);
  });

  it("v2 entity delete names its receipt; identify does not", async () => {
    const id = await someone();
    const identified = await entityRoute.POST(post({ type: "person", identifiers: { id }, action: "identify", attributes: { a: 1 } }), { params: Promise.resolve({}) });
    expect(identified.headers.get("x-receipt-id")).toBeNull();
    const deleted = await entityRoute.POST(post({ type: "person", identifiers: { id }, action: "delete" }), { params: Promise.resolve({}) });
    expect(await deleted.json()).toEqual({});
    await expectCertificate(deleted.headers.get("x-receipt-id"), 1);
  });

  it("v2 batch lists the receipt of each applied delete or suppress item", async () => {
    const [a, b] = [await someone(), await someone()];
    const response = await batchRoute.POST(
      post({
        batch: [
          { type: "person", identifiers: { id: a }, action: "delete" },
          { type: "person", identifiers: { id: uniqueToken("new") }, action: "identify", attributes: {} },
          { type: "person", identifiers: { id: b }, action: "suppress" },
          { type: "person", identifiers: { id: "" }, action: "delete" },
        ],
      }),
      { params: Promise.resolve({}) },
    );
    const body = (await response.json()) as { errors: unknown[]; receipts: { batch_index: number; receipt_id: string }[] };
    expect(body.errors).toHaveLength(1);
    expect(body.receipts.map((r) => r.batch_index)).toEqual([0, 2]);
    for (const receipt of body.receipts) await expectCertificate(receipt.receipt_id, 1);
  });
});
