// The Deletions page's record of every deletion (person page, selections, lists, API, jobs) with its
// filters and keyset pages, and support's look-up "did we delete this person?" from keyed hashes.
import { beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "../api-keys/api-keys";
import { AUDIT_ACTION_KINDS } from "../audit/action-kinds";
import { db } from "../db";
import type { Workspace } from "../generated/prisma/client";
import { applyErasureList } from "../erasure-requests/apply-list";
import { previewErasureList } from "../erasure-requests/preview-list";
import { lookUpIdentifier } from "../erasure-requests/look-up-identifier";
import { parseErasureList } from "../erasure-requests/parse-list";
import { identify } from "../people/identify";
import { createTestWorkspace, seedClaimedPeople, uniqueEmail, uniqueToken } from "../test/factories";
import { deletePeople, deletePersonByIdentifier } from "./delete-people";
import { findDeletions } from "./find-deletions";
import { startDeletion } from "./start";

const staff = { type: "user", id: "user_test" } as const;
let workspace: Workspace;
const receipts: Record<string, string> = {};
let listEmail: string;
let plainEmail: string;

async function person() {
  const id = uniqueToken("d");
  const email = uniqueEmail("d");
  const { cioId } = await identify({ workspace, identifier: id, attributes: { email }, actor: staff });
  return { id, email, cioId: cioId! };
}

beforeAll(async () => {
  workspace = await createTestWorkspace("email_or_id");
  const key = await createApiKey({ workspaceId: workspace.id, kind: "track", name: "crm sync", actor: { type: "system" } });
  const single = await person();
  plainEmail = single.email;
  receipts.person = (await deletePeople({ workspace, cioIds: [single.cioId], suppress: false, actor: staff })).receiptId;
  const [x, y] = [await person(), await person()];
  receipts.selection = (await deletePeople({ workspace, cioIds: [x.cioId, y.cioId], suppress: true, actor: staff })).receiptId;
  const listed = await person();
  listEmail = listed.email;
  const entries = await parseErasureList(`${listed.email}\n${uniqueToken("none")}`);
  const preview = await previewErasureList({ workspace, entries });
  receipts.list = (await applyErasureList({ workspace, entries, previewedAt: preview.previewedAt, suppress: true, actor: staff })).receiptId;
  const viaApi = await person();
  receipts.api = (await deletePersonByIdentifier({ workspace, identifier: viaApi.id, actor: { type: "api_key", id: key.apiKey.id } })).receiptId;
  const { cioIds } = await seedClaimedPeople(workspace, 1_001, { activities: 0 });
  receipts.job = (await startDeletion({ workspace, selection: { cioIds }, suppress: false, actor: staff })).receiptId;
});

describe("[DELETIONS] every deletion on record", () => {
  it("lists each kind once, newest first, with who, how many, suppress and status", async () => {
    const { rows, nextCursor } = await findDeletions({ workspace, params: {} });
    expect(nextCursor).toBeNull();
    expect(rows.map((r) => [r.kind, r.receiptId])).toEqual([
      ["job", receipts.job],
      ["api", receipts.api],
      ["list", receipts.list],
      ["selection", receipts.selection],
      ["person", receipts.person],
    ]);
    expect(rows.find((r) => r.kind === "api")).toMatchObject({ actor: "API key crm sync", people: 1, suppress: false, status: "completed" });
    expect(rows.find((r) => r.kind === "selection")).toMatchObject({ people: 2, suppress: true });
    expect(rows.find((r) => r.kind === "job")).toMatchObject({ status: "queued", people: 0, suppress: false });
  });

  it("filters by kind, actor and receipt, and pages by keyset", async () => {
    expect((await findDeletions({ workspace, params: { kind: "list" } })).rows.map((r) => r.receiptId)).toEqual([receipts.list]);
    expect((await findDeletions({ workspace, params: { receipt: receipts.api } })).rows.map((r) => r.kind)).toEqual(["api"]);
    expect((await findDeletions({ workspace, params: { actor: "user:user_test" } })).rows).toHaveLength(4);
    const first = await findDeletions({ workspace, params: {}, take: 2 });
    const second = await findDeletions({ workspace, params: { cursor: first.nextCursor! }, take: 2 });
    const third = await findDeletions({ workspace, params: { cursor: second.nextCursor! }, take: 2 });
    expect([...first.rows, ...second.rows, ...third.rows].map((r) => r.kind)).toEqual(["job", "api", "list", "selection", "person"]);
    expect(third.nextCursor).toBeNull();
  });
});

describe("[DELETIONS] the deletion kind the page's indexes are built on", () => {
  it("names an entry of each erasure action, and no other action", async () => {
    const actions: string[] = [...AUDIT_ACTION_KINDS.erasure, ...AUDIT_ACTION_KINDS.export, "api_key.create", "workspace.mode"];
    const rows = await db.$queryRaw<{ action: string; kind: string | null }[]>`
      SELECT action, deletion_kind(action, 'user', NULL) AS kind FROM unnest(${actions}::text[]) AS action`;
    const erasures = new Set<string>(AUDIT_ACTION_KINDS.erasure);
    for (const row of rows) expect([row.action, row.kind !== null]).toEqual([row.action, erasures.has(row.action)]);
  });

  it("filters each kind and the system actor on their own", async () => {
    for (const kind of ["person", "selection", "list", "api", "job"] as const) {
      expect((await findDeletions({ workspace, params: { kind } })).rows.map((r) => r.receiptId)).toEqual([receipts[kind]]);
    }
    expect((await findDeletions({ workspace, params: { actor: "system" } })).rows).toEqual([]);
  });
});

describe("[DELETIONS] look-up by id or email", () => {
  it("answers suppressed / deleted on DATE (receipt) / held / not found", async () => {
    expect(await lookUpIdentifier({ workspace, value: listEmail.toUpperCase() })).toMatchObject({ state: "suppressed", kind: "email", receiptId: receipts.list });
    const deleted = await lookUpIdentifier({ workspace, value: plainEmail });
    expect(deleted).toMatchObject({ state: "deleted", kind: "email", deletions: [{ receiptId: receipts.person, deletedAt: expect.any(Date) }] });
    const living = await person();
    expect(await lookUpIdentifier({ workspace, value: living.id })).toEqual({ state: "held", kind: "id", cioId: living.cioId });
    expect(await lookUpIdentifier({ workspace, value: uniqueToken("never") })).toEqual({ state: "not_found" });
    expect(await lookUpIdentifier({ workspace, value: "a\u0000b" })).toEqual({ state: "not_found" });
  });
});
