/**
 * Side-by-side comparison of up to four solutions: one row per capability, standard,
 * integration, hosting and application type, framework and price, each cell in words
 * (never colour alone), rows where the solutions differ marked, and prices normalised to
 * an indicative annual cost for one practice list size. Pure, so the page and the CSV are
 * built from the same rows.
 */
import { z } from "zod";
import { APPLICATION_TYPE_LABELS, DEFAULT_LIST_SIZE, HOSTING_LABELS, type ApplicationTypeKey, type HostingTypeKey } from "~/services/search/document";
import { recordBadge, type AssuranceStatus } from "~/modules/assurance/assurance-status";
import type { DateOnly } from "~/modules/dates";
import { billingPeriodWords, formatListPrice, formatPence, indicativeCost } from "./indicative-price";
import type { SolutionView } from "./solution-view";

export const MAX_COMPARE = 4;
export const MAX_LIST_SIZE = 1_000_000;

const idPattern = /^[A-Za-z0-9-]{1,40}$/;

export const compareParamsSchema = z.object({
  ids: z
    .array(z.string())
    .default([])
    .transform((values) => [...new Set(values.flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean))])
    .pipe(
      z
        .array(z.string().regex(idPattern, "Solution ids look like 10000-001"))
        .max(MAX_COMPARE, `Choose up to ${MAX_COMPARE} solutions to compare`),
    ),
  listSize: z
    .array(z.string())
    .max(1, "Give the practice list size once")
    .optional()
    .transform((v) => (v?.[0]?.trim() ? v[0].trim().replace(/,/g, "") : String(DEFAULT_LIST_SIZE)))
    .pipe(
      z
        .string()
        .regex(/^\d{1,7}$/, "Practice list size must be a whole number, like 10000")
        .transform(Number)
        .pipe(z.number().min(1, "Practice list size must be 1 or more").max(MAX_LIST_SIZE, `Practice list size must be ${MAX_LIST_SIZE.toLocaleString("en-GB")} or fewer`)),
    ),
  differences: z
    .array(z.string())
    .optional()
    .transform((v) => v?.[0] === "1" || v?.[0] === "true"),
});

export type CompareParams = z.infer<typeof compareParamsSchema>;

export function parseCompareParams(params: URLSearchParams): { ok: true; data: CompareParams } | { ok: false; fieldId: string; message: string } {
  const values: Record<string, string[]> = {};
  for (const [key, value] of params) if (key === "ids" || key === "listSize" || key === "differences") (values[key] ??= []).push(value);
  const parsed = compareParamsSchema.safeParse(values);
  if (parsed.success) return { ok: true, data: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, fieldId: String(issue.path[0] ?? "ids"), message: issue.message };
}

export type CompareRow = { label: string; cells: string[]; differs: boolean };
export type CompareSection = { title: string; rows: CompareRow[] };

const CAPABILITY_WORDS: Record<string, string> = { PASSED_FULL: "Met", PASSED_PARTIAL: "Partially met", FAILED: "Not met" };

function row(label: string, cells: string[]): CompareRow {
  return { label, cells, differs: cells.some((cell) => cell !== cells[0]) };
}

function union<T>(solutions: SolutionView[], pick: (s: SolutionView) => T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const solution of solutions) for (const item of pick(solution)) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.values()];
}

export function standardState(record: { status: string; expiresOn: string | null; remediationDeadline: string | null; assuredOn?: string | null }, today: DateOnly): string {
  return recordBadge(
    { status: record.status as AssuranceStatus, expiresOn: record.expiresOn as DateOnly | null, remediationDeadline: record.remediationDeadline as DateOnly | null, assuredOn: (record.assuredOn ?? null) as DateOnly | null },
    today,
  ).text;
}

/** "Yes", or "No: " and the orderability rule's reasons. */
export function orderableText(solution: Pick<SolutionView, "orderability">): string {
  const verdict = solution.orderability;
  if (verdict?.orderable) return "Yes";
  return verdict ? `No: ${verdict.reasons.join(" ")}` : "No";
}

/** Annual and one-off costs of each price, and the cheapest recurring figure, for `listSize` patients. */
export function normalisedPrices(solution: SolutionView, listSize: number) {
  const prices = solution.prices.map((price) => ({ price, cost: indicativeCost(price, listSize) }));
  const recurring = prices.filter((p) => p.price.billingPeriod !== "ONE_OFF").map((p) => p.cost.annualPence);
  const oneOff = prices.filter((p) => p.price.billingPeriod === "ONE_OFF").map((p) => p.cost.oneOffPence);
  return { prices, cheapestAnnualPence: recurring.length ? Math.min(...recurring) : null, oneOffPence: oneOff.length ? oneOff.reduce((a, b) => a + b, 0) : null };
}

export function buildComparison(solutions: SolutionView[], { listSize, today }: { listSize: number; today: DateOnly }): CompareSection[] {
  const capabilities = union(solutions, (s) => s.capabilities, (c) => c.id).sort((a, b) => Number(a.id.slice(1)) - Number(b.id.slice(1)));
  const standards = union(solutions, (s) => s.standards, (s) => s.id).sort((a, b) => a.id.localeCompare(b.id, "en", { numeric: true }));
  const integrations = union(solutions, (s) => s.integrations, (i) => i.id).sort((a, b) => a.name.localeCompare(b.name));
  const hosting = Object.keys(HOSTING_LABELS) as HostingTypeKey[];
  const applicationTypes = Object.keys(APPLICATION_TYPE_LABELS) as ApplicationTypeKey[];
  const frameworks = union(solutions, (s) => s.frameworks, (f) => f.id);
  const costs = solutions.map((s) => normalisedPrices(s, listSize));

  return [
    {
      title: "Summary",
      rows: [
        row("Supplier", solutions.map((s) => s.supplier.name)),
        row("Foundation solution", solutions.map((s) => (s.foundation ? "Yes" : "No"))),
        row("Status", solutions.map((s) => (s.publicationStatus === "IN_REMEDIATION" ? "In remediation" : s.publicationStatus === "SUSPENDED" ? "Suspended" : "Published"))),
        row("Can be ordered today", solutions.map(orderableText)),
        ...frameworks.map((f) => row(`Framework: ${f.shortName}${f.expired ? " (expired)" : ""}`, solutions.map((s) => (s.frameworks.some((x) => x.id === f.id) ? "Yes" : "No")))),
      ],
    },
    {
      title: "Capabilities",
      rows: capabilities.map((c) =>
        row(`${c.id} ${c.name}`, solutions.map((s) => CAPABILITY_WORDS[s.capabilities.find((x) => x.id === c.id)?.result ?? "FAILED"])),
      ),
    },
    {
      title: "Standards and assurance",
      rows: standards.map((standard) =>
        row(`${standard.name} (${standard.id})`, solutions.map((s) => {
          const record = s.standards.find((x) => x.id === standard.id);
          return record ? standardState(record, today) : "Not recorded";
        })),
      ),
    },
    {
      title: "Integrations",
      rows: integrations.map((i) =>
        row(i.name, solutions.map((s) => {
          const claims = s.integrations.filter((x) => x.id === i.id);
          const roles = claims.map((x) => (x.role === "PROVIDER" ? "Provider" : "Consumer"));
          const warning = claims.find((x) => x.warning)?.warning;
          return roles.length ? `${roles.join(" and ")}${warning ? ` (${warning})` : ""}` : "No";
        })),
      ),
    },
    {
      title: "Hosting and application types",
      rows: [
        ...hosting.map((h) => row(HOSTING_LABELS[h], solutions.map((s) => (s.hostingTypes.some((x) => x.type === h) ? "Yes" : "No")))),
        ...applicationTypes.map((a) => row(APPLICATION_TYPE_LABELS[a], solutions.map((s) => (s.applicationTypes.some((x) => x.type === a) ? "Yes" : "No")))),
      ],
    },
    {
      title: `Prices for a practice of ${listSize.toLocaleString("en-GB")} patients (indicative, excluding VAT)`,
      rows: [
        row("Lowest annual cost", costs.map((c) => (c.cheapestAnnualPence === null ? "No recurring price" : formatPence(c.cheapestAnnualPence)))),
        row("One-off costs", costs.map((c) => (c.oneOffPence === null ? "None" : formatPence(c.oneOffPence)))),
        row(
          "List prices",
          costs.map((c) =>
            c.prices
              .map(({ price, cost }) => {
                const list = `${price.tiers[0] ? formatListPrice(price.tiers[0].price) : "?"} ${price.unitDescription} ${billingPeriodWords(price.billingPeriod)}`.trim();
                const normalised = price.billingPeriod === "ONE_OFF" ? `${formatPence(cost.oneOffPence)} once` : `${formatPence(cost.annualPence)} a year`;
                return `${list} (${normalised})`;
              })
              .join("; ") || "No published price",
          ),
        ),
      ],
    },
  ].filter((section) => section.rows.length > 0);
}

/** A cell that a spreadsheet would run as a formula is prefixed with an apostrophe. */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(rows: string[][]): string {
  return `${rows.map((cells) => cells.map(csvCell).join(",")).join("\r\n")}\r\n`;
}

export function comparisonCsv(solutions: SolutionView[], sections: CompareSection[]): string {
  return toCsv([
    ["Section", "Row", ...solutions.map((s) => `${s.name} (${s.id})`), "Differs"],
    ...sections.flatMap((section) => section.rows.map((r) => [section.title, r.label, ...r.cells, r.differs ? "Yes" : "No"])),
  ]);
}
