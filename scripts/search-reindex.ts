import { rebuildSearchIndex } from "../app/services/search/index.server";
import { runCommand } from "./lib/command";

const help = `Rebuild the catalogue search index from the database, with progress.

Usage:
  npm run search:reindex

Rebuilds the PostgreSQL index (search_documents) in one transaction, and, when
MEILISEARCH_URL is set, a fresh Meilisearch index that is swapped in atomically: searches
see the old index until the new one is complete. Uses DATABASE_URL, or the embedded
database in .data/.`;

runCommand({
  help,
  async run({ db, log }) {
    await rebuildSearchIndex(db, { log });
  },
});
