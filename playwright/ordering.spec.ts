import type { Page } from "@playwright/test";
import { asDateOnly, formatNhsDate } from "../app/modules/dates";
import { expectNoAxeViolations } from "./support/axe";
import { expect, test } from "./support/fixtures";
import { switchOnLatestDate } from "./support/switching";

/**
 * Call-off ordering journeys on the demo data, with and without JavaScript (both projects run
 * against one database, so each picks its own contract by the project's index).
 */

const projectIndex = () => (test.info().project.use.javaScriptEnabled === false ? 1 : 0);

async function saveAndContinue(page: Page) {
  await page.getByRole("button", { name: "Save and continue" }).click();
}

/** A row of the task list (the innermost list item holding the task's name). */
const task = (page: Page, name: string | RegExp) => page.getByRole("listitem").filter({ hasText: name }).last();

async function openTask(page: Page, name: string | RegExp) {
  await page.getByRole("link", { name }).click();
}

/** Fills a date input's three boxes, as typed (so 31 2 2026 stays an impossible date). */
async function fillDateParts(page: Page, legend: string | RegExp, [day, month, year]: [string, string, string]) {
  const group = page.getByRole("group", { name: legend });
  await group.getByLabel("Day").fill(day);
  await group.getByLabel("Month").fill(month);
  await group.getByLabel("Year").fill(year);
}

const fillDate = (page: Page, legend: string | RegExp, date: Date) =>
  fillDateParts(page, legend, [String(date.getUTCDate()), String(date.getUTCMonth() + 1), String(date.getUTCFullYear())]);

const inDays = (days: number) => new Date(Date.now() + days * 24 * 60 * 60 * 1000);

async function submitFromReview(page: Page, checkAnswers?: () => Promise<void>) {
  await openTask(page, "Review and submit your order");
  await expect(page.getByRole("heading", { level: 1, name: "Review and submit your order" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Indicative costs" })).toBeVisible();
  await checkAnswers?.();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Submit order" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Order completed" })).toBeVisible();
  const callOffId = (await page.locator("strong", { hasText: /^C\d{6}-\d{2}$/ }).textContent())!;
  return callOffId;
}

test("a practice buyer orders a per-patient solution from start to confirmation", async ({ page, signedInAs }) => {
  test.slow(); // A long journey with an axe check on every page, on a machine shared with other runs.
  await signedInAs("practiceBuyer");
  await page.goto("/buyer/orders/new?solution=10001-002");
  await expect(page.getByText("This order starts with")).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Start order" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Start a new call-off order");
  await expect(page.getByRole("link", { name: "Enter a description of the order" })).toBeVisible();
  await expect(page).toHaveTitle(/^Error: /);
  await page.getByLabel("Describe the order").fill("Online bookings for the practice");
  await page.getByRole("button", { name: "Start order" }).click();

  // The task list: prepared from the solution; the practice is its own service recipient.
  await expect(page.getByRole("heading", { level: 1, name: "Your order" })).toBeVisible();
  await expectNoAxeViolations(page);
  await expect(task(page, "Framework and supplier")).toContainText("Completed");
  await expect(task(page, "Service recipients")).toContainText("Completed");
  await expect(task(page, "Review and submit your order")).toContainText("Cannot start yet");

  await openTask(page, "Commencement date and term");
  // Bad dates and terms are explained and the answers kept.
  await fillDateParts(page, "Commencement date", ["31", "2", "2026"]);
  await page.getByLabel("Initial period (months)").fill("12");
  await page.getByLabel("Maximum term (months)").fill("48");
  await saveAndContinue(page);
  await expect(page.getByRole("link", { name: "Commencement date must be a real date, like 14 6 2026" })).toBeVisible();
  await expect(page.getByRole("link", { name: /Maximum term must be 36 months or fewer/ })).toBeVisible();
  await expect(page.getByLabel("Initial period (months)")).toHaveValue("12");
  await expectNoAxeViolations(page);
  await fillDate(page, "Commencement date", inDays(120));
  await page.getByLabel("Maximum term (months)").fill("36");
  await saveAndContinue(page);

  await openTask(page, "Additional and Associated Services");
  await expectNoAxeViolations(page);
  await saveAndContinue(page);

  await openTask(page, /Beacon Bookings: price and quantity/);
  const quantity = page.getByRole("textbox", { name: /\(P81001\)/ });
  await expect(quantity).not.toHaveValue("");
  await quantity.fill("1.5");
  await page.getByLabel("Agreed price (£)").fill("999");
  await saveAndContinue(page);
  await expect(page.getByRole("link", { name: "Agreed price must be the same as or lower than the list price" })).toBeVisible();
  await expect(page.getByRole("link", { name: /must be a whole number/ })).toBeVisible();
  await expectNoAxeViolations(page);
  await quantity.fill("8000");
  await page.getByLabel("Agreed price (£)").fill("1");
  await saveAndContinue(page);
  await expect(task(page, /Beacon Bookings: price and quantity/)).toContainText("Completed");

  const callOffId = await submitFromReview(page);
  await expectNoAxeViolations(page);
  // Read-only now: the task list goes to the summary; the CSV carries the finance columns.
  await page.getByRole("link", { name: "View or print the order summary" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Order summary" })).toBeVisible();
  await expect(page.getByText(callOffId)).toBeVisible();
  await expectNoAxeViolations(page);
  const csvHref = await page.getByRole("link", { name: "Download the order as a CSV file" }).getAttribute("href");
  const csv = await (await page.request.get(csvHref!)).text();
  expect(csv.split("\r\n")[0]).toContain("Call-off ID,Call-off Ordering Party ODS code");
  expect(csv).toContain(`${callOffId},P81001`);
  expect(csv).toContain(",8000,");
});

test("an ICB buyer orders for 3 practices from a CSV upload, with an agreed price per tier, then amends the contract", async ({ page, signedInAs }) => {
  test.slow();
  await signedInAs("icbBuyer");
  await page.goto("/buyer/orders/new?solution=10000-001");
  await page.getByLabel("Describe the order").fill(`Clinical system for three practices ${projectIndex()}`);
  await page.getByRole("button", { name: "Start order" }).click();

  await openTask(page, "Commencement date and term");
  await fillDate(page, "Commencement date", inDays(30));
  await page.getByLabel("Initial period (months)").fill("6");
  await page.getByLabel("Maximum term (months)").fill("24");
  await saveAndContinue(page);

  await openTask(page, "Service recipients");
  await expectNoAxeViolations(page);
  const labels = await page.getByRole("checkbox").evaluateAll((boxes) => boxes.map((box) => box.parentElement?.querySelector("label")?.textContent ?? ""));
  const codes = labels.map((label) => /\(([A-Z]\d{5})\)/.exec(label)?.[1]).filter(Boolean).slice(0, 3) as string[];
  expect(codes).toHaveLength(3);

  // A file with an unknown code, a duplicate and a practice from another ICB is refused row by row.
  const bad = `ODS code\n${codes[0]}\nZ99999\n${codes[0]}\nC85001\n`;
  await page.getByLabel("Upload a CSV file").setInputFiles({ name: "practices.csv", mimeType: "text/csv", buffer: Buffer.from(bad) });
  await page.getByRole("button", { name: "Upload file" }).click();
  await expect(page.getByRole("link", { name: `Row 4: ${codes[0]} is already in row 2` })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel("Upload a CSV file").setInputFiles({ name: "practices.csv", mimeType: "text/csv", buffer: Buffer.from(`ODS code\n${codes[0]}\nZ99999\nC85001\n`) });
  await page.getByRole("button", { name: "Upload file" }).click();
  await expect(page.getByRole("link", { name: "Row 3: Z99999 is not a GP practice we know" })).toBeVisible();
  await expect(page.getByRole("link", { name: /Row 4: C85001 .* is not a practice in your ICB/ })).toBeVisible();
  await page.getByLabel("Upload a CSV file").setInputFiles({ name: "practices.csv", mimeType: "text/csv", buffer: Buffer.from(`ODS code\n${codes.join("\n")}\n`) });
  await page.getByRole("button", { name: "Upload file" }).click();
  await expect(page.getByText("3 service recipients were selected from your file")).toBeVisible();
  await expect(page.getByRole("checkbox", { checked: true })).toHaveCount(3);
  await saveAndContinue(page);
  await expect(task(page, "Service recipients")).toContainText("Completed");

  await openTask(page, "Additional and Associated Services");
  await saveAndContinue(page);
  await openTask(page, /Aria GP: price and quantity/);
  // Aria GP has a flat and a tiered price: the buyer orders the tiered one, priced by list size.
  await page.getByRole("link", { name: "Change price" }).click();
  await page.getByLabel(/\(tiered\)$/).check();
  await expectNoAxeViolations(page);
  await saveAndContinue(page);
  await expect(page.getByRole("heading", { level: 1, name: "Aria GP: price and quantity" })).toBeVisible();
  for (const code of codes) await expect(page.getByRole("textbox", { name: new RegExp(`\\(${code}\\)`) })).not.toHaveValue("");
  await page.getByRole("textbox", { name: new RegExp(`\\(${codes[0]}\\)`) }).fill("0");
  // Aria GP's price is tiered by list size: an agreed price per tier, each up to its own list price.
  await expect(page.getByRole("group", { name: "Agreed price for each tier (£)" })).toBeVisible();
  await page.getByLabel("Agreed price for tier 2 (5,001 to 10,000)").fill("9999");
  await page.getByLabel("Agreed price for tier 3 (10,001 to 15,000)").fill("0.12345");
  await saveAndContinue(page);
  await expect(page.getByRole("link", { name: /must be 1 or more/ })).toBeVisible();
  await expect(page.getByRole("link", { name: "Select how this item is funded" })).toBeVisible();
  await expect(page.getByRole("link", { name: /^Agreed price for tier 2 \(5,001 to 10,000\) must be the same as or lower than its list price, £/ })).toBeVisible();
  await expect(page.getByRole("link", { name: /^Agreed price for tier 3 \(10,001 to 15,000\) must be an amount in pounds/ })).toBeVisible();
  await expect(page.getByLabel("Agreed price for tier 2 (5,001 to 10,000)")).toHaveValue("9999");
  await expectNoAxeViolations(page);
  await page.getByRole("textbox", { name: new RegExp(`\\(${codes[0]}\\)`) }).fill("6000");
  await page.getByLabel("Agreed price for tier 2 (5,001 to 10,000)").fill("0.01");
  await page.getByLabel("Agreed price for tier 3 (10,001 to 15,000)").fill("0.0123");
  await page.getByLabel("Central funding (GPIT)").check();
  await saveAndContinue(page);

  const callOffId = await submitFromReview(page, async () => {
    await expect(page.getByText("Tier 2 (5,001 to 10,000): £0.01", { exact: true })).toBeVisible();
    await expect(page.getByText("Tier 3 (10,001 to 15,000): £0.0123", { exact: true })).toBeVisible();
  });

  // Amend: an Additional Service on the live contract, as revision 02 of the same call-off.
  await page.getByRole("link", { name: "View the contract" }).click();
  await page.getByRole("link", { name: "Amend contract" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Amend contract ${callOffId.slice(0, 7)}` })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Start amendment" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Your order" })).toBeVisible();
  await expect(task(page, "Service recipients")).toContainText("Completed");
  await openTask(page, "Additional Services");
  await page.getByLabel("Aria GP SMS messaging").check();
  await saveAndContinue(page);
  await openTask(page, /Aria GP SMS messaging: price and quantity/);
  // .all() does not wait: the page must be there before its quantity boxes are listed.
  await expect(page.getByRole("heading", { level: 1, name: "Aria GP SMS messaging: price and quantity" })).toBeVisible();
  const quantities = page.getByRole("textbox", { name: /^Quantity|\([A-Z]\d{5}\)$/ });
  await expect(quantities.first()).toBeVisible();
  for (const box of await quantities.all()) {
    if ((await box.inputValue()) === "") await box.fill("3");
  }
  await page.getByLabel("Local funding").check();
  await saveAndContinue(page);
  expect(await submitFromReview(page)).toBe(`${callOffId.slice(0, 7)}-02`);
});

test("a buyer renews an expiring contract", async ({ page, signedInAs }) => {
  test.slow();
  await signedInAs("icbBuyer");
  await page.goto("/buyer/contracts");
  await expectNoAxeViolations(page);
  const expiring = page.getByRole("row").filter({ has: page.getByText("Expiring", { exact: true }) }).filter({ hasNot: page.getByText(/Ordered by/) });
  await expiring.nth(projectIndex()).getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1, name: /^Contract C\d{6}-\d{2}$/ })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Renew contract" }).click();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Start renewal order" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Your order" })).toBeVisible();
  await expect(page.getByText(/^Renewal C\d{6}-01/)).toBeVisible();
  const taskList = page.url();
  const costs = async () => {
    await openTask(page, "Review and submit your order");
    const text = await page.getByRole("table", { name: "Indicative costs" }).textContent();
    await page.goto(taskList);
    return text;
  };
  const before = await costs();
  // Each item shows the contract's agreed price beside today's list price, and saving its page
  // as shown keeps the contract's quantities (per licence and on demand ones per practice too).
  const items = page.getByRole("link", { name: /: price and quantity$/ });
  const count = await items.count();
  for (let i = 0; i < count; i++) {
    await items.nth(i).click();
    await expect(page.getByText("Previously agreed", { exact: true })).toBeVisible();
    if (i === 0) await expectNoAxeViolations(page);
    await saveAndContinue(page);
    await expect(page.getByRole("heading", { level: 1, name: "Your order" })).toBeVisible();
  }
  expect(await costs()).toBe(before);
  await submitFromReview(page);
  await page.getByRole("link", { name: "View the contract" }).click();
  await expect(page.getByText("Renews", { exact: true })).toBeVisible();
});

test("a contract for a suspended solution is flagged, cannot be renewed, and offers assured alternatives", async ({ page, signedInAs }) => {
  await signedInAs("practiceBuyer");
  await page.goto("/buyer/contracts");
  await expect(page.getByRole("heading", { name: /is flagged for termination/ }).first()).toBeVisible();
  await page.getByRole("link", { name: /See assured alternatives to/ }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: /^Assured alternatives to/ })).toBeVisible();
  await expectNoAxeViolations(page);
  const flaggedContract = page.url().split("/")[5];
  await page.goto(`/buyer/contracts/${flaggedContract}/renew`);
  await expect(page.getByRole("heading", { name: "This contract cannot be renewed" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: /^Switch to / }).first().click();
  await expectNoAxeViolations(page);
  await switchOnLatestDate(page);
  await expect(page.getByRole("heading", { level: 1, name: "Your order" })).toBeVisible();
  await expect(page.getByText(/^Replacement order C\d{6}-01/)).toBeVisible();
});

test("a buyer terminates a contract with a reason and a future date", async ({ page, signedInAs }) => {
  await signedInAs("icbBuyer");
  await page.goto("/buyer/contracts");
  const active = page.getByRole("row").filter({ has: page.getByText("Active", { exact: true }) }).filter({ hasNot: page.getByText(/Ordered by/) });
  await active.nth(projectIndex()).getByRole("link").click();
  await page.getByRole("link", { name: "Terminate contract" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Terminate the contract" })).toBeVisible();
  await fillDate(page, "When should the contract end?", inDays(-120));
  await page.getByRole("button", { name: "Terminate contract" }).click();
  // Both problems at once: no reason, and a date in the past.
  await expect(page.getByRole("link", { name: "Enter why you are terminating the contract" })).toBeVisible();
  await expect(page.getByRole("link", { name: "The termination date must be in the future." })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel("Why are you terminating the contract?").fill("The practices are merging onto one system.");
  await fillDateParts(page, "When should the contract end?", ["31", "2", "2027"]);
  await page.getByRole("button", { name: "Terminate contract" }).click();
  await expect(page.getByRole("link", { name: "Termination date must be a real date, like 14 6 2026" })).toBeVisible();
  await expect(page.getByLabel("Why are you terminating the contract?")).toHaveValue("The practices are merging onto one system.");
  await fillDate(page, "When should the contract end?", inDays(45));
  // Inside the initial period the buyer must confirm they understand (the page says what it means).
  const confirmEarlyEnd = page.getByLabel(/I understand that a date before/);
  if ((await confirmEarlyEnd.count()) > 0) await confirmEarlyEnd.check();
  await page.getByRole("button", { name: "Terminate contract" }).click();
  await expect(page.getByText("The contract has been terminated.")).toBeVisible();
  // It runs until the notice's date, and reads so: "Terminated" only once it has ended.
  const endsOn = formatNhsDate(asDateOnly(inDays(45).toISOString().slice(0, 10)));
  await expect(page.getByText(`Ends on ${endsOn} (termination notice)`, { exact: true })).toBeVisible();
  await expect(page.getByText("Terminated", { exact: true })).toHaveCount(0);
  await expectNoAxeViolations(page);
  // Termination applies to every revision: no amendment can be started, and the page says why.
  await expect(page.getByRole("link", { name: "Amend contract" })).toHaveCount(0);
  const terminated = page.url().split("/")[5].split("?")[0];
  await page.goto(`/buyer/contracts/${terminated}/amend`);
  await expect(page.getByRole("heading", { name: "This contract cannot be amended" })).toBeVisible();
  await expect(page.getByText(/is under a termination notice and ends on .* applies to every revision/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Start amendment" })).toHaveCount(0);
  await expectNoAxeViolations(page);
});
