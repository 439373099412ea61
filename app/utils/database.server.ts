import { env, dataDir } from "./env.server";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "./embedded-postgres.server";

/**
 * Where the database is: DATABASE_URL when set (production, CI with a server), otherwise
 * an embedded PostgreSQL whose data folder survives between runs of the demo.
 */
let embedded: EmbeddedDatabase | undefined;

export async function ensureDatabaseUrl(log: (message: string) => void = console.log): Promise<string> {
  const configured = env().DATABASE_URL;
  if (configured) return configured;
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  embedded = await startEmbeddedPostgres({
    dataDir: dataDir("postgres"),
    port: env().EMBEDDED_PG_PORT,
    database: "buying_catalogue",
    persistent: true,
    log,
  });
  process.env.DATABASE_URL = embedded.url;
  return embedded.url;
}

export async function stopEmbeddedDatabase() {
  await embedded?.stop();
  embedded = undefined;
}
