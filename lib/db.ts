// The one Prisma client. With DATABASE_URL it talks to that PostgreSQL server; without, to the
// embedded PGlite (started lazily on the first query, migrated, one connection only).
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter, SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { PrismaClient, type Prisma } from "./generated/prisma/client";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "./database/embedded";

export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

// Connections per process against a server; the embedded database takes exactly one.
const SERVER_POOL_SIZE = Number(process.env.DATABASE_POOL_SIZE ?? 10);

type Holder = { client?: PrismaClient; embedded?: Promise<EmbeddedDatabase>; pool?: Promise<pg.Pool>; preparedNames?: Map<string, string> };
const holder = ((globalThis as { __peopleAdminDb?: Holder }).__peopleAdminDb ??= {});

export const isEmbeddedDatabase = !process.env.DATABASE_URL;

function embeddedDatabase(): Promise<EmbeddedDatabase> {
  holder.embedded ??= startEmbeddedDatabase();
  return holder.embedded;
}

// The node-postgres pool under Prisma, made on first use (embedded: once the database has started),
// so that importing this module is free. poolQuery shares it: never a second pool, which against
// PGlite would be a second connection (TOOLCHAIN.md).
function sharedPool(): Promise<pg.Pool> {
  holder.pool ??= (async () => {
    const pool = new pg.Pool(
      process.env.DATABASE_URL
        ? { connectionString: process.env.DATABASE_URL, max: SERVER_POOL_SIZE, allowExitOnIdle: true }
        : { connectionString: (await embeddedDatabase()).url, max: 1, allowExitOnIdle: true },
    );
    // A connection that dies while idle is replaced on the next query; PrismaPg listens too while connected.
    pool.on("error", () => undefined);
    return pool;
  })();
  return holder.pool;
}

class SharedPoolAdapterFactory implements SqlDriverAdapterFactory {
  readonly provider = "postgres" as const;
  readonly adapterName = "@prisma/adapter-pg";
  async connect(): Promise<SqlDriverAdapter> {
    return new PrismaPg(await sharedPool()).connect();
  }
}

function createClient(): PrismaClient {
  // With one embedded connection, requests queue for it: wait longer than Prisma's 2 s default.
  return new PrismaClient({ adapter: new SharedPoolAdapterFactory(), transactionOptions: { maxWait: 20_000, timeout: 60_000 } });
}

export const db: PrismaClient = (holder.client ??= createClient());

// The pool gave up on a connection (the server went away mid-query): answered like Prisma's own
// connection errors, "database unavailable" (SQLSTATE class 08), so the APIs say 503.
class DatabaseConnectionError extends Error {
  readonly code = "08006";
  constructor(cause: unknown) {
    super("database connection failed", { cause });
    this.name = "DatabaseConnectionError";
  }
}

// Statement texts poolQuery prepares (server only) and their names, capped: a text is a shape
// (values are parameters), but segment filters are part of identify's, so an app whose segments keep
// changing would otherwise prepare new shapes on every connection for ever.
// Kept with the pool (on globalThis): every bundle of the app in this process shares the pool's
// connections, so they must share the names too, or two bundles would prepare different texts under
// one name ("prepared statements must be unique").
const preparedNames = (holder.preparedNames ??= new Map<string, string>());
const MAX_PREPARED = 200;

function statementName(text: string): string | undefined {
  // PGlite has one session behind every socket: a statement prepared by a connection the pool has
  // since replaced would still exist there under its name, and preparing it again would fail.
  if (isEmbeddedDatabase) return undefined;
  let name = preparedNames.get(text);
  if (name === undefined && preparedNames.size < MAX_PREPARED) preparedNames.set(text, (name = `people_admin_${preparedNames.size + 1}`));
  return name;
}

// One statement straight on Prisma's pool, for the Track API's hot paths (identify, events): measured
// here at ~0.12 ms of CPU per statement against ~0.33 ms through Prisma's $queryRaw, which on a
// CPU-bound server is most of a request. On a server each statement text is prepared once per
// connection, which saves PostgreSQL parsing it on every call, and planning it once it keeps the
// generic plan: it does only if its first five custom plans don't look cheaper, so bind lists as jsonb,
// not unnest(text[]) (see identify's snapshotCtes; lib/people/identify-plans.server.test.ts). Rows come with
// node-postgres' own type parsing (json parsed, int4 as number, int8 and numeric as string,
// timestamps as local Date: cast in SQL to what you want back). Outside transactions only:
// embedded, a db.$transaction holds the one connection and this would wait for it forever.
export async function poolQuery<T>(query: Prisma.Sql): Promise<T[]> {
  const pool = await sharedPool();
  const text = query.text;
  try {
    return (await pool.query({ name: statementName(text), text, values: query.values })).rows as T[];
  } catch (error) {
    if (!(error instanceof pg.DatabaseError) && error instanceof Error && !(error as { code?: unknown }).code && /connect|terminat|timeout/i.test(error.message)) {
      throw new DatabaseConnectionError(error);
    }
    throw error;
  }
}

// Runs `run` on one connection of the pool held for its whole duration, for statements that must
// share a session (a session advisory lock around CREATE INDEX CONCURRENTLY, which can't run inside
// a transaction). Embedded, that is the one connection: Prisma's queries wait until it is back.
export async function withSessionConnection<T>(run: (query: <R>(text: string, values?: unknown[]) => Promise<R[]>) => Promise<T>): Promise<T> {
  const client = await (await sharedPool()).connect();
  let failed = false;
  try {
    return await run(async <R,>(text: string, values?: unknown[]) => (await client.query(text, values)).rows as R[]);
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    // A session that failed may still hold what it took (locks): closed, not handed on.
    client.release(failed);
  }
}

// For scripts and tests: release the connection and, when embedded, shut the database down cleanly.
export async function closeDb(): Promise<void> {
  await db.$disconnect();
  if (holder.pool) {
    const pool = await holder.pool;
    holder.pool = undefined;
    await pool.end();
  }
  if (holder.embedded) {
    const embedded = await holder.embedded;
    holder.embedded = undefined;
    await embedded.stop();
  }
}
