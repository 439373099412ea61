import type { Page } from "@playwright/test";
import { expectNoAxeViolations } from "./support/axe";
import { expect, logIn, test } from "./support/fixtures";
import { DEMO_PASSWORD } from "./support/users";

/**
 * The commercial staff console (issue 6). Each project works a different demo lapse, so the
 * JavaScript and no-JavaScript runs can share one database: both suppliers have a lapsed
 * assurance that is not safety-critical and live contracts with buyers who have accounts.
 */
const LAPSES = {
  chromium: { supplier: "Valewood Clinical Software", buyerEmail: "icb.buyer@nhs.net" },
  "no-javascript": { supplier: "Foxglove Digital Care", buyerEmail: "buyer.p81006@nhs.net" },
} as const;

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
  const { supplier, buyerEmail } = LAPSES[testInfo.project.name as keyof typeof LAPSES] ?? LAPSES.chromium;
  await signedInAs("commercialStaff");

  await page.goto("/admin/lapses?status=LAPSED");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Lapse queue");
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: new RegExp(`^${supplier}:`) }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("lapsed");
  await expectNoAxeViolations(page);

  // Not safety-critical: there is no "suspend now", and an empty plan is explained.
  await expect(page.getByRole("button", { name: "Suspend solutions" })).toHaveCount(0);
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

  // The buyer was emailed (the mailbox holds every email), and the audit log shows each step.
  await page.goto(`/admin/mailbox?recipient=${encodeURIComponent(buyerEmail)}`);
  await expect(page.getByRole("link", { name: /^Termination notice: contract C\d{6}-\d{2}/ }).first()).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: /^Termination notice: contract/ }).first().click();
  await expect(page.getByText("/alternatives")).toBeVisible();
  await expectNoAxeViolations(page);
  await page.goto("/admin/audit?action=contract.terminate");
  await expect(page.getByRole("cell", { name: "contract.terminate" }).first()).toBeVisible();
  await expectNoAxeViolations(page);

  // The buyer's contracts page (the ordering journey's) shows the contract's new state.
  await page.getByRole("button", { name: "Log out" }).click();
  await logInAs(page, buyerEmail);
  await expect(page).toHaveURL(/\/buyer$/);
  const response = await page.goto("/buyer/contracts");
  if (response?.status() === 404) {
    testInfo.annotations.push({ type: "pending", description: "/buyer/contracts is not built yet (ordering journey)" });
  } else {
    await expect(page.getByText(/terminat/i).first()).toBeVisible();
  }
});

test("expiring a framework stops new orders for its solutions", async ({ page, signedInAs }) => {
  await signedInAs("commercialStaff");
  await page.goto("/admin/frameworks");
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Advanced Telephony Framework" }).click();
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
