// Errors as operators and staff see them: real database errors whose own text quotes values (a failing
// row, a query's arguments) are reduced to a class, a code and a fixed message.
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "./db";
import { formatErrorSummary, isFormattedErrorSummary, logError, NotFoundError, safeErrorSummary } from "./errors";
import { uniqueToken } from "./test/factories";
import { errorToResponse } from "./api/http";

const SECRET = `${uniqueToken("secret")}@example.com`;
const table = uniqueToken("errors_test_");

async function caught(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}

beforeAll(async () => {
  await db.$executeRawUnsafe(`CREATE TABLE ${table} (email text UNIQUE CHECK (email NOT LIKE '%blocked%'))`);
  await db.$executeRawUnsafe(`INSERT INTO ${table} VALUES ($1)`, SECRET);
});
afterAll(async () => {
  await db.$executeRawUnsafe(`DROP TABLE ${table}`);
});

// Real errors from the database and from Prisma, and whether their own text carries SECRET
// (adapter-pg drops a unique violation's detail, "Key (email)=(…)", so that one carries none here).
type Case = { name: string; run: () => Promise<unknown>; carriesValue: boolean; expected: { class: string; code?: string; message: string } };
const cases: Case[] = [
  {
    name: "a unique violation",
    run: () => db.$executeRawUnsafe(`INSERT INTO ${table} VALUES ($1)`, SECRET),
    carriesValue: false,
    expected: { class: "PrismaClientKnownRequestError", code: "23505", message: "unique constraint violated" },
  },
  {
    name: "a check violation (the failing row in its detail)",
    run: () => db.$executeRawUnsafe(`INSERT INTO ${table} VALUES ($1)`, `blocked-${SECRET}`),
    carriesValue: true,
    expected: { class: "PrismaClientKnownRequestError", code: "23514", message: "check constraint violated" },
  },
  {
    name: "bad input for a type (the value in its message)",
    run: () => db.$queryRaw`SELECT ${SECRET}::int`,
    carriesValue: true,
    expected: { class: "PrismaClientKnownRequestError", code: "22P02", message: "invalid data for the database" },
  },
  {
    name: "a raised exception naming a value",
    run: () => db.$executeRawUnsafe(`DO $$ BEGIN RAISE EXCEPTION 'refused %', '${SECRET}'; END $$`),
    carriesValue: true,
    expected: { class: "PrismaClientKnownRequestError", code: "P0001", message: "database procedure raised an error" },
  },
  {
    name: "a Prisma validation error (the query's arguments in its message)",
    run: () => db.person.create({ data: { cioId: 5, workspaceId: "nope", email: SECRET } as never }),
    carriesValue: true,
    expected: { class: "PrismaClientValidationError", message: "invalid database query arguments" },
  },
];

describe("[ERRORS] safe error summaries", () => {
  for (const { name, run, carriesValue, expected } of cases) {
    it(`reduces ${name} to its class, code and a fixed message`, async () => {
      const error = await caught(run);
      // What logging the error object itself printed.
      if (carriesValue) expect(inspect(error, { depth: 10 })).toContain(SECRET.slice(0, 12));
      const summary = safeErrorSummary(error);
      expect(summary).toEqual(expected);
      expect(isFormattedErrorSummary(formatErrorSummary(summary))).toBe(true);
    });
  }

  it("logs an API's unexpected error without the values in it, and answers 500 without detail", async () => {
    const error = await caught(() => db.$executeRawUnsafe(`INSERT INTO ${table} VALUES ($1)`, `blocked-${SECRET}`));
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const response = errorToResponse(error);
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({ meta: { errors: ["internal server error"] } });
      const logged = log.mock.calls.map((args) => args.map((arg) => (typeof arg === "string" ? arg : inspect(arg, { depth: 10 }))).join(" ")).join("\n");
      expect(logged).toContain("[api] unexpected error: PrismaClientKnownRequestError 23514: check constraint violated");
      expect(logged).not.toContain(SECRET.slice(0, 12));
      expect(logged).not.toContain("Failing row");
    } finally {
      log.mockRestore();
    }
  });

  it("keeps where an error was thrown (stack frames) and drops its message lines", () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      logError("context", new Error(`boom ${SECRET}\n    at fake (${SECRET}:1:2)`));
      const [line] = log.mock.calls[0] as [string];
      expect(line).toMatch(/^context: Error: unexpected error\n {4}at /);
      expect(line).toContain("errors.test.ts");
      expect(line).not.toContain(SECRET.slice(0, 12));
    } finally {
      log.mockRestore();
    }
  });

  it("describes domain errors by class, and recognizes only its own formatted lines", () => {
    expect(safeErrorSummary(new NotFoundError("deletion job not found"))).toEqual({ class: "NotFoundError", message: "not found" });
    expect(safeErrorSummary("a string")).toEqual({ class: "string", message: "unexpected error" });
    expect(isFormattedErrorSummary("Error: unexpected error")).toBe(true);
    expect(isFormattedErrorSummary(`Raw query failed. Code: \`23514\`. Message: ${SECRET}`)).toBe(false);
    expect(isFormattedErrorSummary(`Error: ${SECRET}`)).toBe(false);
  });
});
