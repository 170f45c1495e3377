// Identify's compare-and-swap writes racing what they were planned from, on real PostgreSQL (PGlite
// runs one transaction at a time and hides races). Each test names the precondition it holds to.
import { describe, expect, it } from "vitest";
import type { Workspace } from "../generated/prisma/client";
import { SuppressedIdentifierError, ValidationError } from "../errors";
import { createTestWorkspace, uniqueEmail, uniqueToken } from "../test/factories";
import { overlapRecorder } from "../test/overlap";

process.env.DATABASE_POOL_SIZE ??= "24";
const { db } = await import("../db");
const { identify } = await import("./identify");
const { suppressIdentifier } = await import("../deletion/suppress-identifier");
const { isSuppressed } = await import("../suppression/suppress");
const { switchIdentificationMode } = await import("../workspace/identification-mode");
const { activityOf } = await import("../test/activity");

const actor = { type: "system" } as const;
const LOOPS = 20;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Runs `loops` copies of fn(i, n) back to back until stop() is called; refusals the race may cause
// (a suppressed identifier, a rule) end an iteration, anything else fails the test.
function hammer(loops: number, fn: (i: number, n: number) => Promise<unknown>, spans = overlapRecorder()) {
  let stopped = false;
  const running = Array.from({ length: loops }, async (_, i) => {
    for (let n = 0; !stopped; n++) {
      try {
        await spans.time("identify", () => fn(i, n));
      } catch (error) {
        if (!(error instanceof SuppressedIdentifierError || error instanceof ValidationError)) {
          stopped = true;
          throw error;
        }
        await sleep(1);
      }
    }
  });
  return async () => {
    stopped = true;
    await Promise.all(running);
  };
}

describe("[RACE] identify's compare-and-swap on PostgreSQL", () => {
  // Guard: the claims a new person takes must all be inserted (ON CONFLICT DO NOTHING, counted), else
  // the statement aborts. Without it a second person with the same email, or a created answer for
  // a person that was never stored, would commit.
  it("concurrent identifies of the same new id or email make one person (30 rounds)", async () => {
    const workspace = await createTestWorkspace("email_or_id");
    const spans = overlapRecorder();
    let raced = 0;
    for (let round = 0; round < 30; round++) {
      spans.reset();
      const byEmail = round % 2 === 1;
      const identifier = byEmail ? uniqueEmail("twin") : uniqueToken("twin");
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => spans.time("identify", () => identify({ workspace, identifier, attributes: { [`k${i}`]: i }, actor }))),
      );
      if (spans.overlapped("identify", "identify")) raced++;
      const where = byEmail ? { workspaceId: workspace.id, emailKey: identifier } : { workspaceId: workspace.id, externalId: identifier };
      const people = await db.person.findMany({ where });
      expect(people.length, `round ${round}`).toBe(1);
      expect(new Set(results.map((r) => r.cioId)), `round ${round}`).toEqual(new Set([people[0].cioId]));
      expect(results.filter((r) => r.created).length, `round ${round}`).toBe(1);
      expect((await activityOf(workspace, people[0].cioId)).filter((a) => a.type === "profile_created")).toHaveLength(1);
      // Every call's attribute landed on that one person.
      expect(people[0].attributes).toEqual(Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, i])));
    }
    expect(raced, "rounds in which identifies were in flight together").toBeGreaterThan(0);
  });

  // Guard: an update writes the person only while the row is the version read (xmin). Without it
  // concurrent identifies of one person each merge their attribute into a stale copy and overwrite
  // each other's.
  it("identifies updating the same person concurrently lose no attribute change (10 rounds)", async () => {
    const workspace = await createTestWorkspace("email_or_id");
    const spans = overlapRecorder();
    let raced = 0;
    for (let round = 0; round < 10; round++) {
      spans.reset();
      const id = uniqueToken("upd");
      const { cioId } = await identify({ workspace, identifier: id, attributes: { base: 1 }, actor });
      await Promise.all(
        Array.from({ length: LOOPS }, (_, i) =>
          spans.time("identify", () => identify({ workspace, identifier: i % 2 ? id : `cio_${cioId}`, attributes: { [`k${i}`]: round }, actor })),
        ),
      );
      if (spans.overlapped("identify", "identify")) raced++;
      const person = await db.person.findUniqueOrThrow({ where: { cioId: cioId! } });
      expect(person.attributes, `round ${round}`).toEqual({ base: 1, ...Object.fromEntries(Array.from({ length: LOOPS }, (_, i) => [`k${i}`, round])) });
      // One attribute_change per call, none lost or doubled.
      expect((await activityOf(workspace, cioId!)).filter((a) => a.type === "attribute_change")).toHaveLength(LOOPS);
    }
    expect(raced, "rounds in which identifies were in flight together").toBeGreaterThan(0);
  });

  // Guards: an update must find its row (a suppress deletes it: the activity it would log would
  // escape the redaction), and a new person's claims must all be taken (another person or a
  // suppression may have taken one since the read: the person would live with an identifier it
  // doesn't hold, suppressed or not).
  it("identify racing a suppress of the same person leaves no living holder and no unredacted activity (30 rounds)", async () => {
    const workspace = await createTestWorkspace("email_or_id");
    const spans = overlapRecorder();
    let raced = 0;
    for (let round = 0; round < 30; round++) {
      spans.reset();
      const id = uniqueToken("sup");
      const email = uniqueEmail("sup");
      const updates = round % 2 === 0;
      // Even rounds race updates of an existing person (found by id or by email); odd rounds race
      // the creation of new people (distinct ids) who all want the same email.
      let cioId: string | null = null;
      if (updates) cioId = (await identify({ workspace, identifier: id, attributes: { email, n: -1 }, actor })).cioId;
      const stop = hammer(LOOPS, (i, n) =>
        !updates
          ? identify({ workspace, identifier: `${id}-${i}-${n}`, attributes: { email, n }, actor })
          : i % 2
            ? identify({ workspace, identifier: id, attributes: { email, n, [`k${i}`]: "secret-value" }, actor })
            : identify({ workspace, identifier: email, attributes: { id, n }, actor }),
        spans,
      );
      const suppressed = updates && round % 4 === 0 ? id : email;
      try {
        await sleep(updates ? 2 + Math.random() * 8 : Math.random() * 4);
        await spans.time("suppress", () => suppressIdentifier({ workspace, identifier: suppressed, actor }));
        await sleep(20);
      } finally {
        await stop();
      }
      expect((await isSuppressed({ workspace, value: suppressed })).suppressed).toBe(true);
      for (const value of [id, email]) {
        if (!(await isSuppressed({ workspace, value })).suppressed) continue;
        const holders = await db.person.count({ where: { workspaceId: workspace.id, OR: [{ externalId: value }, { emailKey: value }] } });
        expect(holders, `round ${round}: people holding a suppressed identifier`).toBe(0);
      }
      if (cioId) expect(await db.profileKey.count({ where: { cioId } }), `round ${round}: key left to the suppressed person`).toBe(0);
      // Every deletion here suppresses: a key row without its living person would keep a gone person's activity readable.
      const [orphans] = await db.$queryRaw<{ n: number }[]>`
        SELECT count(*)::int AS n FROM profile_key k WHERE k.workspace_id = ${workspace.id} AND NOT EXISTS (SELECT 1 FROM person p WHERE p.key_id = k.id)`;
      expect(orphans.n, `round ${round}: readable activity of people gone`).toBe(0);
      if (spans.overlapped("identify", "suppress")) raced++;
    }
    expect(raced, "rounds in which an identify overlapped the suppress").toBeGreaterThan(0);
  });

  // Guard: the write holds the workspace row FOR KEY SHARE and requires the mode it was planned in.
  // Without it a person created in ID-only mode commits after the switch scanned for emails to
  // claim, and lives in email-or-ID mode with an email nobody claimed.
  it("identify racing the switch to email-or-ID leaves no living email unclaimed (12 rounds)", async () => {
    const spans = overlapRecorder();
    let raced = 0;
    for (let round = 0; round < 12; round++) {
      spans.reset();
      const workspace: Workspace = await createTestWorkspace("id");
      const stop = hammer(
        LOOPS,
        (i, n) => identify({ workspace, identifier: `m${round}-${i}-${n}-${uniqueToken("")}`, attributes: { email: uniqueEmail("mode"), n }, actor }),
        spans,
      );
      try {
        await sleep(5 + Math.random() * 15);
        const switched = await spans.time("switch", () => switchIdentificationMode({ workspace, to: "email_or_id", actor }));
        expect(switched.ok).toBe(true);
        await sleep(20);
      } finally {
        await stop();
      }
      const [{ unclaimed }] = await db.$queryRaw<{ unclaimed: number }[]>`
        SELECT count(*)::int AS unclaimed FROM person p
        WHERE p.workspace_id = ${workspace.id} AND p.email_key IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM identifier_claim c WHERE c.cio_id = p.cio_id AND c.kind = 'email')`;
      expect(unclaimed, `round ${round}: living emails without a claim`).toBe(0);
      expect(await db.person.count({ where: { workspaceId: workspace.id } })).toBeGreaterThan(0);
      if (spans.overlapped("identify", "switch")) raced++;
    }
    expect(raced, "rounds in which an identify overlapped the switch").toBeGreaterThan(0);
  });
});
