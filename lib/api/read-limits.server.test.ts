// READ_STATEMENT_TIMEOUT_MS on the PostgreSQL server (the embedded database shares one session and
// runs without it): App API reads run with each statement stopped after the limit, answered 503 in
// the error envelope; the connection goes back to the pool without it, so nothing else inherits it.
import { afterEach, describe, expect, it } from "vitest";
import { createApiKey } from "../api-keys/api-keys";
import { db, poolQuery, withStatementTimeout } from "../db";
import { databaseErrorCode } from "../errors";
import { Prisma } from "../generated/prisma/client";
import { createTestWorkspace, uniqueToken } from "../test/factories";
import { appRoute } from "./route";

const saved = process.env.READ_STATEMENT_TIMEOUT_MS;
afterEach(() => {
  if (saved === undefined) delete process.env.READ_STATEMENT_TIMEOUT_MS;
  else process.env.READ_STATEMENT_TIMEOUT_MS = saved;
});

const setting = async () => (await db.$queryRaw<{ statement_timeout: string }[]>`SHOW statement_timeout`)[0].statement_timeout;

describe("[API] READ_STATEMENT_TIMEOUT_MS on PostgreSQL", () => {
  it("stops a statement run inside withStatementTimeout, Prisma's and poolQuery's alike, and leaves none behind", async () => {
    const timedOut = (error: unknown) => databaseErrorCode(error) === "57014";
    await expect(withStatementTimeout(100, () => db.$queryRaw`SELECT pg_sleep(2)::text`)).rejects.toSatisfy(timedOut);
    await expect(withStatementTimeout(100, () => poolQuery(Prisma.sql`SELECT pg_sleep(2)::text`))).rejects.toSatisfy(timedOut);
    expect(await withStatementTimeout(1234, setting)).toBe("1234ms");
    // Every connection of the pool is back to the server's default.
    const after = await Promise.all(Array.from({ length: 12 }, setting));
    expect(new Set(after)).toEqual(new Set(["0"]));
    expect(await db.$queryRaw<{ one: number }[]>`SELECT 1 AS one, pg_sleep(0.2)::text AS slept`).toHaveLength(1);
  });

  it("runs App API handlers under it: a read over the limit answers 503 with the envelope", async () => {
    const workspace = await createTestWorkspace();
    const { secret } = await createApiKey({ workspaceId: workspace.id, kind: "app", name: uniqueToken("slow"), actor: { type: "system" } });
    const call = (handler: Parameters<typeof appRoute>[0]) =>
      appRoute(handler)(new Request("http://localhost/v1/x", { headers: { authorization: `Bearer ${secret}` } }), { params: Promise.resolve({}) });
    process.env.READ_STATEMENT_TIMEOUT_MS = "150";
    expect(await (await call(async () => ({ setting: await setting() }))).json()).toEqual({ setting: "150ms" });
    const slow = await call(async () => db.$queryRaw`SELECT pg_sleep(2)::text`);
    expect(slow.status).toBe(503);
    expect(await slow.json()).toEqual({ meta: { errors: [expect.stringMatching(/took too long/)] } });
    delete process.env.READ_STATEMENT_TIMEOUT_MS;
    expect(await (await call(async () => ({ setting: await setting() }))).json()).toEqual({ setting: "5s" });
  });
});
