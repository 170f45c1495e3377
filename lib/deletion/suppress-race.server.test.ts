// Identify racing suppress on real PostgreSQL (PGlite runs one transaction at a time and hides races).
import { describe, expect, it } from "vitest";
import type { Workspace } from "../generated/prisma/client";
import { SuppressedIdentifierError, ValidationError } from "../errors";
import { createTestWorkspace, uniqueEmail, uniqueToken } from "../test/factories";
import { overlapRecorder, type OverlapRecorder } from "../test/overlap";

process.env.DATABASE_POOL_SIZE ??= "24";
const { db } = await import("../db");
const { identify } = await import("../people/identify");
const { trackEvent } = await import("../activity/track-event");
const { isSuppressed } = await import("../suppression/suppress");
const { suppressIdentifier } = await import("./suppress-identifier");
const { deletePersonByIdentifier } = await import("./delete-people");
const { hashIdentifier, newCioId } = await import("../identity/identifiers");
const { activityOfKeys, keyIdOf, readableActivityCount } = await import("../test/activity");

const actor = { type: "system" } as const;
const LOOPS = 20;
const ROUNDS = 30;

type IdentifyImpl = (options: { workspace: Workspace; identifier: string; attributes: Record<string, unknown> }) => Promise<unknown>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// One round: LOOPS concurrent identify loops for the same id and email (half by id with the email in
// the body, half by email with the id in the body) while a suppress of that person commits. Returns
// what went wrong: a person holding either identifier, or an identifier not suppressed; `spans`
// records when each identify and the suppress were in flight.
async function raceRound(workspace: Workspace, identifyImpl: IdentifyImpl, round: number, spans: OverlapRecorder): Promise<string[]> {
  const id = uniqueToken("race");
  const email = uniqueEmail("race");
  let stop = false;
  let firstSuccess: () => void;
  const someoneExists = new Promise<void>((resolve) => (firstSuccess = resolve));
  const loops = Array.from({ length: LOOPS }, async (_, i) => {
    for (let n = 0; !stop; n++) {
      try {
        if (i % 2) await spans.time("identify", () => identifyImpl({ workspace, identifier: id, attributes: { email, n } }));
        else await spans.time("identify", () => identifyImpl({ workspace, identifier: email.toUpperCase(), attributes: { id, n } }));
        firstSuccess();
      } catch (error) {
        if (!(error instanceof SuppressedIdentifierError || error instanceof ValidationError)) {
          stop = true;
          throw error;
        }
        await sleep(1);
      }
    }
  });
  const suppressed = round % 2 ? id : email;
  try {
    // Most rounds suppress a person that exists; some race the very first identify.
    if (round % 4 !== 0) await Promise.race([someoneExists, sleep(2_000)]);
    else await sleep(Math.random() * 3);
    await spans.time("suppress", () => suppressIdentifier({ workspace, identifier: suppressed, actor }));
    // Identifies keep hammering for a while after the suppress committed.
    await sleep(30);
  } finally {
    stop = true;
    await Promise.allSettled(loops);
  }
  await Promise.all(loops);

  const problems: string[] = [];
  if (!(await isSuppressed({ workspace, value: suppressed })).suppressed) problems.push(`round ${round}: the identifier is not suppressed`);
  for (const [value, where] of [
    [id, { externalId: id }],
    [email, { emailKey: email.toLowerCase() }],
  ] as const) {
    if (!(await isSuppressed({ workspace, value })).suppressed) continue;
    const holders = await db.person.count({ where: { workspaceId: workspace.id, ...where } });
    if (holders) problems.push(`round ${round}: ${holders} person(s) hold a suppressed ${value === id ? "id" : "email"}`);
  }
  return problems;
}

// The textbook mistake, for contrast: check the suppression list, then upsert the person and take
// the identifier over. A suppress committing between the check and the write goes unnoticed.
const naiveIdentify: IdentifyImpl = async ({ workspace, identifier, attributes }) => {
  const id = identifier.includes("@") ? String(attributes.id) : identifier;
  const email = identifier.includes("@") ? identifier.toLowerCase() : String(attributes.email);
  if ((await isSuppressed({ workspace, value: id })).suppressed || (await isSuppressed({ workspace, value: email })).suppressed) {
    throw new SuppressedIdentifierError();
  }
  // The gap between check and write, widened a little so that an idle machine shows the race too.
  await sleep(2);
  await db.$transaction(async (tx) => {
    // (Database errors from the racing delete are just a failed call here.)
    const existing = await tx.person.findFirst({ where: { workspaceId: workspace.id, externalId: id } });
    const cioId = existing?.cioId ?? newCioId();
    if (!existing) {
      await tx.$executeRaw`
        INSERT INTO person (cio_id, workspace_id, external_id, email, email_key) VALUES (${cioId}, ${workspace.id}, ${id}, ${email}, ${email})
        ON CONFLICT DO NOTHING`;
    }
    await tx.$executeRaw`
      INSERT INTO identifier_claim (workspace_id, kind, value_hash, cio_id)
      VALUES (${workspace.id}, 'id', ${hashIdentifier(workspace, "id", id)}, ${cioId}), (${workspace.id}, 'email', ${hashIdentifier(workspace, "email", email)}, ${cioId})
      ON CONFLICT (workspace_id, kind, value_hash) DO UPDATE SET cio_id = EXCLUDED.cio_id, suppression_id = NULL`;
  }).catch((error) => {
    throw new ValidationError(`naive identify failed: ${(error as Error).message.slice(0, 60)}`);
  });
};

describe("[RACE] identify vs suppress on PostgreSQL", () => {
  it(`${LOOPS} concurrent identify loops never leave a person holding a suppressed identifier (${ROUNDS} rounds)`, async () => {
    const workspace = await createTestWorkspace("email_or_id");
    const problems: string[] = [];
    const spans = overlapRecorder();
    let raced = 0;
    for (let round = 0; round < ROUNDS; round++) {
      spans.reset();
      problems.push(...(await raceRound(workspace, (o) => identify({ ...o, actor }), round, spans)));
      if (spans.overlapped("identify", "suppress")) raced++;
    }
    expect(problems).toEqual([]);
    // A run in which no identify was in flight while the suppress was tested nothing.
    expect(raced, "rounds in which an identify overlapped the suppress").toBeGreaterThan(0);
  });

  it("the same race catches a naive check-then-write identify", async () => {
    const workspace = await createTestWorkspace("email_or_id");
    const problems: string[] = [];
    for (let round = 0; round < ROUNDS && !problems.length; round++) {
      problems.push(...(await raceRound(workspace, naiveIdentify, round, overlapRecorder())));
    }
    expect(problems.length).toBeGreaterThan(0);
  });

  // One round of LOOPS event loops on a new person while `erase` runs: returns the person's key row
  // (captured before), how many events were answered "stored", and whether an event overlapped `erase`.
  async function eventsAround(workspace: Workspace, erase: (id: string) => Promise<unknown>) {
    const spans = overlapRecorder();
    const id = uniqueToken("evt");
    const { cioId } = await identify({ workspace, identifier: id, attributes: {}, actor });
    const keyId = await keyIdOf(workspace.id, cioId!);
    let stored = 0;
    let stop = false;
    const loops = Array.from({ length: LOOPS }, async (_, i) => {
      for (let n = 0; !stop; n++) {
        const { outcome } = await spans.time("event", () => trackEvent({ workspace, identifier: id, event: { name: "tick", data: { i, n } } }));
        if (outcome === "stored") stored++;
      }
    });
    try {
      await sleep(5 + Math.random() * 10);
      await spans.time("erase", () => erase(id));
      await sleep(20);
    } finally {
      stop = true;
      await Promise.allSettled(loops);
    }
    await Promise.all(loops);
    return { id, cioId: cioId!, keyId, stored, raced: spans.overlapped("event", "erase") };
  }

  it("events racing a suppress leave no activity under the suppressed person", async () => {
    const workspace = await createTestWorkspace("email_or_id");
    let raced = 0;
    for (let round = 0; round < 5; round++) {
      const run = await eventsAround(workspace, (id) => suppressIdentifier({ workspace, identifier: id, actor }));
      expect(await db.profileKey.count({ where: { workspaceId: workspace.id, cioId: run.cioId } })).toBe(0);
      expect((await activityOfKeys(workspace, [run.keyId])).every((a) => a.isForgotten && a.name === null && a.data === null)).toBe(true);
      expect(await readableActivityCount(workspace.id)).toBe(0);
      if (run.raced) raced++;
    }
    expect(raced, "rounds in which an event overlapped the suppress").toBeGreaterThan(0);
  });

  it("events racing a plain delete stay with the old profile, readable, and a later suppress of its id forgets them all", async () => {
    const workspace = await createTestWorkspace("email_or_id");
    let raced = 0;
    for (let round = 0; round < 5; round++) {
      const run = await eventsAround(workspace, (id) => deletePersonByIdentifier({ workspace, identifier: id, actor }));
      // Every event answered "stored" is there, readable, under the old profile's key; none went elsewhere.
      const kept = (await activityOfKeys(workspace, [run.keyId])).filter((a) => a.name === "tick");
      expect(kept.filter((a) => !a.isForgotten)).toHaveLength(run.stored);
      expect(kept).toHaveLength(run.stored);
      expect(await db.person.count({ where: { workspaceId: workspace.id, externalId: run.id } })).toBe(0);
      // Erase later: the late rows are forgotten with the rest.
      await suppressIdentifier({ workspace, identifier: run.id, actor });
      expect(await db.profileKey.count({ where: { id: BigInt(run.keyId) } })).toBe(0);
      expect(await readableActivityCount(workspace.id)).toBe(0);
      if (run.raced) raced++;
    }
    expect(raced, "rounds in which an event overlapped the delete").toBeGreaterThan(0);
  });
});
