import pg from "pg";
import { e2e } from "./e2e-env";

/** A query on the test server's database, for what a person would read in their email (links with tokens) or to check an outcome. */
export async function sql<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: e2e.databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}
