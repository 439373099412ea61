import { env, dataDir } from "./env.server";
import { runningEmbeddedDatabase, startEmbeddedPostgres, type EmbeddedDatabase } from "./embedded-postgres.server";

/**
 * Where the database is: DATABASE_URL when set (production, CI with a server), otherwise
 * an embedded PostgreSQL whose data folder survives between runs of the demo (outside
 * production by default; in production only with EMBEDDED_DATABASE=true).
 */
let embedded: EmbeddedDatabase | undefined;
const DATABASE = "buying_catalogue";

export async function ensureDatabaseUrl(log: (message: string) => void = console.log): Promise<string> {
  const configured = env().DATABASE_URL;
  if (configured) return configured;
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  // Production fails closed: env() refuses to start without DATABASE_URL unless the embedded
  // database was asked for; this guards the same rule for anyone who turned it off explicitly.
  if (!env().EMBEDDED_DATABASE) throw new Error("DATABASE_URL is not set and EMBEDDED_DATABASE is false: there is no database to use.");
  // `npm run worker` beside a running demo shares its database instead of restarting it.
  const running = await runningEmbeddedDatabase(env().EMBEDDED_PG_PORT, DATABASE);
  if (running) {
    log(`Using the embedded PostgreSQL already running on port ${env().EMBEDDED_PG_PORT}.`);
    process.env.DATABASE_URL = running;
    return running;
  }
  embedded = await startEmbeddedPostgres({
    dataDir: dataDir("postgres"),
    port: env().EMBEDDED_PG_PORT,
    database: DATABASE,
    persistent: !env().EMBEDDED_PG_EPHEMERAL,
    log,
  });
  process.env.DATABASE_URL = embedded.url;
  return embedded.url;
}

export async function stopEmbeddedDatabase() {
  await embedded?.stop();
  embedded = undefined;
}
