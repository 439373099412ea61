import { parseArgs } from "node:util";
import { rebuildSearchIndex } from "../app/services/search/index.server";
import { ensureDatabaseUrl, stopEmbeddedDatabase } from "../app/utils/database.server";
import { db } from "../app/utils/db.server";

const help = `Rebuild the catalogue search index from the database, with progress.

Usage:
  npm run search:reindex

Rebuilds the PostgreSQL index (search_documents) in one transaction, and, when
MEILISEARCH_URL is set, a fresh Meilisearch index that is swapped in atomically: searches
see the old index until the new one is complete. Uses DATABASE_URL, or the embedded
database in .data/.`;

async function main() {
  const { values } = parseArgs({ options: { help: { type: "boolean", default: false } } });
  if (values.help) return console.log(help);
  await ensureDatabaseUrl();
  try {
    await rebuildSearchIndex(db(), { log: (message) => console.log(message) });
  } finally {
    await db().$disconnect();
    await stopEmbeddedDatabase();
  }
}

main().catch(async (error) => {
  console.error(error instanceof Error ? error.message : error);
  await stopEmbeddedDatabase().catch(() => {});
  process.exit(1);
});
