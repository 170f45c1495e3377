// Every deletion on record, for support: single (person page), inline selections, erasure requests
// (lists), API deletes and suppressions (v1, v2) and jobs, newest first, keyset-paginated over the
// audit log (each erasure writes exactly one entry under its receipt; a job's is its creation's).
import "server-only";
import { Prisma, type ActorType, type Workspace } from "../generated/prisma/client";
import { db } from "../db";
import type { DeletionKind, DeletionsSearchParams } from "./search-params";

const DELETIONS_PAGE_SIZE = 50;

type DeletionRecord = {
  receiptId: string;
  createdAt: Date;
  kind: DeletionKind;
  actorType: ActorType;
  actor: string;
  // The actor filter's value for this row's actor ("user:<id>", "api_key:<id>"), null for the system.
  actorFilter: string | null;
  people: number;
  suppress: boolean;
  // A job's status; inline deletions are done when they are recorded.
  status: string;
};

type Row = {
  id: string;
  receiptId: string;
  createdAt: Date;
  kind: DeletionKind;
  action: string;
  actorType: ActorType;
  actorId: string | null;
  userName: string | null;
  keyName: string | null;
  count: number;
  jobStatus: string | null;
  jobDone: number | null;
  jobSuppress: boolean | null;
};

// An entry's deletion kind, NULL for an entry that is no erasure: the database function the Deletions
// indexes are built on (migration 20261207010000_deletions_index), so reads and indexes agree.
const KIND = Prisma.sql`deletion_kind(a.action, a.actor_type, a.details)`;

// One page of deletions, newest first, after `cursor`; nextCursor names the page after it.
export async function findDeletions(options: { workspace: Workspace; params: DeletionsSearchParams; take?: number }) {
  const { workspace, params } = options;
  const take = options.take ?? DELETIONS_PAGE_SIZE;
  const conditions: Prisma.Sql[] = [Prisma.sql`a.workspace_id = ${workspace.id}`, Prisma.sql`${KIND} IS NOT NULL`];
  if (params.kind) conditions.push(Prisma.sql`${KIND} = ${params.kind}`);
  if (params.receipt) conditions.push(Prisma.sql`a.receipt_id = ${params.receipt}`);
  if (params.actor) {
    const [type, id] = params.actor.split(":", 2);
    if (type === "user" || type === "api_key") conditions.push(Prisma.sql`a.actor_id = ${id ?? ""} AND a.actor_type = ${type}::"ActorType"`);
    else if (type === "system") conditions.push(Prisma.sql`a.actor_id IS NULL AND a.actor_type = 'system'`);
  }
  if (params.cursor) {
    const [at, id] = params.cursor.split("|");
    conditions.push(Prisma.sql`(a.created_at, a.id) < (${new Date(at)}::timestamp(3), ${BigInt(id)})`);
  }
  const rows = await db.$queryRaw<Row[]>`
    SELECT a.id::text AS id, a.receipt_id AS "receiptId", a.created_at AS "createdAt", ${KIND} AS kind, a.action,
      a.actor_type AS "actorType", a.actor_id AS "actorId", u.name AS "userName", k.name AS "keyName", a.count,
      j.status::text AS "jobStatus", j.done AS "jobDone", j.suppress AS "jobSuppress"
    FROM audit_entry a
    LEFT JOIN "user" u ON a.actor_type = 'user' AND u.id = a.actor_id
    LEFT JOIN api_key k ON a.actor_type = 'api_key' AND k.id = a.actor_id
    LEFT JOIN deletion_job j ON a.action = 'deletion_job.create' AND j.receipt_id = a.receipt_id
    WHERE ${Prisma.join(conditions, " AND ")}
    ORDER BY a.created_at DESC, a.id DESC
    LIMIT ${take + 1}`;
  const page = rows.slice(0, take);
  const last = page[page.length - 1];
  const records: DeletionRecord[] = page.map((row) => ({
    receiptId: row.receiptId,
    createdAt: row.createdAt,
    kind: row.kind,
    actorType: row.actorType,
    actor: row.actorType === "user" ? (row.userName ?? "a removed user") : row.actorType === "api_key" ? `API key ${row.keyName ?? ""}`.trim() : "system",
    actorFilter: row.actorType !== "system" && row.actorId ? `${row.actorType}:${row.actorId}` : null,
    people: row.jobStatus !== null ? (row.jobDone ?? 0) : row.count,
    suppress: row.jobSuppress ?? row.action !== "people.delete",
    status: row.jobStatus ?? "completed",
  }));
  return { rows: records, nextCursor: rows.length > take && last ? `${last.createdAt.toISOString()}|${last.id}` : null };
}
