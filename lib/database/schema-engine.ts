// Prisma's real schema engine, compiled to WebAssembly, driven through a driver adapter: the native
// engine can't be downloaded on an offline machine. Used to apply migrations and to diff schemas.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import type { IsolationLevel, Transaction } from "@prisma/driver-adapter-utils";
import * as engineModule from "@prisma/schema-engine-wasm/schema_engine_bg";

type Result<T> = { ok: true; value: T } | { ok: false; error: unknown };
type AnyFn = (...args: never[]) => unknown;
type PgAdapter = Awaited<ReturnType<PrismaPg["connect"]>>;

// One instance per process, whatever number of copies of this module a bundler or test runner
// makes: the wasm-bindgen glue module is shared, and a second instantiation would swap its memory
// under a running engine.
const engineState = (globalThis as { __peopleAdminSchemaEngine?: { loaded?: Promise<void> } }).__peopleAdminSchemaEngine ??= {};

// The package entry imports a .wasm file as an ES module, which Node rejects: instantiate by hand.
function loadEngine(): Promise<void> {
  engineState.loaded ??= (async () => {
    // Resolved from the project root at run time, with the specifier out of the bundler's sight:
    // Turbopack rewrites `createRequire(import.meta.url).resolve("…")` into a module number.
    const specifier = ["@prisma", "schema-engine-wasm", "schema_engine_bg"].join("/");
    const requireFromProject = createRequire(path.join(process.cwd(), "package.json"));
    const wasmPath = requireFromProject.resolve(/* turbopackIgnore: true */ specifier).replace(/\.js$/, ".wasm");
    (globalThis as Record<string, unknown>).PRISMA_WASM_PANIC_REGISTRY = {
      set_message: (message: string) => console.error("schema engine panic:", message),
    };
    const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath), {
      "./schema_engine_bg.js": engineModule,
    });
    engineModule.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start: () => void }).__wbindgen_start();
  })();
  return engineState.loaded;
}

// The engine expects adapters shaped the way Prisma's CLI wraps them: every method returns
// { ok, value } or { ok: false, error } and thrown errors live in an error registry.
function bindForEngine(factory: PrismaPg, opened: { dispose(): Promise<void> }[]) {
  const errors: { error: unknown }[] = [];
  const errorRegistry = {
    registerNewError: (error: unknown) => errors.push({ error }) - 1,
    consumeError: (id: number) => errors[id],
  };
  const capture =
    <F extends AnyFn>(fn: F) =>
    async (...args: Parameters<F>): Promise<Result<Awaited<ReturnType<F>>>> => {
      try {
        return { ok: true, value: (await fn(...args)) as Awaited<ReturnType<F>> };
      } catch (error) {
        return { ok: false, error: { kind: "GenericJs", id: errorRegistry.registerNewError(error) } };
      }
    };
  const bindTransaction = (tx: Transaction) => ({
    adapterName: tx.adapterName,
    provider: tx.provider,
    options: tx.options,
    queryRaw: capture(tx.queryRaw.bind(tx)),
    executeRaw: capture(tx.executeRaw.bind(tx)),
    commit: capture(tx.commit.bind(tx)),
    rollback: capture(tx.rollback.bind(tx)),
  });
  const bindAdapter = (adapter: PgAdapter) => ({
    adapterName: adapter.adapterName,
    provider: adapter.provider,
    errorRegistry,
    queryRaw: capture(adapter.queryRaw.bind(adapter)),
    executeRaw: capture(adapter.executeRaw.bind(adapter)),
    // adapter-pg's executeScript splits the script on every ";", which breaks a function body or a
    // string holding one; node-postgres runs a multi-statement script whole (as `migrate deploy` does).
    executeScript: capture(async (script: string) => {
      await adapter.underlyingDriver().query(script);
    }),
    dispose: capture(adapter.dispose.bind(adapter)),
    startTransaction: async (isolationLevel?: IsolationLevel) => {
      const result = await capture(adapter.startTransaction.bind(adapter))(isolationLevel);
      return result.ok ? { ok: true, value: bindTransaction(result.value) } : result;
    },
    getConnectionInfo: () => ({ ok: true, value: adapter.getConnectionInfo() }),
  });
  const connectWith = (connect: () => Promise<PgAdapter>) => async () => {
    const result = await capture(connect)();
    if (result.ok) opened.push(result.value);
    return result.ok ? { ok: true, value: bindAdapter(result.value) } : result;
  };
  return {
    adapterName: factory.adapterName,
    provider: factory.provider,
    errorRegistry,
    connect: connectWith(() => factory.connect()),
    connectToShadowDb: connectWith(() => factory.connectToShadowDb()),
  };
}

const FILTERS = { externalTables: [], externalEnums: [] };

export type MigrationDirectory = { name: string; sql: string };

// The wasm instance is one per process and is not re-entrant: two engines working at once corrupt
// its memory (seen as a panic when test set-ups migrated two databases in parallel). Every use
// waits for the previous one; the queue lives on globalThis so that all module copies share it.
const engineQueue = (globalThis as { __peopleAdminSchemaEngineQueue?: { tail: Promise<unknown> } })
  .__peopleAdminSchemaEngineQueue ??= { tail: Promise.resolve() };

function exclusively<T>(work: () => Promise<T>): Promise<T> {
  const run = engineQueue.tail.then(work, work);
  engineQueue.tail = run.catch(() => {});
  return run;
}

// Opens the engine on a database, runs `work`, and always releases the connection.
function withEngine<T>(
  connectionString: string,
  schema: { path: string; content: string },
  work: (engine: { applyMigrations: AnyFn; diff: AnyFn }) => Promise<T>,
): Promise<T> {
  return exclusively(() => withEngineNow(connectionString, schema, work));
}

async function withEngineNow<T>(
  connectionString: string,
  schema: { path: string; content: string },
  work: (engine: { applyMigrations: AnyFn; diff: AnyFn }) => Promise<T>,
): Promise<T> {
  await loadEngine();
  const factory = new PrismaPg({ connectionString, max: 1 });
  // The engine never closes its connections itself. (It also leaves a 10 s lock-timeout timer
  // behind, so one-shot scripts end with process.exit.)
  const opened: { dispose(): Promise<void> }[] = [];
  const engine = await engineModule.SchemaEngine.new(
    { datamodels: [[schema.path, schema.content]] },
    () => {},
    bindForEngine(factory, opened),
  );
  try {
    return await work(engine);
  } finally {
    // No engine.free(): the engine leaves a lock-timeout timer behind whose callback re-enters the
    // wasm; freeing first turns that callback into a panic that poisons the shared instance.
    await Promise.all(opened.map((adapter) => adapter.dispose()));
  }
}

// Applies the migrations that the database has not recorded yet, exactly as `prisma migrate deploy`.
export async function applyMigrations(
  connectionString: string,
  schema: { path: string; content: string },
  migrations: MigrationDirectory[],
): Promise<string[]> {
  return withEngine(connectionString, schema, async (engine) => {
    const migrationsList = {
      baseDir: "prisma/migrations",
      shadowDbInitScript: "",
      lockfile: { path: "migration_lock.toml", content: 'provider = "postgresql"\n' },
      migrationDirectories: migrations.map((m) => ({
        path: m.name,
        migrationFile: { path: "migration.sql", content: { tag: "ok", value: m.sql } },
      })),
    };
    const result = (await engine.applyMigrations({ migrationsList, filters: FILTERS } as never)) as {
      appliedMigrationNames: string[];
    };
    return result.appliedMigrationNames;
  });
}

// The SQL that turns a database built from `from` (null = empty) into one built from `to`.
export async function diffSchemas(
  connectionString: string,
  from: string | null,
  to: string,
): Promise<string> {
  const path = "schema.prisma";
  return withEngine(connectionString, { path, content: to }, async (engine) => {
    const result = (await engine.diff({
      from: from === null ? { tag: "empty" } : { tag: "schemaDatamodel", files: [{ path, content: from }] },
      to: { tag: "schemaDatamodel", files: [{ path, content: to }] },
      script: true,
      exitCode: null,
      filters: FILTERS,
    } as never)) as { stdout: string };
    return result.stdout;
  });
}
