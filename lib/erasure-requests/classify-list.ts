// Sorting an erasure request's entries into what applying it would do, without writing anything:
// matches a person (folded per person), matches nobody, already suppressed, invalid. Set-based: the
// values are hashed as the suppression list hashes them and probed on identifier_claim's key in batches,
// a constant number of statements per batch whatever the list holds.
import { db, type Tx } from "../db";
import type { Workspace } from "../generated/prisma/client";
import { hashIdentifier, normalizeEmail, type IdentifierKind } from "../identity/identifiers";
import type { ListEntry } from "./parse-list";

// Values probed per statement (each an index probe of its own).
const PROBE_BATCH = 10_000;

// How a line found its person: a claim on the id or email, the cio_id, or (ID-only mode) the email attribute.
export type MatchKind = "id" | "email" | "cio_id" | "email_attribute";
export type TargetKind = IdentifierKind | "cio_id";

// What an ID-only workspace does with an email line (DOMAIN.md: email is an attribute there).
export const ID_MODE_EMAIL_NOTE =
  "ID-only workspace: finds people by their email attribute; on suppress the email is remembered, not suppressed (it is suppressed if the workspace switches to email-or-ID)";
const DELETED_PROFILE_NOTE = "a profile deleted earlier without suppression: suppress forgets its activity";

// One distinct value of the list (lines naming the same value fold into it).
export type Target = { kind: TargetKind; identifier: string; key: string; hash: string | null; lines: number[] };

// What the list would match now; with asOf (applying a preview), identifiers taken after it don't count.
export type Classification = {
  people: Map<string, { matches: { kind: MatchKind; identifier: string }[]; lines: number[] }>;
  nobody: (Target & { note?: string; deletedProfile?: boolean })[];
  suppressed: (Target & { since?: Date; receiptId?: string; note?: string })[];
  invalid: { reason: string; excerpt: string; lines: number[] }[];
  // Values taken (by a person) since asOf: nobody's at the preview, left alone now.
  takenSince: Target[];
};

function distinctTargets(workspace: Workspace, entries: ListEntry[]): { targets: Target[]; invalid: Classification["invalid"] } {
  const byKey = new Map<string, Target>();
  const invalid: Classification["invalid"] = [];
  for (const entry of entries) {
    if ("invalid" in entry) {
      invalid.push({ reason: entry.invalid, excerpt: entry.excerpt, lines: [entry.line] });
      continue;
    }
    const kind: TargetKind = entry.kind === "auto" ? "id" : entry.kind;
    const key = kind === "email" ? normalizeEmail(entry.value) : entry.value;
    const mapKey = `${kind}:${key}`;
    const known = byKey.get(mapKey);
    if (known) {
      // 100,000 copies of one line are one value; its first few line numbers are enough to find it.
      if (known.lines.length < 100) known.lines.push(entry.line);
      continue;
    }
    const hash = kind === "cio_id" ? null : hashIdentifier(workspace, kind, key);
    byKey.set(mapKey, { kind, identifier: entry.value, key, hash, lines: [entry.line] });
  }
  return { targets: [...byKey.values()], invalid };
}

function batches<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += PROBE_BATCH) out.push(items.slice(i, i + PROBE_BATCH));
  return out;
}

type ClaimHit = { i: number; cioId: string | null; suppressionId: string | null; since: Date | null; receiptId: string | null; takenAt: Date };

// The claims on these (kind, hash) pairs, one index probe each (OFFSET 0 keeps each a subquery of its
// own, so a long list is never hashed against the whole table).
async function probeClaims(client: Tx, workspaceId: string, wanted: { kind: IdentifierKind; hash: string }[]): Promise<ClaimHit[]> {
  return client.$queryRaw<ClaimHit[]>`
    SELECT (w.i - 1)::int AS i, c.cio_id AS "cioId", c.suppression_id AS "suppressionId", s.created_at AS since,
      s.receipt_id AS "receiptId", c.created_at AS "takenAt"
    FROM unnest(${wanted.map((w) => w.kind)}::text[], ${wanted.map((w) => w.hash)}::text[]) WITH ORDINALITY AS w(kind, hash, i)
    CROSS JOIN LATERAL (
      SELECT cio_id, suppression_id, created_at FROM identifier_claim
      WHERE workspace_id = ${workspaceId} AND kind = w.kind::"IdentifierKind" AND value_hash = w.hash
      OFFSET 0
    ) c
    LEFT JOIN suppression s ON s.id = c.suppression_id`;
}

// What the probes have found so far, value by value. With asOf (applying a preview), a value taken
// after it was nobody's at the preview: it is marked taken, never matched.
class Matches {
  readonly people: Classification["people"] = new Map();
  readonly state = new Map<Target, "person" | "suppressed" | "taken">();
  readonly suppressedInfo = new Map<Target, { since?: Date; receiptId?: string; note?: string }>();
  readonly deletedProfiles = new Set<Target>();

  constructor(private readonly asOf: Date | undefined) {}

  person(cioId: string, target: Target, kind: MatchKind) {
    let person = this.people.get(cioId);
    if (!person) this.people.set(cioId, (person = { matches: [], lines: [] }));
    person.matches.push({ kind, identifier: target.identifier });
    person.lines.push(...target.lines);
    this.state.set(target, "person");
  }

  suppressed(target: Target, info: { since?: Date; receiptId?: string; note?: string }) {
    this.state.set(target, "suppressed");
    this.suppressedInfo.set(target, info);
  }

  // Whether a value held since `at` was taken after the preview (and marks it so).
  takenSincePreview(target: Target, at: Date | null | undefined): boolean {
    if (this.asOf === undefined || at == null || at.getTime() <= this.asOf.getTime()) return false;
    if (!this.state.has(target)) this.state.set(target, "taken");
    return true;
  }
}

// ids and (email-or-ID mode) emails: their claims. In ID-only mode an email is no identifier (no
// claim), but it may be someone's id: a bare email line is probed as an id too.
async function matchClaims(client: Tx, workspace: Workspace, targets: Target[], matches: Matches) {
  const idMode = workspace.identificationMode === "id";
  const claimTargets: { target: Target; kind: IdentifierKind; hash: string }[] = [];
  for (const target of targets) {
    if (target.kind === "id") claimTargets.push({ target, kind: "id", hash: target.hash! });
    else if (target.kind === "email" && !idMode) claimTargets.push({ target, kind: "email", hash: target.hash! });
    else if (target.kind === "email" && idMode) claimTargets.push({ target, kind: "id", hash: hashIdentifier(workspace, "id", target.identifier) });
  }
  for (const batch of batches(claimTargets)) {
    for (const hit of await probeClaims(client, workspace.id, batch)) {
      const { target, kind } = batch[hit.i];
      if (hit.suppressionId) matches.suppressed(target, { since: hit.since ?? undefined, receiptId: hit.receiptId ?? undefined });
      else if (hit.cioId && !matches.takenSincePreview(target, hit.takenAt)) matches.person(hit.cioId, target, target.kind === "email" && idMode ? "id" : kind);
    }
  }
}

// ID-only mode: emails find people by their email attribute (the key row's creation stands for when
// the person appeared), and a suppressed profile may remember the email.
async function matchEmailAttributes(client: Tx, workspace: Workspace, targets: Target[], matches: Matches) {
  const emailTargets = workspace.identificationMode === "id" ? targets.filter((t) => t.kind === "email") : [];
  for (const batch of batches(emailTargets)) {
    const byKey = new Map(batch.map((t) => [t.key, t]));
    const hits = await client.$queryRaw<{ cioId: string; emailKey: string; keyCreatedAt: Date | null }[]>`
      SELECT p.cio_id AS "cioId", p.email_key AS "emailKey", k.created_at AS "keyCreatedAt"
      FROM person p LEFT JOIN profile_key k ON k.id = p.key_id
      WHERE p.workspace_id = ${workspace.id} AND p.email_key = ANY(${[...byKey.keys()]}::text[])`;
    for (const hit of hits) {
      const target = byKey.get(hit.emailKey)!;
      if (!matches.takenSincePreview(target, hit.keyCreatedAt)) matches.person(hit.cioId, target, "email_attribute");
    }
    const remembered = await client.$queryRaw<{ hash: string; since: Date; receiptId: string }[]>`
      SELECT DISTINCT ON (remembered_email_hash) remembered_email_hash AS hash, created_at AS since, receipt_id AS "receiptId"
      FROM suppression WHERE workspace_id = ${workspace.id} AND remembered_email_hash = ANY(${batch.map((t) => t.hash!)}::text[])
      ORDER BY remembered_email_hash, created_at`;
    const byHash = new Map(batch.map((t) => [t.hash!, t]));
    for (const row of remembered) {
      const target = byHash.get(row.hash)!;
      if (!matches.state.has(target)) matches.suppressed(target, { since: row.since, receiptId: row.receiptId, note: "remembered by a suppressed profile (ID-only workspace)" });
    }
  }
}

// cio_<id>: a living person, else a profile deleted earlier without suppression, else unknown.
async function matchCioIds(client: Tx, workspaceId: string, targets: Target[], matches: Matches) {
  for (const batch of batches(targets.filter((t) => t.kind === "cio_id"))) {
    const byCio = new Map(batch.map((t) => [t.key, t]));
    const living = await client.$queryRaw<{ cioId: string }[]>`
      SELECT cio_id AS "cioId" FROM person WHERE workspace_id = ${workspaceId} AND cio_id = ANY(${[...byCio.keys()]}::text[])`;
    for (const row of living) matches.person(row.cioId, byCio.get(row.cioId)!, "cio_id");
    const rest = batch.filter((t) => !matches.state.has(t)).map((t) => t.key);
    if (!rest.length) continue;
    const deleted = await client.$queryRaw<{ cioId: string }[]>`
      SELECT cio_id AS "cioId" FROM profile_key
      WHERE workspace_id = ${workspaceId} AND cio_id = ANY(${rest}::text[]) AND deleted_at IS NOT NULL`;
    for (const row of deleted) matches.deletedProfiles.add(byCio.get(row.cioId)!);
  }
}

// Sorts the entries against the workspace as it is now (in tx when given, to apply what it finds).
export async function classifyErasureList(options: {
  workspace: Workspace;
  entries: ListEntry[];
  asOf?: Date;
  tx?: Tx;
}): Promise<Classification> {
  const { workspace } = options;
  const client = options.tx ?? db;
  const { targets, invalid } = distinctTargets(workspace, options.entries);
  const matches = new Matches(options.asOf);
  await matchClaims(client, workspace, targets, matches);
  await matchEmailAttributes(client, workspace, targets, matches);
  await matchCioIds(client, workspace.id, targets, matches);

  const idMode = workspace.identificationMode === "id";
  const result: Classification = { people: matches.people, nobody: [], suppressed: [], invalid, takenSince: [] };
  for (const target of targets) {
    const state = matches.state.get(target);
    if (state === "person") continue;
    if (state === "suppressed") result.suppressed.push({ ...target, ...matches.suppressedInfo.get(target) });
    else if (state === "taken") result.takenSince.push(target);
    else if (target.kind === "cio_id" && !matches.deletedProfiles.has(target)) {
      result.invalid.push({ reason: "unknown cio_ identifier", excerpt: `cio_${target.key}`, lines: target.lines });
    } else {
      const note = target.kind === "cio_id" ? DELETED_PROFILE_NOTE : target.kind === "email" && idMode ? ID_MODE_EMAIL_NOTE : undefined;
      result.nobody.push({ ...target, ...(note ? { note } : {}), ...(target.kind === "cio_id" ? { deletedProfile: true } : {}) });
    }
  }
  return result;
}
