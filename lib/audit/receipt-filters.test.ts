// Request tracking in the audit log: by receipt id (a job's closing entry included) and by the kind of
// request, erasure or export; and which entries link to a certificate.
import { describe, expect, it } from "vitest";
import { createTestWorkspace } from "../test/factories";
import { certificateReceiptOf } from "./action-kinds";
import { findAuditEntries } from "./queries";
import { auditSearchParamsSchema } from "./search-params";
import { recordAudit } from "./record-audit";

describe("[AUDIT] receipt and request-kind filters", () => {
  it("finds an erasure by receipt (with its job's closing entry) and separates erasures from exports", async () => {
    const { id: workspaceId } = await createTestWorkspace();
    const actor = { type: "user", id: "u-filter" } as const;
    const jobReceipt = await recordAudit({ workspaceId, actor, action: "deletion_job.create", count: 5000, details: { jobId: "job_x", suppress: true } });
    const closing = await recordAudit({ workspaceId, actor, action: "people.delete_and_suppress", count: 5000, details: { jobId: "job_x", jobReceiptId: jobReceipt } });
    const inline = await recordAudit({ workspaceId, actor, action: "people.delete", count: 1 });
    const exported = await recordAudit({ workspaceId, actor, action: "person.export", count: 1, details: { via: "staff" } });
    await recordAudit({ workspaceId, actor, action: "api_key.create", count: 1 });

    const byJob = await findAuditEntries({ workspaceId, receipt: jobReceipt });
    expect(byJob.rows.map((r) => r.receiptId).sort()).toEqual([jobReceipt, closing].sort());
    expect((await findAuditEntries({ workspaceId, receipt: inline })).rows.map((r) => r.receiptId)).toEqual([inline]);
    expect((await findAuditEntries({ workspaceId, receipt: "rcpt_nothing" })).total).toBe(0);

    const erasures = await findAuditEntries({ workspaceId, kind: "erasure" });
    expect(erasures.rows.map((r) => r.receiptId).sort()).toEqual([jobReceipt, closing, inline].sort());
    expect((await findAuditEntries({ workspaceId, kind: "export" })).rows.map((r) => r.receiptId)).toEqual([exported]);
    expect((await findAuditEntries({ workspaceId, kind: "export", receipt: inline })).total).toBe(0);

    const rows = (await findAuditEntries({ workspaceId })).rows;
    const links = Object.fromEntries(rows.map((r) => [r.action, certificateReceiptOf(r)]));
    expect(links).toEqual({
      "deletion_job.create": jobReceipt,
      "people.delete_and_suppress": jobReceipt,
      "people.delete": inline,
      "person.export": null,
      "api_key.create": null,
    });
  });

  it("reads the filters from the URL; a bad kind falls back to all", () => {
    expect(auditSearchParamsSchema.parse({ receipt: " rcpt_abc ", kind: "erasure" })).toMatchObject({ receipt: "rcpt_abc", kind: "erasure" });
    expect(auditSearchParamsSchema.parse({ kind: "everything" }).kind).toBeUndefined();
  });
});
