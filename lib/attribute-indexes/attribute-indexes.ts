// Indexed attributes: the attributes an admin asked to make fast to filter by range (is before / is
// after / greater / less than) on the People page. Newest first is the page's order, so a range that
// the newest people fail (signed up more than a year ago) otherwise reads every newer person before
// it finds a page: 2 s at 1,000,000 people. Each indexed attribute gets a B-tree index on
// person (workspace_id, created_at DESC, cio_id, attribute value): the page walks it in its own order
// and tests the range on the index entries, reading only the rows that match.
//
// The index is built in the background (CREATE INDEX CONCURRENTLY: people keep being identified and
// deleted meanwhile) by whichever process holds the attribute's advisory lock; a build cut short (the
// server killed) leaves its row "building" and an invalid index, which the next start replaces.
import "server-only";
import { createHash } from "node:crypto";
import { recordAudit, type Actor } from "../audit/record-audit";
import { attributeJsonSql } from "../sql/attribute-expression";
import { db, isEmbeddedDatabase, withSessionConnection } from "../db";
import { logError, ValidationError } from "../errors";
import { attributeNameError, RESERVED_ATTRIBUTE_KEYS } from "../people/attributes";

export type IndexedAttributeStatus = "building" | "ready" | "failed";

export type IndexedAttributeSummary = {
  name: string;
  status: IndexedAttributeStatus;
  error: string | null;
  createdAt: Date;
  readyAt: Date | null;
};

// At most this many: each index is written on every identify.
export const MAX_INDEXED_ATTRIBUTES = 10;

// The index of an attribute: a name PostgreSQL accepts whatever the attribute is called.
export function attributeIndexName(name: string): string {
  return `person_attr_${createHash("sha256").update(name).digest("hex").slice(0, 24)}_idx`;
}

// Session advisory lock key of an attribute's build (one builder at a time across processes).
export function attributeBuildLockKey(name: string): string {
  return createHash("sha256").update(`indexed_attribute:${name}`).digest().readBigInt64BE(0).toString();
}

// Why an attribute can't be indexed, or null. id and email are columns with their own indexes.
export function indexedAttributeNameError(name: string): string | null {
  if ((RESERVED_ATTRIBUTE_KEYS as readonly string[]).includes(name) || name === "cio_id") return `${name} is not an attribute (it is indexed already)`;
  return attributeNameError(name);
}

export async function listIndexedAttributes(): Promise<IndexedAttributeSummary[]> {
  return db.indexedAttribute.findMany({ orderBy: { name: "asc" }, select: { name: true, status: true, error: true, createdAt: true, readyAt: true } });
}

export type AddIndexedAttributeResult = { status: "added" | "retried"; attribute: IndexedAttributeSummary } | { status: "exists"; attribute: IndexedAttributeSummary };

// Records that `name` is to be indexed (its build is then started with buildPendingAttributeIndexes).
// Adding one already there changes nothing; adding a failed one again retries its build.
export async function addIndexedAttribute({ workspaceId, name, actor }: { workspaceId: string; name: string; actor: Actor }): Promise<AddIndexedAttributeResult> {
  const error = indexedAttributeNameError(name);
  if (error) throw new ValidationError(error);
  return db.$transaction(async (tx) => {
    // Serializes adds, so the cap holds when two admins add at once.
    await tx.$executeRaw`LOCK TABLE indexed_attribute IN SHARE ROW EXCLUSIVE MODE`;
    const existing = await tx.indexedAttribute.findUnique({ where: { name } });
    if (existing && existing.status !== "failed") return { status: "exists" as const, attribute: existing };
    if (!existing && (await tx.indexedAttribute.count()) >= MAX_INDEXED_ATTRIBUTES) {
      throw new ValidationError(`at most ${MAX_INDEXED_ATTRIBUTES} attributes can be indexed; remove one first`);
    }
    const createdById = actor.type === "user" ? actor.id : null;
    const attribute = existing
      ? await tx.indexedAttribute.update({ where: { name }, data: { status: "building", error: null, readyAt: null } })
      : await tx.indexedAttribute.create({ data: { name, createdById } });
    await recordAudit({ workspaceId, actor, action: "attribute_index.add", details: { attribute: name }, tx });
    return { status: existing ? ("retried" as const) : ("added" as const), attribute };
  });
}

type SessionQuery = Parameters<Parameters<typeof withSessionConnection>[0]>[0];

// Runs `run` on a session holding the attribute's build lock, or answers `busy` when another
// session holds it (a build running in this or another process).
async function withAttributeLock<T, B>(name: string, busy: B, run: (query: SessionQuery) => Promise<T>): Promise<T | B> {
  return withSessionConnection(async (query) => {
    const key = attributeBuildLockKey(name);
    const [{ locked }] = await query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1::bigint) AS locked", [key]);
    if (!locked) return busy;
    try {
      return await run(query);
    } finally {
      await query("SELECT pg_advisory_unlock($1::bigint)", [key]);
    }
  });
}

// Index DDL runs CONCURRENTLY on a server (people keep being written), plainly on the embedded
// database (one connection: nobody writes beside it).
const CONCURRENTLY = isEmbeddedDatabase ? "" : "CONCURRENTLY ";

function dropIndexSql(name: string): string {
  return `DROP INDEX ${CONCURRENTLY}IF EXISTS ${attributeIndexName(name)}`;
}

export type RemoveIndexedAttributeResult = "removed" | "not_found" | "building";

// Drops the attribute's index and forgets it; refused while a build of it is running somewhere.
export async function removeIndexedAttribute({ workspaceId, name, actor }: { workspaceId: string; name: string; actor: Actor }): Promise<RemoveIndexedAttributeResult> {
  const result = await withAttributeLock(name, "building" as const, async (query) => {
    const removed = await query("DELETE FROM indexed_attribute WHERE name = $1 RETURNING name", [name]);
    // Dropped even when the row was gone: a removal cut short between the two leaves no orphan.
    await query(dropIndexSql(name));
    return removed.length > 0 ? ("removed" as const) : ("not_found" as const);
  });
  if (result === "removed") await recordAudit({ workspaceId, actor, action: "attribute_index.remove", details: { attribute: name } });
  return result;
}

// Builds the index of one attribute whose row says "building"; returns its status afterwards, or
// null when another process is building it or the row is gone. Safe to call from any process.
export async function buildAttributeIndex(name: string): Promise<IndexedAttributeStatus | null> {
  return withAttributeLock(name, null, async (query): Promise<IndexedAttributeStatus | null> => {
    const [row] = await query<{ status: IndexedAttributeStatus }>("SELECT status FROM indexed_attribute WHERE name = $1", [name]);
    if (!row) return null;
    if (row.status !== "building") return row.status;
    const index = attributeIndexName(name);
    try {
      // An invalid index is what a build cut short leaves; IF NOT EXISTS would keep it.
      const [leftover] = await query<{ valid: boolean }>("SELECT i.indisvalid AS valid FROM pg_index i WHERE i.indexrelid = to_regclass($1)", [index]);
      if (leftover && !leftover.valid) await query(dropIndexSql(name));
      await query(`CREATE INDEX ${CONCURRENTLY}IF NOT EXISTS ${index} ON person (workspace_id, created_at DESC, cio_id, ${attributeJsonSql(name, "")})`);
      // ANALYZE gathers statistics of the new expression (autovacuum only would once enough rows
      // changed), so the planner estimates ranges on it from the data instead of a default third.
      await query("ANALYZE person");
      await query("UPDATE indexed_attribute SET status = 'ready', error = NULL, ready_at = now() WHERE name = $1", [name]);
      return "ready";
    } catch (error) {
      const message = error instanceof Error ? error.message.slice(0, 300) : "the index could not be built";
      await query("UPDATE indexed_attribute SET status = 'failed', error = $2 WHERE name = $1", [name, message]);
      await query(dropIndexSql(name)).catch(() => undefined);
      logError(`indexed attribute: building the index of an attribute failed`, error);
      return "failed";
    }
  });
}

// Builds every index still to build, one after another. Run at start and after an add.
export async function buildPendingAttributeIndexes(): Promise<void> {
  const pending = await db.indexedAttribute.findMany({ where: { status: "building" }, select: { name: true }, orderBy: { createdAt: "asc" } });
  for (const { name } of pending) await buildAttributeIndex(name);
}

// Starts buildPendingAttributeIndexes without waiting for it (a build takes seconds to minutes).
export function startAttributeIndexBuilds(): void {
  buildPendingAttributeIndexes().catch((error) => logError("indexed attributes: could not start the builds", error));
}
