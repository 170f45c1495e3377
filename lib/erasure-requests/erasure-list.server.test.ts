// Erasure requests on real PostgreSQL: applying a list while identifies race for its values (PGlite
// runs one transaction at a time and hides races), and a 100,000-line preview within its budget.
import { describe, expect, it } from "vitest";
import { SuppressedIdentifierError } from "../errors";
import { createTestWorkspace, seedClaimedPeople, uniqueToken } from "../test/factories";

process.env.DATABASE_POOL_SIZE ??= "16";
const { db } = await import("../db");
const { identify } = await import("../people/identify");
const { parseErasureList } = await import("./parse-list");
const { previewErasureList } = await import("./preview-list");
const { applyErasureList } = await import("./apply-list");

const actor = { type: "system" } as const;

describe("[ERASURE LIST] on PostgreSQL", () => {
  it("an apply racing identifies of its values: each value ends suppressed or held by a person who came after the preview, never both", async () => {
    const workspace = await createTestWorkspace("email_or_id");
    const values = Array.from({ length: 30 }, () => uniqueToken("race"));
    const entries = await parseErasureList(values.join("\n"));
    const preview = await previewErasureList({ workspace, entries });
    expect(preview.counts.nobody).toBe(30);
    let stop = false;
    const loops = Array.from({ length: 8 }, async (_, i) => {
      for (let n = 0; !stop; n++) {
        try {
          await identify({ workspace, identifier: values[(i * 7 + n) % values.length], attributes: { n }, actor });
        } catch (error) {
          if (!(error instanceof SuppressedIdentifierError)) throw error;
        }
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 30));
    const applied = await applyErasureList({ workspace, entries, previewedAt: preview.previewedAt, suppress: true, actor });
    stop = true;
    await Promise.all(loops);

    const claims = await db.$queryRaw<{ suppressed: number; held: number }[]>`
      SELECT count(*) FILTER (WHERE suppression_id IS NOT NULL)::int AS suppressed, count(*) FILTER (WHERE cio_id IS NOT NULL)::int AS held
      FROM identifier_claim WHERE workspace_id = ${workspace.id} AND kind = 'id'`;
    // Every value is either suppressed by this request or held by a person created after the preview.
    expect(claims[0].suppressed + claims[0].held).toBe(30);
    expect(claims[0].suppressed).toBe(applied.counts.suppressedWithoutPerson);
    expect(applied.counts.takenSincePreview).toBe(claims[0].held);
    // A value claimed between the apply's own look-up and its suppression counts as taken, not nobody.
    expect(applied.counts.nobody).toBe(applied.counts.suppressedWithoutPerson);
    expect(await db.suppression.count({ where: { receiptId: applied.receiptId } })).toBe(applied.counts.suppressedWithoutPerson);
    expect(applied).toMatchObject({ mode: "inline", deleted: 0 });
  });

  it("previews 100,000 lines against 20,000 people in well under 10 s", async () => {
    const workspace = await createTestWorkspace("email_or_id");
    const { cioIds } = await seedClaimedPeople(workspace, 20_000, { activities: 0 });
    const ids = (await db.person.findMany({ where: { cioId: { in: cioIds } }, select: { externalId: true } })).map((p) => p.externalId!);
    const lines = [...ids, ...Array.from({ length: 80_000 }, (_, i) => `nobody-${i}`)];
    const started = performance.now();
    const preview = await previewErasureList({ workspace, entries: await parseErasureList(lines.join("\n")) });
    const seconds = (performance.now() - started) / 1000;
    expect(preview.counts).toEqual({ person: 20_000, nobody: 80_000, suppressed: 0, invalid: 0 });
    expect(seconds).toBeLessThan(10);
  });
});
