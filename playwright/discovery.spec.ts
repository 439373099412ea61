import { readFileSync } from "node:fs";
import pg from "pg";
import { expectNoAxeViolations } from "./support/axe";
import { e2e } from "./support/e2e-env";
import { expect, logIn, test } from "./support/fixtures";

/**
 * Catalogue discovery (issue 3): search → filter → compare → CSV → solution page; a buyer's
 * shortlist saved and reopened; the 410 of a withdrawn listing; bad parameters. Each runs
 * with and without JavaScript (the playwright projects).
 */

// Journeys of several pages, each scanned by axe: more than the default minute on a busy machine.
test.describe.configure({ timeout: 150_000 });

test("a visitor searches, filters, compares two solutions, downloads the comparison and opens one", async ({ page }) => {
  await page.goto("/solutions");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Find Catalogue Solutions");
  await page.getByLabel("Search by solution, supplier, capability or integration").fill("prescibing");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page).toHaveURL(/q=prescibing/);
  // A typo still finds prescribing systems, with the matched word highlighted.
  await expect(page.getByRole("status")).toHaveText(/\d+ solutions found/);
  await expect(page.getByRole("link", { name: "Aria GP" })).toBeVisible();

  await page.getByLabel(/^Prescribing \(C14\)/).check();
  // With JavaScript the tick alone updates the results; the button is the path without it (and
  // covers a tick made before the page has hydrated).
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/capability=C14/);
  await expect(page.getByRole("link", { name: /Remove filter Capability: Prescribing \(C14\)/ })).toBeVisible();
  await expect(page.locator("mark").first()).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByLabel("Select to compare: Aria GP").check();
  await page.getByLabel("Select to compare: Beacon GP").check();
  await page.getByRole("button", { name: "Compare selected solutions" }).click();
  await expect(page).toHaveURL(/\/compare\?ids=.*10000-001/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Compare Catalogue Solutions");
  await expect(page.getByRole("region", { name: "Capabilities" }).getByRole("rowheader", { name: /C14 Prescribing/ })).toBeVisible();
  await expect(page.getByRole("region", { name: /Prices for a practice of 10,000 patients/ })).toContainText("Lowest annual cost");
  await expectNoAxeViolations(page);

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download this comparison (CSV)" }).click()]);
  const csv = readFileSync((await download.path())!, "utf8");
  expect(csv.split("\r\n")[0]).toMatch(/^Section,Row,.*Aria GP \(10000-001\).*,Differs$/);
  expect(csv.split("\r\n")[0]).toContain("Beacon GP (10001-001)");
  expect(csv).toContain("Capabilities,C14 Prescribing,Met,Met,No");

  await page.getByRole("region", { name: "Summary" }).getByRole("link", { name: "Aria GP", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Aria GP");
  await expect(page.getByText("Foundation solution").first()).toBeVisible();
  await expect(page.getByRole("heading", { name: "Standards and assurance" })).toBeVisible();
  await expect(page.getByText(/Assured until \d{1,2} \w{3} \d{4}/).first()).toBeVisible();
  await expect(page.getByRole("link", { name: "Order this solution" })).toHaveCount(0);
  await expectNoAxeViolations(page);

  // "Add to compare" posts (no JavaScript needed) and adds to the comparison on screen before.
  await page.getByRole("button", { name: /^Add to compare\s*: Aria GP$/ }).click();
  await expect(page).toHaveURL(/\/compare\?ids=10000-001%2C10001-001$|\/compare\?ids=10001-001%2C10000-001$/);
});

test("long filter lists show the values with most results and expand, keeping what is chosen", async ({ page }) => {
  await page.goto("/solutions");
  await page.locator("summary", { hasText: /^Supplier/ }).click();
  const suppliers = page.locator('input[name="supplier"]');
  await expect(suppliers).toHaveCount(8);
  // A button of the GET form: it works without JavaScript and keeps ticks not yet applied.
  await page.getByRole("button", { name: /^Show all \d+ suppliers$/ }).click();
  await expect(page).toHaveURL(/expand=supplier/);
  await expect(page.getByRole("link", { name: "Show fewer suppliers" })).toBeVisible();
  const all = await suppliers.count();
  expect(all).toBeGreaterThan(8);
  await expectNoAxeViolations(page);

  // The one with fewest results would not be in the short list: once chosen, it stays in view.
  const last = suppliers.nth(all - 1);
  const value = (await last.getAttribute("value"))!;
  await last.check();
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(new RegExp(`supplier=${value}`));
  await page.getByRole("link", { name: "Show fewer suppliers" }).click();
  await expect(page).not.toHaveURL(/expand=/);
  await expect(page.locator(`input[name="supplier"][value="${value}"]`)).toBeChecked();
});

test("a buyer saves a search as a shortlist, reopens it and downloads its results", async ({ page }) => {
  const name = `Online consultation ${test.info().project.name}`;
  await logIn(page, "practiceBuyer");
  await expect(page).toHaveURL(/\/buyer$/);
  await page.goto("/solutions?q=online+consultation");
  await page.getByRole("link", { name: "Save this search as a shortlist" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Save this search as a shortlist");

  await page.getByRole("button", { name: "Save shortlist" }).click();
  await expect(page).toHaveTitle(/^Error: /);
  await expect(page.getByRole("alert")).toContainText("Enter a name for the shortlist");
  await expectNoAxeViolations(page);

  await page.getByLabel("Shortlist name").fill(name);
  await page.getByRole("button", { name: "Save shortlist" }).click();
  await expect(page.getByText("Shortlist saved.")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  await expect(page.getByText("Nothing has changed")).toBeVisible();
  await expectNoAxeViolations(page);

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download results (CSV)" }).click()]);
  const csv = readFileSync((await download.path())!, "utf8");
  expect(csv.split("\r\n")[0]).toBe("Solution ID,Name,Supplier,Capabilities,Frameworks,Assurance,From price,New since saved");
  expect(csv).toContain("Compass Online Consult");

  await page.goto("/buyer/shortlists");
  await expectNoAxeViolations(page);
  // The demo's older shortlist reopens against today's catalogue too.
  await page.getByRole("link", { name: "Online consultation options" }).click();
  await expect(page.getByRole("heading", { name: /^What has changed since it was saved on \d{1,2} [A-Z][a-z]{2} \d{4}$/ })).toBeVisible();
  await page.goto("/buyer/shortlists");
  await page.getByRole("link", { name }).click();
  await page.getByRole("button", { name: new RegExp(`^Delete shortlist\\s*: ${name}$`) }).click();
  await expect(page.getByText("The shortlist was deleted.")).toBeVisible();

  await page.goto("/solutions/10000-001");
  await expect(page.getByRole("link", { name: "Order this solution" })).toHaveAttribute("href", "/buyer/orders/new?solution=10000-001");
});

test("a withdrawn listing answers 410 with its date and reason; bad parameters get a 400", async ({ page, request }) => {
  const client = new pg.Client({ connectionString: e2e.databaseUrl });
  await client.connect();
  const { rows } = await client.query<{ id: string; withdrawn_reason: string }>(
    "SELECT id, withdrawn_reason FROM catalogue_items WHERE withdrawn_at IS NOT NULL AND kind = 'SOLUTION' ORDER BY id LIMIT 1",
  );
  await client.end();
  const withdrawn = rows[0];

  const response = await page.goto(`/solutions/${withdrawn.id}`);
  expect(response?.status()).toBe(410);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("This page has been removed");
  await expect(page.getByText(/was withdrawn from the catalogue on \d{1,2} \w{3} \d{4}/)).toContainText(withdrawn.withdrawn_reason);
  await expectNoAxeViolations(page);

  const bad = await page.goto("/solutions?page=0&capability=DROP");
  expect(bad?.status()).toBe(400);
  await expect(page.getByText(/Capability must be a reference such as C14/)).toBeVisible();

  const api = await request.get("/api/v1/solutions?perPage=500");
  expect(api.status()).toBe(400);
  expect(await api.json()).toMatchObject({ error: { problems: [{ param: "perPage" }] } });
  const ok = await request.get("/api/v1/solutions?q=video&capability=C44");
  const etag = ok.headers()["etag"];
  expect((await ok.json()).hits.length).toBeGreaterThan(0);
  expect((await request.get("/api/v1/solutions?q=video&capability=C44", { headers: { "If-None-Match": etag } })).status()).toBe(304);
});
