import { parseArgs } from "node:util";
import { ensureDatabaseUrl, stopEmbeddedDatabase } from "../app/utils/database.server";
import { db } from "../app/utils/db.server";
import { seedDatabase } from "../seed/index";
import { applyMigrations, withSchemaEngine } from "./lib/schema-engine";

const help = `Seed the database (DATABASE_URL, or the embedded one in .data/).

Usage:
  npm run seed                   the demo catalogue (what npm run demo loads)
  npm run seed -- --scale 10000  10,000 solutions with suppliers, practices, orders and contracts in
                                 proportion (about one supplier per 8 solutions, 10 contracts each),
                                 for benchmarks
  npm run seed -- --today 2027-06-15   date every seeded expiry and contract relative to that day

The database must be empty: the audit trail is append-only, so the seed never clears tables.
Start from nothing with \`npm run db:reset\`.`;

async function main() {
  const { values } = parseArgs({
    options: { scale: { type: "string" }, today: { type: "string" }, help: { type: "boolean", default: false } },
  });
  if (values.help) return console.log(help);
  const scale = values.scale === undefined ? undefined : Number(values.scale);
  if (scale !== undefined && (!Number.isInteger(scale) || scale < 1 || scale > 200_000)) throw new Error("--scale must be a whole number from 1 to 200000");
  const today = values.today ? new Date(`${values.today}T12:00:00Z`) : new Date();
  if (Number.isNaN(today.getTime())) throw new Error("--today must be a date like 2027-06-15");

  const url = await ensureDatabaseUrl();
  try {
    await withSchemaEngine(url, applyMigrations);
    const result = await seedDatabase(db(), { today, scale, log: (message) => console.log(message) });
    if (result.skipped) process.exitCode = 1;
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
