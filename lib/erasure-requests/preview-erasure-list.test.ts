// An erasure request's preview: every line sorted into matches a person / nobody / already suppressed
// / invalid, on a real database, and nothing written while doing it.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { deletePeople } from "../deletion/delete-people";
import { suppressIdentifier } from "../deletion/suppress-identifier";
import type { Workspace } from "../generated/prisma/client";
import { identify } from "../people/identify";
import { countQueries } from "../test/count-queries";
import { createTestWorkspace, seedClaimedPeople, uniqueEmail, uniqueToken } from "../test/factories";
import { ID_MODE_EMAIL_NOTE } from "./classify-list";
import { previewErasureList, type ErasurePreviewRow } from "./preview-list";
import { ErasureListLimitError, MAX_LIST_LINES, parseErasureList } from "./parse-list";

const actor = { type: "user", id: "user_test" } as const;

async function person(workspace: Workspace, attributes: Record<string, unknown> = {}) {
  const id = uniqueToken("p");
  const email = uniqueEmail("p");
  const { cioId } = await identify({ workspace, identifier: id, attributes: { email, ...attributes }, actor });
  return { id, email, cioId: cioId! };
}

async function rowCounts(workspaceId: string) {
  const [people, claims, suppressions, keys, deleted, audit] = await Promise.all([
    db.person.count({ where: { workspaceId } }),
    db.identifierClaim.count({ where: { workspaceId } }),
    db.suppression.count({ where: { workspaceId } }),
    db.profileKey.count({ where: { workspaceId } }),
    db.deletedIdentifier.count({ where: { workspaceId } }),
    db.auditEntry.count({ where: { workspaceId } }),
  ]);
  return { people, claims, suppressions, keys, deleted, audit };
}

async function preview(workspace: Workspace, text: string) {
  return previewErasureList({ workspace, entries: await parseErasureList(text) });
}

function byOutcome(rows: ErasurePreviewRow[], outcome: ErasurePreviewRow["outcome"]) {
  return rows.filter((r) => r.outcome === outcome);
}

describe("[ERASURE LIST] parsing a pasted or uploaded list", () => {
  it("reads one identifier per line: cio_, emails, ids; invalid lines say why", async () => {
    const long = "x".repeat(10_000);
    const entries = await parseErasureList(
      ["u-1", " Ann@Example.COM ", `cio_${"a".repeat(20)}`, "", "cio_nothex", "a\u0000b", long, "broken@", "tab\tid"].join("\r\n") + "\n",
    );
    expect(entries).toEqual([
      { line: 1, kind: "id", value: "u-1" },
      { line: 2, kind: "email", value: "Ann@Example.COM" },
      { line: 3, kind: "cio_id", value: "a".repeat(20) },
      { line: 4, invalid: "empty", excerpt: "" },
      { line: 5, invalid: "unknown cio_ identifier", excerpt: "cio_nothex" },
      { line: 6, invalid: "contains a NUL character", excerpt: "a\uFFFDb" },
      { line: 7, invalid: "too long (over 150 bytes)", excerpt: `${"x".repeat(40)}…` },
      { line: 8, invalid: "not an email (an id with @ goes in a CSV column named id)", excerpt: "broken@" },
      { line: 9, kind: "id", value: "tab\tid" },
    ]);
  });

  it("reads a CSV by its id, email or cio_id columns, whatever else it holds", async () => {
    const csv = 'name,Email,id\n"Doe, Jane",jane@example.test,\nBob,,bob@corp\n,,\nX,not-an-email,\n';
    expect(await parseErasureList(csv)).toEqual([
      { line: 2, kind: "email", value: "jane@example.test" },
      { line: 3, kind: "id", value: "bob@corp" },
      { line: 4, invalid: "empty", excerpt: "" },
      { line: 5, invalid: "not an email", excerpt: "not-an-email" },
    ]);
  });

  it("marks a line that is not UTF-8 invalid and keeps the others", async () => {
    const bytes = Buffer.concat([Buffer.from("ok-1\n"), Buffer.from([0x66, 0xff, 0xfe, 0x0a]), Buffer.from("ok-2\n")]);
    const entries = await parseErasureList(bytes);
    expect(entries).toEqual([
      { line: 1, kind: "id", value: "ok-1" },
      { line: 2, invalid: "not valid UTF-8 text", excerpt: "" },
      { line: 3, kind: "id", value: "ok-2" },
    ]);
  });

  it("refuses more than 100,000 lines, more than 10 MB and an empty list with a clear message", async () => {
    await expect(parseErasureList("a\n".repeat(MAX_LIST_LINES))).resolves.toHaveLength(MAX_LIST_LINES);
    await expect(parseErasureList("a\n".repeat(MAX_LIST_LINES + 1))).rejects.toThrow(/more than 100,000 lines/);
    const big = Buffer.alloc(10 * 1024 * 1024 + 1, 0x61);
    await expect(parseErasureList(big)).rejects.toBeInstanceOf(ErasureListLimitError);
    const stream = Array.from({ length: 30 }, () => Buffer.alloc(1024 * 1024, 0x62));
    await expect(parseErasureList((async function* () {
      for (const chunk of stream) yield await Promise.resolve(chunk);
    })())).rejects.toThrow(/over 10 MB/);
    await expect(parseErasureList("")).rejects.toThrow(/empty/);
  });
});

describe("[ERASURE LIST] the preview", () => {
  let workspace: Workspace;
  beforeAll(async () => {
    workspace = await createTestWorkspace("email_or_id");
  });

  it("sorts the issue's six lines into 3 people / 1 nobody / 1 suppressed / 1 invalid, writing nothing", async () => {
    const [a, b, c, gone] = [await person(workspace), await person(workspace), await person(workspace), await person(workspace)];
    await suppressIdentifier({ workspace, identifier: gone.email, actor });
    const unknown = uniqueToken("nobody");
    const before = await rowCounts(workspace.id);
    const result = await preview(workspace, [a.id, b.id, c.email.toUpperCase(), unknown, gone.email, "cio_zz"].join("\n"));
    expect(await rowCounts(workspace.id)).toEqual(before);
    expect(result.counts).toEqual({ person: 3, nobody: 1, suppressed: 1, invalid: 1 });
    expect(result.lines).toBe(6);
    expect(byOutcome(result.rows, "person")).toEqual([
      { outcome: "person", cioId: a.cioId, matches: [{ kind: "id", identifier: a.id }], lines: [1] },
      { outcome: "person", cioId: b.cioId, matches: [{ kind: "id", identifier: b.id }], lines: [2] },
      { outcome: "person", cioId: c.cioId, matches: [{ kind: "email", identifier: c.email.toUpperCase() }], lines: [3] },
    ]);
    expect(byOutcome(result.rows, "nobody")).toEqual([{ outcome: "nobody", kind: "id", identifier: unknown, lines: [4] }]);
    const [suppressed] = byOutcome(result.rows, "suppressed");
    expect(suppressed).toMatchObject({ kind: "email", identifier: gone.email, lines: [5] });
    expect(suppressed.outcome === "suppressed" && suppressed.receiptId).toMatch(/^rcpt_/);
    expect(byOutcome(result.rows, "invalid")).toEqual([{ outcome: "invalid", reason: "unknown cio_ identifier", excerpt: "cio_zz", lines: [6] }]);
  });

  it("folds the lines that name one person into one row, and repeated lines into one value", async () => {
    const p = await person(workspace);
    const unknown = uniqueToken("nobody");
    const result = await preview(workspace, [p.id, p.email, `cio_${p.cioId}`, unknown, unknown, p.id].join("\n"));
    expect(result.counts).toEqual({ person: 1, nobody: 1, suppressed: 0, invalid: 0 });
    const [row] = byOutcome(result.rows, "person");
    expect(row).toMatchObject({ cioId: p.cioId, lines: [1, 2, 3, 6] });
    expect(row.outcome === "person" && row.matches.map((m) => m.kind).sort()).toEqual(["cio_id", "email", "id"]);
    expect(byOutcome(result.rows, "nobody")).toEqual([{ outcome: "nobody", kind: "id", identifier: unknown, lines: [4, 5] }]);
  });

  it("a 25,000-line list costs a few statements per 10,000 values, not one per line", async () => {
    const { cioIds } = await seedClaimedPeople(workspace, 5_000, { activities: 0 });
    const ids = (await db.person.findMany({ where: { cioId: { in: cioIds } }, select: { externalId: true } })).map((p) => p.externalId!);
    const lines = [...ids, ...Array.from({ length: 20_000 }, (_, i) => `nobody-${i}`)];
    const entries = await parseErasureList(lines.join("\n"));
    const { result, count } = await countQueries(() => previewErasureList({ workspace, entries }));
    expect(result.counts).toEqual({ person: 5_000, nobody: 20_000, suppressed: 0, invalid: 0 });
    expect(count).toBeLessThanOrEqual(3);
  });

  it("100,000 identical lines are one value", async () => {
    const p = await person(workspace);
    const result = await preview(workspace, `${p.email}\n`.repeat(MAX_LIST_LINES));
    expect(result.counts).toEqual({ person: 1, nobody: 0, suppressed: 0, invalid: 0 });
    expect(result.lines).toBe(MAX_LIST_LINES);
  });

  it("a cio_ of a profile deleted earlier matches nobody (suppress forgets it); one never seen is invalid", async () => {
    const p = await person(workspace);
    await deletePeople({ workspace, cioIds: [p.cioId], suppress: false, actor });
    const result = await preview(workspace, `cio_${p.cioId}\ncio_${"0".repeat(20)}\n${p.id}`);
    expect(result.counts).toEqual({ person: 0, nobody: 2, suppressed: 0, invalid: 1 });
    expect(byOutcome(result.rows, "nobody")[0]).toMatchObject({ kind: "cio_id", identifier: `cio_${p.cioId}`, note: expect.stringMatching(/forgets/) });
  });
});

describe("[ERASURE LIST] the preview in an ID-only workspace", () => {
  it("an email line finds people by their email attribute and says what suppress does with it", async () => {
    const workspace = await createTestWorkspace("id");
    const shared = uniqueEmail("shared");
    const one = await person(workspace, { email: shared });
    const two = await person(workspace, { email: shared });
    const lonely = uniqueEmail("lonely");
    const result = await preview(workspace, [shared, lonely, one.id].join("\n"));
    expect(result.counts).toEqual({ person: 2, nobody: 1, suppressed: 0, invalid: 0 });
    const people = byOutcome(result.rows, "person");
    expect(people.map((r) => r.outcome === "person" && r.cioId).sort()).toEqual([one.cioId, two.cioId].sort());
    expect(byOutcome(result.rows, "nobody")).toEqual([{ outcome: "nobody", kind: "email", identifier: lonely, lines: [2], note: ID_MODE_EMAIL_NOTE }]);
  });
});
