import type { Browser, Page } from "@playwright/test";
import { expectNoAxeViolations } from "./support/axe";
import { sql } from "./support/db";
import { expect, logIn, test } from "./support/fixtures";
import { demoUsers, type DemoUser } from "./support/users";

/**
 * Further competition journeys on the demo data, with and without JavaScript (both projects
 * run against one database, so each names its shortlists and competitions by the project).
 *
 * ICB buyer Tom Walker leads; he and Helen Clarke (account manager, same ICB) score.
 * GP IT Futures' foundation solutions for prescribing (capability C14) are Aria GP, Beacon GP
 * and Cobalt GP; the only social prescribing solution (C37) is Fathom Link.
 */

const project = () => (test.info().project.use.javaScriptEnabled === false ? "no JS" : "JS");

const heading = (page: Page, name: string | RegExp) => expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
const task = (page: Page, name: string | RegExp) => page.getByRole("listitem").filter({ hasText: name }).last();
const saveAndContinue = (page: Page) => page.getByRole("button", { name: "Save and continue" }).click();

async function openTask(page: Page, name: string | RegExp) {
  await page.getByRole("link", { name }).click();
}

/** Saves a search as a shortlist and opens it. */
async function saveShortlist(page: Page, search: string, name: string) {
  await page.goto(`/buyer/shortlists/new?${search}`);
  await page.getByLabel("Shortlist name").fill(name);
  await page.getByRole("button", { name: "Save shortlist" }).click();
  await heading(page, name);
}

/** One scorer's scores for one solution: [features, implementation]. */
async function score(page: Page, solution: string, [features, implementation]: [string, string]) {
  await page.getByRole("link", { name: new RegExp(`^${solution} \\(`) }).click();
  await heading(page, `Score ${solution}`);
  await page.getByRole("group", { name: "Score for features" }).getByLabel(new RegExp(`^${features} –`)).check();
  await page.getByLabel("Why this score for features?").fill(`${solution} meets ${features} out of 5 of the feature requirements`);
  await page.getByRole("group", { name: "Score for implementation" }).getByLabel(new RegExp(`^${implementation} –`)).check();
  await page.getByLabel("Why this score for implementation?").fill(`${solution}'s implementation plan`);
  await saveAndContinue(page);
  await heading(page, "Your scores");
}

/** Someone else, signed in in their own browser context (the project's options apply to it too). */
async function as(browser: Browser, user: DemoUser, work: (page: Page) => Promise<void>) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await logIn(page, user);
    await expect(page).toHaveURL(new RegExp(`${demoUsers[user].home}$`));
    await work(page);
  } finally {
    await context.close();
  }
}

test("an ICB runs a further competition from a shortlist to a submitted call-off order", async ({ page, browser, signedInAs }) => {
  test.setTimeout(900_000); // A long journey, two people, an axe check on every page, on a shared 2-core machine.
  await signedInAs("icbBuyer");
  const name = `GP clinical system 2027 (${project()})`;
  await saveShortlist(page, "capability=C14&framework=NHSDGP001", `Prescribing systems (${project()})`);
  await page.getByRole("link", { name: "Run a further competition" }).click();

  // Start: 2 to 8 solutions, with a written reason for each one left out.
  await heading(page, "Start a further competition");
  await expectNoAxeViolations(page);
  await page.getByLabel("Name of the competition").fill(name);
  await page.getByRole("checkbox", { name: /^Cobalt GP/ }).check();
  await page.getByRole("button", { name: "Start competition" }).click();
  await expect(page).toHaveTitle(/^Error: /);
  await expect(page.getByRole("link", { name: /Include at least 2 solutions in a further competition/ })).toBeVisible();
  await expect(page.getByRole("button", { name: "Make a direct award" })).toBeVisible(); // one chosen: a direct award is offered
  await expect(page.getByLabel("Name of the competition")).toHaveValue(name);
  await page.getByRole("checkbox", { name: /^Beacon GP/ }).check();
  await page.getByLabel("Why is Beacon GP left out?").fill("");
  await page.getByRole("button", { name: "Start competition" }).click();
  await expect(page.getByRole("link", { name: "Enter why Aria GP is left out" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel("Why is Aria GP left out?").fill("Does not support our community pharmacy referrals");
  await page.getByRole("button", { name: "Start competition" }).click();

  await heading(page, name);
  await expectNoAxeViolations(page);
  const competitionUrl = new URL(page.url()).pathname;
  await expect(task(page, "Review and lock the criteria")).toContainText("Cannot start yet");
  // Scoped to the ICB: a practice buyer (another organisation) finds nothing there.
  await as(browser, "practiceBuyer", async (other) => {
    expect((await other.request.get(competitionUrl)).status()).toBe(404);
    expect((await other.request.get(`${competitionUrl}/result.csv`)).status()).toBe(404);
  });

  // Criteria, with bad answers first.
  await openTask(page, "Contract length");
  await page.getByLabel("How long will the contract be, in months?").fill("48");
  await saveAndContinue(page);
  await expect(page.getByRole("link", { name: "Contract length must be 36 months or fewer, the most the GP IT Futures framework allows" })).toBeVisible();
  await page.getByLabel("How long will the contract be, in months?").fill("24");
  await saveAndContinue(page);

  await openTask(page, "Award basis");
  await page.getByLabel("Price and non-price").check();
  await saveAndContinue(page);

  await openTask(page, "Weightings");
  const weights = async (values: [string, string, string]) => {
    await page.getByLabel("Price (%)").fill(values[0]);
    await page.getByLabel("Features (%)").fill(values[1]);
    await page.getByLabel("Implementation (%)").fill(values[2]);
    await saveAndContinue(page);
  };
  await weights(["60", "30", "20"]);
  await expect(page.getByRole("link", { name: "The weightings must add up to 100. They add up to 110" })).toBeVisible();
  await weights(["50", "-30", "20.5"]);
  await expect(page.getByRole("link", { name: "Features weighting must be 0 or more" })).toBeVisible();
  await expect(page.getByRole("link", { name: /Implementation weighting must be a whole number/ })).toBeVisible();
  await expect(page.getByLabel("Implementation (%)")).toHaveValue("20.5");
  await weights(["50", "30", "20"]);

  await openTask(page, "Features requirements");
  await expectNoAxeViolations(page);
  await page.getByLabel("Requirement 1", { exact: true }).fill("Electronic prescribing with EPS nominations");
  await page.getByRole("group", { name: "Requirement 1 is a" }).getByLabel("Must").check();
  await page.getByLabel("Requirement 2", { exact: true }).fill("Medicines optimisation prompts");
  await page.getByRole("group", { name: "Requirement 2 is a" }).getByLabel("Should").check();
  await saveAndContinue(page);

  await openTask(page, "Implementation requirements");
  await page.getByLabel("What must the supplier do to implement the solution?").fill("Live in every practice within 12 weeks, with data migration and training");
  await saveAndContinue(page);

  await openTask(page, "Review and lock the criteria");
  await heading(page, "Review and lock the criteria");
  await expect(page.getByText("MUST: Electronic prescribing with EPS nominations")).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Lock the criteria" }).click();
  await expect(task(page, "Review and lock the criteria")).toContainText("Completed");

  // Service recipients: two of the ICB's practices.
  await openTask(page, "Service recipients");
  await expectNoAxeViolations(page);
  await page.getByRole("checkbox").nth(0).check();
  await page.getByRole("checkbox").nth(1).check();
  await saveAndContinue(page);

  // Prices: never above list; quantities start as the practices' list sizes.
  await openTask(page, /Cobalt GP: price and quantities/);
  await expectNoAxeViolations(page);
  const quantities = page.getByRole("textbox", { name: /\([A-Z]\d{5}\)$/ });
  await expect(quantities).toHaveCount(2);
  for (const box of await quantities.all()) await expect(box).not.toHaveValue("");
  await page.getByLabel("Agreed price (£)").fill("99");
  await saveAndContinue(page);
  await expect(page.getByRole("link", { name: "Agreed price must be the same as or lower than the list price" })).toBeVisible();
  await page.getByLabel("Agreed price (£)").fill("5");
  await saveAndContinue(page);
  await openTask(page, /Beacon GP: price and quantities/);
  await saveAndContinue(page);
  await expect(task(page, /Beacon GP: price and quantities/)).toContainText("Completed");

  // Scorers, then each scores on their own.
  await openTask(page, "Scorers");
  await expectNoAxeViolations(page);
  await page.getByRole("checkbox", { name: /\(you\)$/ }).check();
  await page.getByRole("checkbox", { name: "Helen Clarke" }).check();
  await saveAndContinue(page);

  await openTask(page, "Your scores");
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: /^Cobalt GP \(/ }).click();
  await page.getByRole("group", { name: "Score for features" }).getByLabel(/^4 –/).check();
  await saveAndContinue(page);
  await expect(page.getByRole("link", { name: "Enter a justification for the features score" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Select a score for implementation" })).toBeVisible();
  await expectNoAxeViolations(page); // the scoresheet
  await page.getByRole("link", { name: "Back", exact: true }).click();
  await score(page, "Cobalt GP", ["4", "3"]);
  await score(page, "Beacon GP", ["2", "4"]);
  await page.getByRole("button", { name: "Submit your scores" }).click();
  await expect(task(page, "Your scores")).toContainText("Completed");
  await expect(task(page, "Compare scores and moderate")).toContainText("Cannot start yet");

  await as(browser, "icbAccountManager", async (colleague) => {
    await colleague.goto(competitionUrl);
    await heading(colleague, name);
    await expect(colleague.getByText("Tom Walker leads this competition; you can score it.")).toBeVisible();
    await expect(colleague.getByRole("link", { name: "Contract length" })).toHaveCount(0);
    await openTask(colleague, "Your scores");
    await score(colleague, "Cobalt GP", ["4", "3"]);
    await score(colleague, "Beacon GP", ["4", "4"]);
    await colleague.getByRole("button", { name: "Submit your scores" }).click();
    await expect(task(colleague, "Your scores")).toContainText("Completed");
  });

  // The lead sees where they differ by 2 or more and moderates.
  await page.reload();
  await openTask(page, "Compare scores and moderate");
  await heading(page, "Compare scores and moderate");
  await expect(page.getByText("1 score needs moderating.")).toBeVisible();
  await expectNoAxeViolations(page); // the comparison
  await page.getByRole("link", { name: "Moderate features for Beacon GP" }).click();
  await heading(page, "Moderate the features score for Beacon GP");
  await expectNoAxeViolations(page);
  await page.getByRole("group", { name: "Moderated score for features" }).getByLabel("3", { exact: true }).check();
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page.getByRole("link", { name: "Enter the reason for the moderated score" })).toBeVisible();
  await page.getByLabel("Reason for the moderated score").fill("Helen saw the nominations demo; Tom did not. Agreed 3 at moderation.");
  await saveAndContinue(page);
  await expect(page.getByText("Every difference that needs moderating has been moderated.")).toBeVisible();
  await page.getByRole("link", { name: "Return to the task list" }).click();

  // The result, by the published formulas; CSV and printable summary.
  await page.getByRole("link", { name: "Result", exact: true }).click();
  await heading(page, "Result");
  await expect(page.getByText("Cobalt GP wins")).toBeVisible();
  await expect(page.getByText(/Price score = lowest total cost ÷ this solution's total cost × price weight/)).toBeVisible();
  await expectNoAxeViolations(page);
  const csvHref = await page.getByRole("link", { name: "Download the result (CSV)" }).getAttribute("href");
  const csv = await (await page.request.get(csvHref!)).text();
  expect(csv.split("\r\n")[0]).toContain("Rank,Solution ID,Solution,Supplier,Total cost over 24 months (indicative),Price score (weight 50)");
  expect(csv).toMatch(/,1,10002-001,Cobalt GP,.*,50\.00,/);
  await page.getByRole("link", { name: "View or print the competition summary" }).click();
  await heading(page, "Competition summary");
  await expect(page.getByText("Does not support our community pharmacy referrals")).toBeVisible();
  await expectNoAxeViolations(page);

  // Award: a call-off order pre-filled from the competition, then submitted.
  await page.goto(`${competitionUrl}/award`);
  await heading(page, "Award to a call-off order");
  await expect(page.getByText("The competition will be awarded to")).toContainText("Cobalt GP");
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Award and start the call-off order" }).click();
  await heading(page, "Your order");
  await expect(page.getByText(/This order was awarded from/)).toBeVisible();
  await expect(page.getByText(new RegExp(`^C\\d{6}-01: ${name.replace(/[()]/g, "\\$&")}`))).toBeVisible();
  await expect(task(page, "Framework and supplier")).toContainText("Completed");
  await expect(task(page, "Service recipients")).toContainText("Completed");

  await openTask(page, "Commencement date and term");
  await expect(page.getByLabel("Maximum term (months)")).toHaveValue("24");
  const start = new Date(Date.now() + 45 * 24 * 60 * 60 * 1000);
  const group = page.getByRole("group", { name: "Commencement date" });
  await group.getByLabel("Day").fill(String(start.getUTCDate()));
  await group.getByLabel("Month").fill(String(start.getUTCMonth() + 1));
  await group.getByLabel("Year").fill(String(start.getUTCFullYear()));
  await page.getByLabel("Initial period (months)").fill("12");
  await saveAndContinue(page);
  await openTask(page, "Additional and Associated Services");
  await saveAndContinue(page);
  await openTask(page, /Cobalt GP: price and quantity/);
  await expect(page.getByLabel("Agreed price (£)")).toHaveValue("5.00");
  await page.getByLabel("Central funding (GPIT)").check();
  await saveAndContinue(page);
  await openTask(page, "Review and submit your order");
  await page.getByRole("button", { name: "Submit order" }).click();
  await heading(page, "Order completed");

  // The competition shows its award and the order.
  await page.goto(competitionUrl);
  await expect(page.getByRole("region", { name: "Awarded" })).toContainText(/to call-off order C\d{6}-01/);
  await expectNoAxeViolations(page);
});

test("a shortlist with one solution left makes a direct award, recorded with its justification", async ({ page, signedInAs }) => {
  test.slow();
  await signedInAs("icbBuyer");
  await saveShortlist(page, "capability=C37", `Social prescribing (${project()})`);
  await page.getByRole("link", { name: "Run a further competition" }).click();
  await heading(page, "Make a direct award");
  await expect(page.getByText("Only Fathom Link")).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel("Name of the award").fill(`Social prescribing link workers (${project()})`);
  await page.getByRole("button", { name: "Make a direct award" }).click();
  await expect(page.getByRole("link", { name: "Enter why you are making a direct award" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel("Why are you awarding to this solution without a competition?").fill("The only assured social prescribing solution on the catalogue");
  await page.getByRole("button", { name: "Make a direct award" }).click();
  await heading(page, "Your order");
  await expect(page.getByText(/This order was awarded from/)).toBeVisible();
  await page.getByRole("link", { name: "a further competition or direct award" }).click();
  await expect(page.getByRole("region", { name: "Awarded" })).toBeVisible();
  await expect(page.getByText("The only assured social prescribing solution on the catalogue")).toBeVisible();
  await expectNoAxeViolations(page);
  await page.goto("/buyer/competitions");
  await heading(page, "Further competitions");
  await expectNoAxeViolations(page);
});

test("a GP practice sets interoperability and service levels criteria, locks them, and starts a new revision", async ({ page, signedInAs }) => {
  test.slow();
  await signedInAs("practiceBuyer");
  await saveShortlist(page, "capability=C6&framework=NHSDGP001", `Decision support (${project()})`);
  await page.getByRole("link", { name: "Run a further competition" }).click();
  await page.getByLabel("Name of the competition").fill(`Decision support (${project()})`);
  for (const box of await page.getByRole("checkbox").all()) await box.check();
  await page.getByRole("button", { name: "Start competition" }).click();
  await heading(page, `Decision support (${project()})`);

  // A practice's only service recipient is itself.
  await openTask(page, "Service recipients");
  await expect(page.getByText("your only service recipient is")).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(task(page, "Service recipients")).toContainText("Completed");

  await openTask(page, "Contract length");
  await page.getByLabel("How long will the contract be, in months?").fill("36");
  await saveAndContinue(page);
  await openTask(page, "Award basis");
  await page.getByLabel("Price and non-price").check();
  await saveAndContinue(page);
  await openTask(page, "Weightings");
  await page.getByLabel("Price (%)").fill("40");
  await page.getByLabel("Features (%)").fill("0");
  await page.getByLabel("Implementation (%)").fill("0");
  await page.getByLabel("Interoperability (%)").fill("30");
  await page.getByLabel("Service levels (%)").fill("30");
  await saveAndContinue(page);
  await expect(page.getByRole("link", { name: "Features requirements" })).toHaveCount(0);

  await openTask(page, "Interoperability requirements");
  await saveAndContinue(page);
  await expect(page.getByRole("link", { name: "Select at least one integration type the solution must support" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel("IM1 Transactional").check();
  await page.getByLabel("GP Connect Access Record Structured").check();
  await saveAndContinue(page);

  await openTask(page, "Service levels requirements");
  await page.getByLabel("Available from").fill("18:00");
  await page.getByLabel("Available until").fill("8:00");
  await saveAndContinue(page);
  await expect(page.getByRole("link", { name: "Available until must be later than available from" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Select the days the service must be available" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel("Available from").fill("8:00");
  await page.getByLabel("Available until").fill("18:30");
  for (const day of ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]) await page.getByLabel(day).check();
  await page.getByRole("group", { name: "Including bank holidays?" }).getByLabel("No").check();
  await saveAndContinue(page);

  await openTask(page, "Review and lock the criteria");
  await expect(page.getByText("Available 08:00 to 18:30")).toBeVisible();
  await expect(page.getByText("GP Connect Access Record Structured")).toBeVisible();
  await page.getByRole("button", { name: "Lock the criteria" }).click();
  await openTask(page, "Review and lock the criteria");
  await heading(page, "The criteria are locked");
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Start a new revision" }).click();
  await expect(page.getByRole("link", { name: "Enter why the criteria need to change" })).toBeVisible();
  await page.getByLabel("Why do the criteria need to change?").fill("Weekend cover is needed for the extended access hub");
  await page.getByRole("button", { name: "Start a new revision" }).click();
  await expect(page.getByText(/\(revision 2\)/)).toBeVisible();
  await expect(task(page, "Review and lock the criteria")).toContainText("Not started");
});


/**
 * Each project lapses a different solution that no other spec uses (both share one database):
 * with JavaScript, Vantage Rx Optimise against Cobalt GP (capability C3); without, Ripple
 * Workflow against Cobalt Workflow (C50, where Ripple Docs and Ripple Correspondence are left
 * out). The lapsing one is the cheaper, so it wins on price.
 */
const LAPSE_CASES = {
  JS: { search: "capability=C3&framework=NHSDGP001", lapsing: { id: "10020-003", name: "Vantage Rx Optimise" }, other: "Cobalt GP", leftOut: [] as string[] },
  "no JS": { search: "capability=C50&framework=NHSDGP001", lapsing: { id: "10016-002", name: "Ripple Workflow" }, other: "Cobalt Workflow", leftOut: ["Ripple Docs", "Ripple Correspondence"] },
};

test("an award passes over a solution whose assurance lapsed during the competition, and commercial staff see the lead's note", async ({ page, browser, signedInAs }) => {
  test.setTimeout(420_000); // Two people and a whole price-only competition on a shared 2-core machine.
  const { search, lapsing, other, leftOut } = LAPSE_CASES[project()];
  const name = `Medicines optimisation (${project()})`;
  await signedInAs("practiceBuyer");
  await saveShortlist(page, search, `Lapse during a competition (${project()})`);
  await page.getByRole("link", { name: "Run a further competition" }).click();
  await page.getByLabel("Name of the competition").fill(name);
  for (const solution of [lapsing.name, other]) await page.getByRole("checkbox", { name: new RegExp(`^${solution}`) }).check();
  for (const solution of leftOut) await page.getByLabel(`Why is ${solution} left out?`).fill(`${solution} does not cover our medicines workflow`);
  await page.getByRole("button", { name: "Start competition" }).click();
  await heading(page, name);
  const competitionUrl = new URL(page.url()).pathname;

  await openTask(page, "Service recipients");
  await page.getByRole("button", { name: "Continue" }).click();
  await openTask(page, "Contract length");
  await page.getByLabel("How long will the contract be, in months?").fill("12");
  await saveAndContinue(page);
  await openTask(page, "Award basis");
  await page.getByLabel("Price only").check();
  await saveAndContinue(page);
  await openTask(page, "Review and lock the criteria");
  await page.getByRole("button", { name: "Lock the criteria" }).click();
  for (const solution of [lapsing.name, other]) {
    await openTask(page, new RegExp(`${solution}: price and quantities`));
    await saveAndContinue(page);
  }
  await page.getByRole("link", { name: "Result", exact: true }).click();
  await expect(page.getByText(`${lapsing.name} wins`)).toBeVisible();

  // The winner's assurance lapses before the award (the daily scan's change to its real record).
  const [record] = await sql<{ id: string; status: string; expires_on: Date | null }>(
    "SELECT id, status, expires_on FROM assurance_records WHERE catalogue_item_id = $1 AND standard_id = 'S26'",
    [lapsing.id],
  );
  await sql("UPDATE assurance_records SET status = 'LAPSED', expires_on = current_date - 2 WHERE id = $1", [record.id]);
  try {
    const lapsedReason = new RegExp(`${lapsing.name}'s Data Migration assurance lapsed on \\d{1,2} [A-Z][a-z]{2} \\d{4}\\.`);
    await page.goto(`${competitionUrl}/award`);
    await heading(page, "Award to a call-off order");
    await expect(page.getByRole("listitem").filter({ hasText: lapsedReason })).toHaveCount(1);
    await expect(page.getByText("The competition will be awarded to")).toContainText(other);
    await expectNoAxeViolations(page);
    await page.getByRole("button", { name: "Award and start the call-off order" }).click();
    await expect(page).toHaveTitle(/^Error: /);
    await expect(page.getByRole("link", { name: "Enter a note for commercial staff on the award passing over a solution whose assurance lapsed" })).toBeVisible();
    await expectNoAxeViolations(page);
    const note = `${lapsing.name}'s supplier says the Data Migration assurance is being renewed (${project()})`;
    await page.getByLabel("Note for commercial staff on passing over a solution whose assurance lapsed").fill(note);
    await page.getByRole("button", { name: "Award and start the call-off order" }).click();
    await heading(page, "Your order");
    await expect(page.getByText(/This order was awarded from/)).toBeVisible();
    await expect(task(page, "Framework and supplier")).toContainText("Completed");

    await as(browser, "commercialStaff", async (staff) => {
      await staff.goto("/admin/competitions");
      await heading(staff, "Competition awards that passed over a solution whose assurance lapsed");
      const row = staff.getByRole("row").filter({ hasText: name });
      await expect(row).toContainText(note);
      await expect(row).toContainText(lapsedReason);
      await expect(row).toContainText(new RegExp(`${other} \\(`));
      await expectNoAxeViolations(staff);
    });
  } finally {
    await sql("UPDATE assurance_records SET status = $2, expires_on = $3 WHERE id = $1", [record.id, record.status, record.expires_on]);
  }
});

test("commercial staff see awards that passed over a solution whose assurance lapsed; suppliers never see a competition", async ({ page, browser, signedInAs }) => {
  test.slow();
  await signedInAs("commercialStaff");
  await page.goto("/admin");
  await page.getByRole("link", { name: "Competition awards" }).click();
  await heading(page, "Competition awards that passed over a solution whose assurance lapsed");
  await expectNoAxeViolations(page);
  expect((await page.request.get("/buyer/competitions")).status()).toBe(403);
  await as(browser, "supplier", async (supplier) => {
    expect((await supplier.request.get("/buyer/competitions")).status()).toBe(403);
    expect((await supplier.request.get("/admin/competitions")).status()).toBe(403);
  });
});
