import { expect, test, type Page } from "@playwright/test";
import { HOTP, Secret } from "otpauth";
import pg from "pg";
import { e2e } from "./e2e-env";

/** The demo staff account's two-factor key (seed/demo.ts DEMO_TOTP_SECRET, README "Demo accounts"). */
export const DEMO_TOTP_SECRET = "NHSBUYINGCATALOGUEDEMOSTAFFTOTP2";

const PERIOD_MS = 30_000;
const stepNow = () => Math.floor(Date.now() / PERIOD_MS);

/** The code an authenticator app shows for a time step (SHA-1, 6 digits, 30 s). */
export function totpCode(secret: string, step: number): string {
  return HOTP.generate({ secret: Secret.fromBase32(secret.replace(/\s/g, "")), algorithm: "SHA1", digits: 6, counter: step });
}

export async function lastUsedStep(email: string): Promise<number | null> {
  const client = new pg.Client({ connectionString: e2e.databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ step: number | null }>("SELECT totp_last_step AS step FROM users WHERE email = $1", [email]);
    return rows[0]?.step ?? null;
  } finally {
    await client.end();
  }
}

/**
 * A time step whose code the server will accept now: codes are single use per step, and
 * both workers and both projects sign in as the same staff account, so this is the smallest
 * step of the ±1 window after the last one used (the previous step only while at least 10 s of
 * the current one remain, so it is still in the window when it arrives). When all three are
 * used, it waits for the next step, adding the wait to the test's time allowed.
 */
export async function unusedStep(email: string): Promise<number> {
  for (;;) {
    const last = await lastUsedStep(email);
    const current = stepNow();
    const remainingMs = (current + 1) * PERIOD_MS - Date.now();
    const candidates = [...(remainingMs > 10_000 ? [current - 1] : []), current, current + 1];
    const step = candidates.find((candidate) => last === null || candidate > last);
    if (step !== undefined) return step;
    const wait = remainingMs + 250;
    test.info().setTimeout(test.info().timeout + wait);
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

/** Submits the code form and says whether the server accepted the code (then waits to be signed in). */
async function submitCode(page: Page, code: string): Promise<boolean> {
  await page.getByLabel("Code", { exact: true }).fill(code);
  const answer = page.waitForResponse((response) => response.request().method() === "POST" && new URL(response.url()).pathname === "/login/two-factor");
  await page.getByRole("button", { name: "Log in" }).click();
  if ((await answer).status() >= 400) {
    await expect(page.getByRole("alert").filter({ hasText: "There is a problem" })).toBeVisible();
    return false;
  }
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  return true;
}

/**
 * The second step of signing in on /login/two-factor, with a code computed from the secret for
 * a step not used yet. Both workers and both projects sign in as the demo staff account, and
 * two of them reading the same last step would pick the same code, one being refused as used
 * (CI failed that way, twice in a row for one test). So the choice and the submit happen under a
 * PostgreSQL advisory lock on the address: sign-ins of one account take their turn, the others
 * are not slowed. A refusal still gets a fresh step (the clock may have moved past the window).
 */
export async function enterTwoFactorCode(page: Page, email: string, secret = DEMO_TOTP_SECRET) {
  await expect(page).toHaveURL(/\/login\/two-factor$/);
  const lock = new pg.Client({ connectionString: e2e.databaseUrl });
  await lock.connect();
  try {
    // Waiting for the turn (another sign-in may be waiting for a new step) adds to the time allowed.
    // The allowance is raised first, or the test could run out of time while it waits.
    const allowed = test.info().timeout;
    const waitFrom = Date.now();
    test.info().setTimeout(allowed + 120_000);
    await lock.query("SELECT pg_advisory_lock(hashtext('e2e two-factor ' || $1))", [email]);
    test.info().setTimeout(allowed + (Date.now() - waitFrom));
    for (let attempt = 1; ; attempt++) {
      if (await submitCode(page, totpCode(secret, await unusedStep(email)))) return;
      if (attempt === 3) throw new Error(`The code for ${email} was refused ${attempt} times: ${await page.getByRole("alert").first().innerText()}`);
    }
  } finally {
    // Ending the session releases the lock too, but say so rather than rely on it.
    await lock.query("SELECT pg_advisory_unlock_all()").catch(() => undefined);
    await lock.end();
  }
}
