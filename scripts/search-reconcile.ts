import { reconcileSearchIndex } from "../app/services/search/index.server";
import { runCommand } from "./lib/command";

const help = `Compare the database with the search index(es) and repair differences.

Usage:
  npm run search:reconcile             report and repair
  npm run search:reconcile -- --dry-run   report only (exit code 2 when they differ)

Finds listings that should be searchable but are missing, documents that are out of date,
and documents that should not be there (drafts, suspended, withdrawn), in the PostgreSQL
index and, when MEILISEARCH_URL is set, in Meilisearch.`;

runCommand({
  help,
  options: { "dry-run": { type: "boolean", default: false } },
  async run({ values, db, log }) {
    const dryRun = values["dry-run"] === true;
    const reports = await reconcileSearchIndex(db, { dryRun, log });
    for (const report of reports) {
      for (const [kind, ids] of [["missing", report.missing], ["out of date", report.stale], ["not searchable", report.extra]] as const) {
        if (ids.length > 0) log(`  ${report.engine} ${kind}: ${ids.slice(0, 20).join(", ")}${ids.length > 20 ? ` and ${ids.length - 20} more` : ""}`);
      }
    }
    const differences = reports.some((r) => r.missing.length + r.stale.length + r.extra.length > 0);
    if (dryRun && differences) process.exitCode = 2;
    else if (!differences) log("The search index matches the database.");
  },
});
