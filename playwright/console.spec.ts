import type { Page } from "@playwright/test";
import { expectNoAxeViolations } from "./support/axe";
import { expect, logIn, test } from "./support/fixtures";
import { DEMO_PASSWORD } from "./support/users";
import { switchOnLatestDate } from "./support/switching";

/**
 * The commercial staff console (issue 6). Each project works a different demo lapse, so the
 * JavaScript and no-JavaScript runs can share one database: both suppliers have a lapsed
 * assurance and a live contract held by a GP practice whose buyer no other spec signs in as
 * (the ordering spec works the ICB buyer's contracts). Valewood's is Cyber Essentials Plus,
 * security-critical (issue 10), so it may be suspended at once; Foxglove's DTAC may not.
 */
const LAPSES = {
  chromium: { supplier: "Valewood Clinical Software", solutionId: "10021-002", solution: "Waypoint Shared Care", buyerEmail: "buyer.c85018@nhs.net", practice: "C85018", critical: true },
  "no-javascript": { supplier: "Foxglove Digital Care", solutionId: "10029-001", solution: "Grove Video", buyerEmail: "buyer.p81006@nhs.net", practice: "P81006", critical: false },
} as const;

/**
 * Framework expiry works on the Advanced Telephony Framework: no other spec orders, renews or
 * searches for its solutions. Echo Voice is on it alone; its buyer (a practice) is ours only.
 * Both projects expire the same framework, so the staff steps cope with it being expired already.
 */
const EXPIRING = { framework: "Advanced Telephony Framework", shortName: "Advanced Telephony", solutionId: "10027-001", solution: "Echo Voice", buyerEmail: "buyer.c85016@nhs.net" };

async function logInAs(page: Page, email: string) {
  await page.goto("/login");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
}

function inFourWeeks() {
  const date = new Date(Date.now() + 28 * 24 * 3600 * 1000);
  return { day: String(date.getUTCDate()), month: String(date.getUTCMonth() + 1), year: String(date.getUTCFullYear()) };
}

test("staff work a lapse from the queue to remediation, suspension and a termination notice; the buyer is told", async ({ page, signedInAs }, testInfo) => {
  // One journey across eight page templates, each checked with axe: longer than the default.
  test.setTimeout(180_000);
  const { supplier, solutionId, solution, buyerEmail, practice, critical } = LAPSES[testInfo.project.name as keyof typeof LAPSES] ?? LAPSES.chromium;
  await signedInAs("commercialStaff");

  await page.goto("/admin/lapses?status=LAPSED");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Lapse queue");
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: new RegExp(`^${supplier}:`) }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("lapsed");
  await expectNoAxeViolations(page);

  // Only a safety- or security-critical lapse offers "suspend now"; an empty plan is explained.
  await expect(page.getByRole("button", { name: "Suspend solutions" })).toHaveCount(critical ? 1 : 0);
  await page.getByRole("button", { name: "Agree remediation plan" }).click();
  await expect(page.getByRole("alert")).toContainText("Describe the remediation plan");
  await expect(page.getByRole("alert")).toContainText("Enter the remediation deadline");
  await expect(page).toHaveTitle(/^Error: /);
  await expectNoAxeViolations(page);

  const deadline = inFourWeeks();
  await page.getByLabel("Remediation plan").fill("Renew the certificate with the accredited body and upload it.");
  const deadlineGroup = page.getByRole("group", { name: "Deadline" });
  await deadlineGroup.getByLabel("Day").fill(deadline.day);
  await deadlineGroup.getByLabel("Month").fill(deadline.month);
  await deadlineGroup.getByLabel("Year").fill(deadline.year);
  await page.getByRole("button", { name: "Agree remediation plan" }).click();
  await expect(page.getByText("Remediation plan agreed.")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("in remediation");

  // During remediation staff may suspend; the live contracts are flagged.
  await page.getByLabel("Reason for suspending").fill("The remediation plan is not being followed.");
  await page.getByRole("button", { name: "Suspend solutions" }).click();
  await expect(page.getByText("Solutions suspended.")).toBeVisible();

  await page.getByRole("link", { name: "Review the termination flags" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Termination flags");
  await expectNoAxeViolations(page);
  const rows = page.getByRole("row").filter({ hasText: supplier });
  const flagged = await rows.count();
  expect(flagged).toBeGreaterThan(0);
  for (let i = 0; i < flagged; i++) await rows.nth(i).getByRole("checkbox").check();
  await page.getByLabel("Issue termination notices").check();
  await page.getByLabel("Reason", { exact: true }).fill("Assurance lapsed and remediation was not followed.");
  await page.getByRole("button", { name: "Preview decision" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Check what will happen");
  await expect(page.getByRole("cell", { name: /Termination notice issued; the contract ends on/ })).toHaveCount(flagged);
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Issue termination notices" }).click();
  await expect(page.getByText(`Termination notice issued for ${flagged} ${flagged === 1 ? "contract" : "contracts"}.`)).toBeVisible();

  // The buyer was emailed when the contract was flagged and again with the notice (the mailbox holds every email).
  await page.goto(`/admin/mailbox?recipient=${encodeURIComponent(buyerEmail)}`);
  await expect(page.getByRole("link", { name: new RegExp(`${solution}.*is flagged for termination$`) }).first()).toBeVisible();
  await expect(page.getByRole("link", { name: /^Termination notice: contract C\d{6}-\d{2}/ }).first()).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: /^Termination notice: contract/ }).first().click();
  await expect(page.getByText("/alternatives")).toBeVisible();
  await expectNoAxeViolations(page);
  await page.goto("/admin/audit?action=contract.terminate");
  await expect(page.getByRole("cell", { name: "contract.terminate" }).first()).toBeVisible();
  await expectNoAxeViolations(page);

  // The buyer holding the contract sees the banner naming the solution and why, with the notice's date.
  await page.getByRole("button", { name: "Log out" }).click();
  await logInAs(page, buyerEmail);
  await expect(page).toHaveURL(/\/buyer$/);
  await page.goto("/buyer/contracts");
  const banner = page.locator("div", { has: page.getByRole("heading", { level: 2, name: new RegExp(`${solution} is flagged for termination`) }) }).last();
  await expect(banner).toHaveCount(1);
  await expect(banner).toContainText("The solution has been suspended from the catalogue");
  await expect(banner).toContainText(/NHS England has issued a termination notice: the contract ends on \d{1,2} \w+ \d{4}/);
  await expectNoAxeViolations(page);

  // Assured alternatives cover every capability the suspended solution passes.
  const original = await (await page.request.get(`/api/v1/solutions/${solutionId}`)).json();
  const capabilities: { id: string; name: string }[] = (original.data ?? original).capabilities;
  expect(capabilities.length).toBeGreaterThan(0);
  await banner.getByRole("link", { name: `See assured alternatives to ${solution}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Assured alternatives to ${solution}` })).toBeVisible();
  await expect(page.getByText("Switching to one fills in a replacement order with the same service recipients")).toBeVisible();
  await expectNoAxeViolations(page);
  const alternative = page.getByRole("listitem").filter({ has: page.getByRole("link", { name: /^Switch to / }) }).first();
  const alternativeName = (await alternative.getByRole("heading").textContent())!.trim();
  for (const capability of capabilities) await expect(alternative).toContainText(`${capability.id} ${capability.name}`);

  // A switch date, then a replacement order prepared with the same service recipient.
  await alternative.getByRole("link", { name: `Switch to ${alternativeName}` }).click();
  await switchOnLatestDate(page);
  await expect(page.getByRole("heading", { level: 1, name: "Your order" })).toBeVisible();
  await expect(page.getByText(/^Replacement order C\d{6}-01/)).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: "Framework and supplier" }).last()).toContainText("Completed");
  await expect(page.getByRole("listitem").filter({ hasText: "Service recipients" }).last()).toContainText("Completed");
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: new RegExp(`${alternativeName}: price and quantity`) }).click();
  // The quantity is carried over from the old contract (per patient for the practice, or per licence).
  await expect(page.getByRole("textbox", { name: new RegExp(`\\(${practice}\\)|^Quantity`) }).first()).not.toHaveValue("");
  await expectNoAxeViolations(page);
});

test("expiring a framework stops new orders for its solutions, and buyers are told why", async ({ page, signedInAs }) => {
  test.slow(); // Seven pages, each with an axe check: over a minute without JavaScript.
  await signedInAs("commercialStaff");
  await page.goto("/admin/frameworks");
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: EXPIRING.framework }).click();
  await expectNoAxeViolations(page);
  // Going back is refused with an explanation.
  if (!(await page.getByRole("heading", { name: "This framework has expired" }).isVisible())) {
    await page.getByLabel("Coming").check();
    await page.getByRole("button", { name: "Save framework" }).click();
    await expect(page.getByRole("alert")).toContainText("A live framework cannot go back to coming.");
    await expectNoAxeViolations(page);
    await page.getByLabel("Expired").check();
    await page.getByRole("button", { name: "Save framework" }).click();
    await expect(page.getByText("Framework saved.")).toBeVisible();
  }
  await expect(page.getByRole("heading", { name: "This framework has expired" })).toBeVisible();
  await expect(page.getByText(/No new call-off orders can be placed under it/)).toBeVisible();

  // A buyer of a solution only on that framework: the page marks the framework expired and offers no order.
  await page.getByRole("button", { name: "Log out" }).click();
  await logInAs(page, EXPIRING.buyerEmail);
  await expect(page).toHaveURL(/\/buyer$/);
  const reason = `${EXPIRING.solution} cannot be ordered: the ${EXPIRING.framework} has expired, so no new call-off orders can be placed under it.`;
  await page.goto(`/solutions/${EXPIRING.solutionId}`);
  await expect(page.getByText(`${EXPIRING.shortName} (expired)`)).toBeVisible();
  await expect(page.getByText(reason)).toBeVisible();
  await expect(page.getByRole("link", { name: "Order this solution" })).toHaveCount(0);
  await expectNoAxeViolations(page);

  // Starting an order for it anyway (an old link) explains why and starts without it.
  await page.goto(`/buyer/orders/new?solution=${EXPIRING.solutionId}`);
  await expect(page.getByText(reason)).toBeVisible();
  await expect(page.getByText("This order starts with")).toHaveCount(0);
  await expectNoAxeViolations(page);
  await page.getByLabel("Describe the order").fill(`Telephony after ${EXPIRING.framework} expired`);
  await page.getByRole("button", { name: "Start order" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Your order" })).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: "Framework and supplier" }).last()).not.toContainText("Completed");

  // The order's framework question offers live frameworks only.
  await page.goto(`${new URL(page.url()).pathname}/framework`);
  await expect(page.getByRole("radio", { name: "Tech Innovation Framework" })).toBeVisible();
  await expect(page.getByRole("radio", { name: EXPIRING.framework })).toHaveCount(0);
  await expectNoAxeViolations(page);
});

test("reports, the assurance register and the management pages are accessible; a bad import is explained", async ({ page, signedInAs }) => {
  test.setTimeout(120_000);
  await signedInAs("commercialStaff");
  await page.goto("/admin/reports?dimension=framework&measure=patients");
  await expect(page.getByRole("img", { name: /Patients covered by framework/ })).toBeVisible();
  await expect(page.getByText(/Herfindahl–Hirschman Index is/)).toBeVisible();
  await expectNoAxeViolations(page);
  const csv = await page.request.get("/admin/reports.csv?report=share");
  expect(csv.headers()["content-type"]).toContain("text/csv");
  expect(await csv.text()).toContain("HHI");
  for (const path of ["/admin/assurance?status=LAPSED", "/admin/standards", "/admin/standards/DCB0129", "/admin/organisations", "/admin/organisations/new"]) {
    await page.goto(path);
    await expectNoAxeViolations(page);
  }
  await page.goto("/admin/organisations/import");
  await page.getByLabel("Practice-size CSV file").setInputFiles({ name: "sizes.csv", mimeType: "text/csv", buffer: Buffer.from("name,size\nx,1\n") });
  await page.getByRole("button", { name: "Import list sizes" }).click();
  await expect(page.getByRole("alert")).toContainText("The file must have a CODE column");
  await expectNoAxeViolations(page);
});

test("the console refuses buyers and suppliers with a 403", async ({ page }) => {
  await logIn(page, "supplier");
  await expect(page).toHaveURL(/\/supplier$/);
  for (const path of ["/admin/lapses", "/admin/flags", "/admin/audit", "/admin/mailbox", "/admin/frameworks", "/admin/reports"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(403);
  }
  await expectNoAxeViolations(page);
});
