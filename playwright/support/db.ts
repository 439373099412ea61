import pg from "pg";
import { e2e } from "./e2e-env";
import { demoUsers } from "./users";

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

/**
 * A practice buyer of their own in the demo practice, with the demo password, so a journey that
 * changes an account (its password, its two-factor sign-in) touches no demo account.
 */
export async function newPracticeBuyer(email: string, { acceptedTerms = true } = {}) {
  const [buyer] = await sql<{ password_hash: string; organisation_id: string }>("SELECT password_hash, organisation_id FROM users WHERE email = $1", [demoUsers.practiceBuyer.email]);
  await sql("INSERT INTO users (id, email, name, password_hash, organisation_id, role, updated_at) VALUES ($1, $2, 'Robin Reset', $3, $4, 'BUYER', now())", [
    `user-${email}`,
    email,
    buyer.password_hash,
    buyer.organisation_id,
  ]);
  // Accepted the terms of use already, as the demo's own accounts have.
  if (acceptedTerms) await sql("INSERT INTO terms_acceptances (id, user_id, terms_id) SELECT $1, $2, id FROM terms_of_use ORDER BY version DESC LIMIT 1", [`acceptance-${email}`, `user-${email}`]);
}
