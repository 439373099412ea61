import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "../../app/utils/embedded-postgres.server";
import { createDb } from "../../app/utils/db.server";
import { seedDatabase } from "../../seed/index";
import { applyMigrations, withSchemaEngine } from "./schema-engine";

/**
 * An embedded PostgreSQL seeded with `scale` solutions for a benchmark. With `keptDir` the
 * database lives there and is reused by the next run (seeding 30,000 solutions takes ~10
 * minutes on this machine); migrations are applied either way, so a kept database follows
 * the schema. Without it the database is thrown away on release().
 */
export async function seededBenchDatabase({ scale, keptDir, name, log }: { scale: number; keptDir: string | null; name: string; log: (message: string) => void }) {
  const runDir = keptDir ?? mkdtempSync(path.join(os.tmpdir(), `${name}-`));
  mkdirSync(runDir, { recursive: true });
  chmodSync(runDir, 0o755);
  // A kept database must survive stop(); a throwaway one is deleted by it.
  const database = await startEmbeddedPostgres({ dataDir: path.join(runDir, "pgdata"), database: name.replace(/-/g, "_"), persistent: keptDir !== null });
  const db = createDb(database.url);
  const release = async () => {
    await db.$disconnect();
    await database.stop();
    if (!keptDir && existsSync(runDir)) rmSync(runDir, { recursive: true, force: true });
  };
  try {
    await withSchemaEngine(database.url, (engine) => applyMigrations(engine));
    const already = await db.catalogueItem.count({ where: { kind: "SOLUTION" } });
    if (keptDir && already >= scale) {
      log(`Reusing the ${already} solutions seeded in ${runDir}.`);
    } else {
      if (already > 0) throw new Error(`${runDir} holds ${already} solutions, fewer than ${scale}: delete it to seed afresh.`);
      const seedStarted = Date.now();
      await seedDatabase(db, { today: new Date(), scale, log: () => {} });
      const solutions = await db.catalogueItem.count({ where: { kind: "SOLUTION" } });
      log(`Seeded ${solutions} solutions in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s.`);
    }
  } catch (error) {
    await release().catch(() => {});
    throw error;
  }
  return { url: database.url, db, runDir, release };
}
