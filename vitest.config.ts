import { availableParallelism } from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

// Projects over real databases:
// - "lib": every lib/ test, on an in-memory PGlite per worker, or on DATABASE_URL's server (in a
//   fresh database per run, copied for each worker) when that is set;
// - "isolated": tests that start their own embedded databases, each file in its own process;
// - "server": tests that need a real server (concurrency, which PGlite's single session hides; the
//   schema drift check), always on the PostgreSQL server (TEST_POSTGRES_URL, default 127.0.0.1:5432).
// "lib" runs first, then "isolated" and "server" together (sequence.groupOrder): within a group a
// worker goes on with the next file of its project instead of being replaced, and a new worker means
// a new database. Vitest's default leaves a core idle, which on a 2-core machine is a single worker;
// more than 4 would mostly be more databases.
const WORKERS = Math.min(4, Math.max(2, availableParallelism()));
const shared = {
  resolve: { alias: { "server-only": path.resolve("lib/test/server-only-stub.ts"), "@": path.resolve(".") } },
};

export default defineConfig({
  ...shared,
  test: {
    projects: [
      {
        ...shared,
        test: {
          name: "lib",
          include: ["lib/**/*.test.ts", "scripts/**/*.test.ts", "prisma/**/*.test.ts"],
          exclude: ["**/*.server.test.ts", "**/*.isolated.test.ts", "node_modules/**"],
          globalSetup: ["lib/test/global-setup.ts"],
          setupFiles: ["lib/test/setup.ts"],
          pool: "forks",
          isolate: false,
          maxWorkers: WORKERS,
          sequence: { groupOrder: 0 },
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        ...shared,
        test: {
          // Tests that start embedded databases of their own, each file in a process of its own, so
          // that nothing else in the worker shares the WebAssembly schema engine with them.
          name: "isolated",
          include: ["lib/**/*.isolated.test.ts"],
          setupFiles: ["lib/test/setup.ts"],
          globalSetup: ["lib/test/global-setup.ts"],
          pool: "forks",
          isolate: true,
          maxWorkers: WORKERS,
          sequence: { groupOrder: 1 },
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        ...shared,
        test: {
          name: "server",
          include: ["lib/**/*.server.test.ts"],
          globalSetup: ["lib/test/global-setup-server.ts"],
          setupFiles: ["lib/test/setup.ts"],
          pool: "forks",
          isolate: false,
          maxWorkers: WORKERS,
          sequence: { groupOrder: 1 },
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
