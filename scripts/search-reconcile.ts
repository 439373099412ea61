import { parseArgs } from "node:util";
import { reconcileSearchIndex } from "../app/services/search/index.server";
import { ensureDatabaseUrl, stopEmbeddedDatabase } from "../app/utils/database.server";
import { db } from "../app/utils/db.server";

const help = `Compare the database with the search index(es) and repair differences.

Usage:
  npm run search:reconcile             report and repair
  npm run search:reconcile -- --dry-run   report only (exit code 2 when they differ)

Finds listings that should be searchable but are missing, documents that are out of date,
and documents that should not be there (drafts, suspended, withdrawn), in the PostgreSQL
index and, when MEILISEARCH_URL is set, in Meilisearch.`;

async function main() {
  const { values } = parseArgs({ options: { help: { type: "boolean", default: false }, "dry-run": { type: "boolean", default: false } } });
  if (values.help) return console.log(help);
  await ensureDatabaseUrl();
  try {
    const reports = await reconcileSearchIndex(db(), { dryRun: values["dry-run"], log: (message) => console.log(message) });
    for (const report of reports) {
      for (const [kind, ids] of [["missing", report.missing], ["out of date", report.stale], ["not searchable", report.extra]] as const) {
        if (ids.length > 0) console.log(`  ${report.engine} ${kind}: ${ids.slice(0, 20).join(", ")}${ids.length > 20 ? ` and ${ids.length - 20} more` : ""}`);
      }
    }
    const differences = reports.some((r) => r.missing.length + r.stale.length + r.extra.length > 0);
    if (values["dry-run"] && differences) process.exitCode = 2;
    else if (!differences) console.log("The search index matches the database.");
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
