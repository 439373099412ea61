import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "~/test/database";
import { runAdminSql, urlForDatabase } from "~/test/postgres-admin";
import { applyMigrations, diffMigrationsToSchema, isEmptyMigration, readMigrations, readSchema, withSchemaEngine } from "./lib/schema-engine";

/**
 * The migrations folder and prisma/schema.prisma must describe the same database: a schema
 * change without its migration (or a hand edit to a migration) fails here.
 */
const template = useTestDatabase();
let emptyUrl: string;
let emptyName: string;

beforeAll(async () => {
  emptyName = `drift_${randomBytes(6).toString("hex")}`;
  await runAdminSql(urlForDatabase(template.url, "postgres"), `CREATE DATABASE "${emptyName}"`);
  emptyUrl = urlForDatabase(template.url, emptyName);
});

afterAll(async () => {
  await runAdminSql(urlForDatabase(template.url, "postgres"), `DROP DATABASE IF EXISTS "${emptyName}" WITH (FORCE)`);
});

describe("migrations", () => {
  it("apply to an empty database and leave no difference from the Prisma schema", async () => {
    const { applied, drift, replay } = await withSchemaEngine(emptyUrl, async (engine) => ({
      applied: await applyMigrations(engine),
      drift: await diffMigrationsToSchema(engine),
      replay: await applyMigrations(engine),
    }));
    expect(applied).toEqual(readMigrations().migrationDirectories.map((directory) => directory.path));
    expect(isEmptyMigration(drift), drift).toBe(true);
    expect(replay).toEqual([]);

    const client = new pg.Client({ connectionString: emptyUrl });
    await client.connect();
    try {
      const { rows } = await client.query("SELECT migration_name, finished_at IS NOT NULL AS finished FROM _prisma_migrations ORDER BY migration_name");
      expect(rows).toEqual(applied.map((name) => ({ migration_name: name, finished: true })));
    } finally {
      await client.end();
    }
  });

  it("the engine sees the schema: diffing from nothing creates every table", async () => {
    const sql = await withSchemaEngine(emptyUrl, (engine) =>
      engine
        .diff({ from: { tag: "empty" }, to: { tag: "schemaDatamodel", ...readSchema() }, script: true, exitCode: null, filters: { externalTables: [], externalEnums: [] } })
        .then((result) => result.stdout ?? ""),
    );
    for (const table of ["catalogue_items", "assurance_records", "contracts", "audit_events", "outbox_messages"]) {
      expect(sql).toContain(`CREATE TABLE "${table}"`);
    }
  });

  it("isEmptyMigration ignores comments and blank lines only", () => {
    expect(isEmptyMigration("-- This is an empty migration.\n\n")).toBe(true);
    expect(isEmptyMigration("-- AlterTable\nALTER TABLE x ADD COLUMN y int;")).toBe(false);
  });
});

describe("database rules the schema cannot express", () => {
  it("are enforced by the migrated database as a last line of defence", async () => {
    const db = template.db;
    await expect(db.allowedEmailDomain.create({ data: { domain: "NHS.NET" } })).rejects.toThrow(/allowed_email_domains_domain_lowercase_check|check constraint/i);
    await db.auditEvent.create({ data: { action: "test.write", objectType: "Test", objectId: "1" } });
    await expect(db.$executeRawUnsafe(`UPDATE audit_events SET action = 'test.rewrite'`)).rejects.toThrow(/append-only/);
    await expect(db.$executeRawUnsafe(`DELETE FROM audit_events`)).rejects.toThrow(/append-only/);
    await expect(db.$executeRawUnsafe(`TRUNCATE audit_events`)).rejects.toThrow(/append-only/);
    expect(await db.auditEvent.count({ where: { action: "test.write" } })).toBe(1);
  });
});
