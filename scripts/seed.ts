import { seedDatabase } from "../seed/index";
import { runCommand, usageError } from "./lib/command";
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

runCommand({
  help,
  options: { scale: { type: "string" }, today: { type: "string" } },
  async run({ values, databaseUrl, db, log }) {
    const scale = values.scale === undefined ? undefined : Number(values.scale);
    if (scale !== undefined && (!Number.isInteger(scale) || scale < 1 || scale > 200_000)) return usageError("--scale must be a whole number from 1 to 200000");
    const today = values.today ? new Date(`${values.today}T12:00:00Z`) : new Date();
    if (Number.isNaN(today.getTime())) return usageError("--today must be a date like 2027-06-15");
    await withSchemaEngine(databaseUrl, applyMigrations);
    const result = await seedDatabase(db, { today, scale, log });
    if (result.skipped) process.exitCode = 1;
  },
});
