// The one Prisma client. With DATABASE_URL it talks to that PostgreSQL server; without, to the
// embedded PGlite (started lazily on the first query, migrated, one connection only).
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter, SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaClient } from "./generated/prisma/client";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "./database/embedded";

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

// Connections per process against a server; the embedded database takes exactly one.
const SERVER_POOL_SIZE = Number(process.env.DATABASE_POOL_SIZE ?? 10);

type Holder = { client?: PrismaClient; embedded?: Promise<EmbeddedDatabase> };
const holder = ((globalThis as { __peopleAdminDb?: Holder }).__peopleAdminDb ??= {});

export const isEmbeddedDatabase = !process.env.DATABASE_URL;

function embeddedDatabase(): Promise<EmbeddedDatabase> {
  holder.embedded ??= startEmbeddedDatabase();
  return holder.embedded;
}

// Starts the embedded database only when Prisma first connects, so importing this module is free.
class EmbeddedAdapterFactory implements SqlDriverAdapterFactory {
  readonly provider = "postgres" as const;
  readonly adapterName = "@prisma/adapter-pg";
  async connect(): Promise<SqlDriverAdapter> {
    const { url } = await embeddedDatabase();
    return new PrismaPg({ connectionString: url, max: 1 }).connect();
  }
}

function createClient(): PrismaClient {
  const adapter = process.env.DATABASE_URL
    ? new PrismaPg({ connectionString: process.env.DATABASE_URL, max: SERVER_POOL_SIZE })
    : new EmbeddedAdapterFactory();
  // With one embedded connection, requests queue for it: wait longer than Prisma's 2 s default.
  return new PrismaClient({ adapter, transactionOptions: { maxWait: 20_000, timeout: 60_000 } });
}

export const db: PrismaClient = (holder.client ??= createClient());

// For scripts and tests: release the connection and, when embedded, shut the database down cleanly.
export async function closeDb(): Promise<void> {
  await db.$disconnect();
  if (holder.embedded) {
    const embedded = await holder.embedded;
    holder.embedded = undefined;
    await embedded.stop();
  }
}
