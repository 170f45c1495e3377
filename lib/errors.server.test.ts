// A connection the server drops inside a transaction (PostgreSQL stopping, a terminated backend) is
// "database unavailable", a 503, like a server that can't be reached: adapter-pg passes pg's own
// error on there, with no SQLSTATE (`npm run verify`'s PostgreSQL-stop fault saw it as a 500).
import pg from "pg";
import { describe, expect, it, vi } from "vitest";
import { errorToResponse } from "./api/http";
import { db } from "./db";
import { isDatabaseUnavailable } from "./errors";

describe("[ERRORS] a connection lost inside a transaction", () => {
  it("is database unavailable: 503 with the envelope, not a 500", async () => {
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    let error: unknown;
    try {
      await db.$transaction(async (tx) => {
        const [{ pid }] = await tx.$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`;
        await admin.query("SELECT pg_terminate_backend($1)", [pid]);
        // The server's goodbye arrives between two statements: pg marks the client broken.
        await new Promise((resolve) => setTimeout(resolve, 300));
        await tx.$queryRaw`SELECT 1`;
      });
    } catch (caught) {
      error = caught;
    } finally {
      await admin.end();
    }
    expect(error).toBeDefined();
    expect(isDatabaseUnavailable(error)).toBe(true);
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const response = errorToResponse(error);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ meta: { errors: ["database unavailable; retry later"] } });
    } finally {
      log.mockRestore();
    }
    // The pool replaces the dead connection.
    expect(await db.$queryRaw`SELECT 1 AS one`).toEqual([{ one: 1 }]);
  });

  it("is not every error without a code", () => {
    expect(isDatabaseUnavailable(new Error("Connection terminated because the customer left"))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError("x is not a function"))).toBe(false);
  });
});
