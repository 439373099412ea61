import { readFileSync, readdirSync, existsSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum } from "@prisma/driver-adapter-utils";
import * as engineBindings from "@prisma/schema-engine-wasm/schema_engine_bg";
import type { MigrationList, SchemaEngine, SchemaFilter } from "@prisma/schema-engine-wasm";

/**
 * Prisma's own schema engine compiled to WebAssembly. The CLI's native engine is a
 * run-time download that this environment cannot reach (docs/decisions/0001), so the
 * project drives the same engine through its wasm build. The migrations folder it reads
 * and writes is the standard Prisma layout, usable by `prisma migrate deploy` elsewhere.
 */
export const projectRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
export const schemaPath = path.join(projectRoot, "prisma/schema.prisma");
export const migrationsDir = path.join(projectRoot, "prisma/migrations");
const noFilter: SchemaFilter = { externalTables: [], externalEnums: [] };

let wasmReady: Promise<void> | undefined;
let lastPanic = "";
// The wasm build reports panics through this global before it throws.
(globalThis as unknown as { PRISMA_WASM_PANIC_REGISTRY: unknown }).PRISMA_WASM_PANIC_REGISTRY = {
  set_message(message: string) {
    lastPanic = message;
    console.error(`[schema engine] ${message}`);
  },
};
export const lastEnginePanic = () => lastPanic;
function loadWasm() {
  wasmReady ??= (async () => {
    const require = createRequire(import.meta.url);
    // The package exports only its JS entry points, so find the .wasm beside one of them.
    const wasmPath = path.join(path.dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg")), "schema_engine_bg.wasm");
    // The engine arms a timer per query and never clears it, which kept every migrate
    // command alive for seconds after its work was done; unref'd timers let Node exit.
    const imports: Record<string, unknown> = { ...engineBindings };
    for (const name of Object.keys(imports).filter((key) => key.startsWith("__wbg_setTimeout_"))) {
      imports[name] = (callback: () => void, ms: number) => setTimeout(callback, ms >>> 0).unref();
    }
    const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath), {
      "./schema_engine_bg.js": imports as WebAssembly.ModuleImports,
    });
    const exports = instance.exports as unknown as { __wbindgen_start?: () => void };
    (engineBindings as unknown as { __wbg_set_wasm: (w: unknown) => void }).__wbg_set_wasm(exports);
    exports.__wbindgen_start?.();
  })();
  return wasmReady;
}

export function readSchema() {
  return { files: [{ path: schemaPath, content: readFileSync(schemaPath, "utf8") }] };
}

export function readMigrations(dir = migrationsDir): MigrationList {
  const lockPath = path.join(dir, "migration_lock.toml");
  const names = existsSync(dir)
    ? readdirSync(dir).filter((name) => statSync(path.join(dir, name)).isDirectory()).sort()
    : [];
  return {
    baseDir: dir,
    lockfile: { path: "migration_lock.toml", content: existsSync(lockPath) ? readFileSync(lockPath, "utf8") : null },
    shadowDbInitScript: "",
    migrationDirectories: names.map((name) => {
      const file = path.join(dir, name, "migration.sql");
      return {
        path: name,
        migrationFile: {
          path: "migration.sql",
          content: existsSync(file)
            ? { tag: "ok" as const, value: readFileSync(file, "utf8") }
            : { tag: "error" as const, value: `missing ${file}` },
        },
      };
    }),
  };
}

function poolConfigFromUrl(databaseUrl: string) {
  const url = new URL(databaseUrl);
  return {
    host: decodeURIComponent(url.hostname),
    port: url.port ? Number(url.port) : 5432,
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: decodeURIComponent(url.pathname.slice(1)),
    ssl: url.searchParams.get("sslmode") === "require" ? { rejectUnauthorized: false } : undefined,
  };
}

const PG_CHAR = 18;
const PG_TEXT = 25;
const CHARACTER_COLUMN_TYPE = ColumnTypeEnum.Character;
const charColumns = Symbol("charColumns");
type RowsWithCharColumns = unknown[][] & { [charColumns]?: number[] };

/**
 * The engine describes a database by reading pg_catalog, and reads the one-byte `"char"`
 * column pg_constraint.contype as a Character. The pg adapter has no mapping for that type
 * and fails ("Column type 'char' could not be deserialized"), so `diff` from the migrations
 * folder fails as soon as a CHECK constraint exists. The client below hands such columns
 * to the adapter as text and marks their positions on the rows; `markCharacterColumns`
 * then reports them to the engine as Character. Only migration tooling uses this; the
 * app's runtime client is untouched.
 */
function reportCharAsText(result: pg.QueryResult | undefined) {
  if (!result?.fields) return result;
  const positions: number[] = [];
  result.fields.forEach((field, index) => {
    if (field.dataTypeID === PG_CHAR) {
      field.dataTypeID = PG_TEXT;
      positions.push(index);
    }
  });
  if (positions.length) (result.rows as RowsWithCharColumns)[charColumns] = positions;
  return result;
}

class CatalogueReadingClient extends pg.Client {
  // pg's query overloads cannot be restated in a subclass; this only post-processes results,
  // whether the caller passed a callback (as pg.Pool does) or awaits a promise.
  query(...args: unknown[]): any {
    const last = args[args.length - 1];
    if (typeof last === "function") {
      args[args.length - 1] = (error: Error | null, result: pg.QueryResult) => last(error, reportCharAsText(result));
    }
    const result = (super.query as (...a: unknown[]) => unknown)(...args);
    if (result && typeof (result as Promise<unknown>).then === "function") {
      return (result as Promise<pg.QueryResult>).then(reportCharAsText);
    }
    return result;
  }
}

type Queryable = { queryRaw: (query: never) => Promise<{ columnTypes: number[]; rows: unknown[][] }> };
function markCharacterColumns<T extends Queryable>(queryable: T): T {
  const queryRaw = queryable.queryRaw.bind(queryable);
  queryable.queryRaw = (async (query: never) => {
    const result = await queryRaw(query);
    for (const index of (result.rows as RowsWithCharColumns)[charColumns] ?? []) result.columnTypes[index] = CHARACTER_COLUMN_TYPE;
    return result;
  }) as T["queryRaw"];
  return queryable;
}

// Idle pool clients are cut off when the engine drops its shadow database; that is expected.
function migrationAdapter(config: pg.PoolConfig) {
  const pool = new pg.Pool({ ...config, Client: CatalogueReadingClient, max: 4 });
  pool.on("error", () => {});
  return new PrismaPg(pool, { disposeExternalPool: true, onPoolError: () => {}, onConnectionError: () => {} });
}

/**
 * The adapter runs a migration script by splitting it on every ";", which breaks function
 * bodies (the audit table's append-only trigger). PostgreSQL runs a multi-statement simple
 * query as one implicit transaction, which is what the native engine does too.
 */
async function connectWholeScript(factory: PrismaPg) {
  const adapter = markCharacterColumns(await factory.connect());
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (...args) => markCharacterColumns(await startTransaction(...args));
  const pool = adapter.underlyingDriver();
  adapter.executeScript = async (script: string) => {
    try {
      await pool.query(script);
    } catch (error) {
      (adapter as unknown as { onError: (e: unknown) => never }).onError(error);
    }
  };
  return adapter;
}

/**
 * The adapter's own shadow-database support overrides `database` in a config that pg
 * ignores when a connection string is present (so it lands on the real database), and
 * leaves the shadow pool without an error listener. This factory does the same job with
 * discrete connection fields and quiet pools.
 */
function migrationAdapterFactory(databaseUrl: string) {
  const config = poolConfigFromUrl(databaseUrl);
  const main = migrationAdapter(config);
  return {
    provider: "postgres" as const,
    adapterName: main.adapterName,
    connect: () => connectWholeScript(migrationAdapter(config)),
    async connectToShadowDb() {
      const admin = await migrationAdapter(config).connect();
      const name = `prisma_migrate_shadow_db_${randomUUID()}`;
      await admin.executeScript(`CREATE DATABASE "${name}"`);
      const shadow = await connectWholeScript(migrationAdapter({ ...config, database: name }));
      const disposeShadow = shadow.dispose.bind(shadow);
      shadow.dispose = async () => {
        await disposeShadow();
        await admin.executeScript(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await admin.dispose();
      };
      return shadow;
    },
  };
}

/** Runs `work` with an engine connected to `databaseUrl`, then frees it. */
export async function withSchemaEngine<T>(databaseUrl: string, work: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  await loadWasm();
  const adapter = bindMigrationAwareSqlAdapterFactory(migrationAdapterFactory(databaseUrl));
  const datamodels: [string, string][] | undefined = existsSync(schemaPath) ? [[schemaPath, readSchema().files[0].content]] : undefined;
  const engine = await engineBindings.SchemaEngine.new({ datamodels }, () => {}, adapter);
  try {
    return await work(engine);
  } finally {
    engine.free();
  }
}

/** SQL that takes the applied migrations to the Prisma schema: empty when there is no drift. */
export function diffMigrationsToSchema(engine: SchemaEngine, dir = migrationsDir) {
  const migrations = readMigrations(dir);
  const from = migrations.migrationDirectories.length
    ? ({ tag: "migrations", ...migrations } as const)
    : ({ tag: "empty" } as const);
  return engine
    .diff({ from, to: { tag: "schemaDatamodel", ...readSchema() }, script: true, exitCode: null, filters: noFilter })
    .then((result) => result.stdout ?? "");
}

export async function applyMigrations(engine: SchemaEngine, dir = migrationsDir) {
  const result = await engine.applyMigrations({ migrationsList: readMigrations(dir), filters: noFilter });
  return result.appliedMigrationNames;
}

export async function resetDatabase(engine: SchemaEngine) {
  await engine.reset({ filter: noFilter });
}

/** True when a diff script has no statements (only comments and blank lines). */
export function isEmptyMigration(sql: string) {
  return sql
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("--")).length === 0;
}

/**
 * Migrations in the folder that the database has not finished applying. A server that does
 * not migrate on boot (production) refuses to start while any is pending, instead of
 * serving requests against a schema its code does not expect.
 */
export async function pendingMigrations(databaseUrl: string, dir = migrationsDir): Promise<string[]> {
  const names = readMigrations(dir).migrationDirectories.map((migration) => migration.path);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const table = await client.query<{ exists: boolean }>("SELECT to_regclass('_prisma_migrations') IS NOT NULL AS exists");
    if (!table.rows[0]?.exists) return names;
    const applied = await client.query<{ migration_name: string }>(
      "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL",
    );
    const done = new Set(applied.rows.map((row) => row.migration_name));
    return names.filter((name) => !done.has(name));
  } finally {
    await client.end();
  }
}
