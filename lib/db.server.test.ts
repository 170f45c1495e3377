// poolQuery, the hot paths' way around Prisma, on the PostgreSQL server: its errors read like
// Prisma's (a lost connection is "database unavailable", so the APIs answer 503) and its prepared
// statements survive the pool replacing a connection.
import pg from "pg";
import { describe, expect, it } from "vitest";
import { Prisma } from "./generated/prisma/client";
import { isDatabaseUnavailable } from "./errors";
import { uniqueToken } from "./test/factories";

const { db, poolQuery } = await import("./db");

describe("[DB] poolQuery on the server", () => {
  it("reports a connection the server ended as the database being unavailable, then prepares again on a new one", async () => {
    const tag = uniqueToken("sleep");
    const statement = () => poolQuery<{ tag: string }>(Prisma.sql`SELECT ${tag}::text AS tag, pg_sleep(${0.01}::float8)::text AS slept`);
    expect(await statement()).toEqual([{ tag, slept: "" }]); // prepared on some connection

    const sleeping = poolQuery(Prisma.sql`SELECT ${tag}::text AS tag, pg_sleep(5)`);
    const failed = sleeping.then(() => null, (error: unknown) => error);
    for (let i = 0; i < 50; i++) {
      const [{ ended }] = await db.$queryRaw<{ ended: number }[]>`
        SELECT count(pg_terminate_backend(pid))::int AS ended FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE '%pg_sleep(5)%' AND query NOT LIKE '%pg_stat_activity%'`;
      if (ended) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const error = await failed;
    expect(error).not.toBeNull();
    expect(isDatabaseUnavailable(error)).toBe(true);

    // Every connection of the pool runs the prepared statement again, the replaced one included.
    const again = await Promise.all(Array.from({ length: 20 }, () => statement()));
    expect(again.every((rows) => rows[0].tag === tag)).toBe(true);
  });

  it("reports a socket that closed without an answer (no SQLSTATE) as the database being unavailable", async () => {
    // eslint-disable-next-line @typescript-eslint/unbound-method -- only kept to be put back on the prototype, never called
    const original = pg.Pool.prototype.query;
    pg.Pool.prototype.query = (() => Promise.reject(new Error("Connection terminated unexpectedly")));
    try {
      const error = await poolQuery(Prisma.sql`SELECT 1`).catch((e: unknown) => e);
      expect(isDatabaseUnavailable(error)).toBe(true);
    } finally {
      pg.Pool.prototype.query = original;
    }
  });

  it("keeps a failed statement's error as PostgreSQL's own (SQLSTATE), not a connection problem", async () => {
    const error = await poolQuery(Prisma.sql`SELECT 1 / ${0}::int AS x`).catch((e: unknown) => e);
    expect((error as { code?: string }).code).toBe("22012");
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
