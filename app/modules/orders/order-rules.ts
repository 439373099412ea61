/**
 * Pure rules of a call-off order (reference/domain.md, "Call-off orders and contracts"): the
 * task list's statuses and whether the order can be submitted, the timescale rules, and how a
 * typed quantity or price is read. Routes validate with the schemas here; the server module
 * re-checks what depends on the database (prices, recipients, frameworks).
 */
import { z } from "zod";
import { addMonths, dateOnlyFromParts, formatNhsDate, isNotMoreThanMonthsInPast, type DateOnly } from "~/modules/dates";
import { formatMoney, parseMoney, type Money } from "~/modules/pricing/pricing";

export const COMMENCEMENT_MONTHS_IN_PAST = 3;
/** Far beyond any practice list size or licence count, well inside a 32-bit column. */
export const MAX_QUANTITY = 9_999_999;

// ───────── Typed answers ─────────

/** Reads a typed whole number, with the message a person needs for each way it can be wrong. */
export function wholeNumber(label: string, { min, max, example }: { min: number; max: number; example: string }) {
  return z.string({ error: `Enter ${label}` }).transform((raw, ctx) => {
    const text = raw.trim().replace(/,(?=\d{3}(\D|$))/g, "");
    const fail = (message: string) => {
      ctx.addIssue({ code: "custom", message });
      return z.NEVER;
    };
    if (text === "") return fail(`Enter ${label}`);
    if (/^-\d+(\.\d+)?$/.test(text)) return fail(`${capitalise(label)} must be ${min} or more`);
    if (/^\d*\.\d+$/.test(text)) return fail(`${capitalise(label)} must be a whole number, like ${example}`);
    if (!/^\d+$/.test(text)) return fail(`${capitalise(label)} must be a number, like ${example}`);
    const value = Number(text);
    if (value < min) return fail(`${capitalise(label)} must be ${min} or more`);
    if (value > max) return fail(`${capitalise(label)} must be ${max.toLocaleString("en-GB")} or fewer`);
    return value;
  });
}

export const quantityField = (label = "a quantity") => wholeNumber(label, { min: 1, max: MAX_QUANTITY, example: "8000" });

/**
 * An agreed price: a price in pounds, never above the list price. `tier` names the tier in
 * the messages when a tiered price has one box per tier.
 */
export function agreedPriceField(listPrice: Money, tier?: string) {
  const name = tier ? `Agreed price for ${tier}` : "Agreed price";
  return z.string({ error: `Enter the agreed price${tier ? ` for ${tier}` : ""}` }).transform((raw, ctx) => {
    const fail = (message: string) => {
      ctx.addIssue({ code: "custom", message });
      return z.NEVER;
    };
    if (raw.trim() === "") return fail(`Enter the agreed price${tier ? ` for ${tier}` : ""}`);
    const price = parseMoney(raw);
    if (price === null) return fail(`${name} must be an amount in pounds with up to 4 decimal places, like 1.25`);
    if (price > listPrice) {
      return fail(tier ? `${name} must be the same as or lower than its list price, ${formatMoney(listPrice, { exact: true })}` : `${name} must be the same as or lower than the list price`);
    }
    return price;
  });
}

export type AgreeableTier = { lowerRange: number; upperRange: number | null; listPrice: Money };

/** "tier 2 (11 to 20)", "tier 3 (21 or more)": how a tier is named on the item page. */
export function tierName(tier: Pick<AgreeableTier, "lowerRange" | "upperRange">, index: number): string {
  const n = (value: number) => value.toLocaleString("en-GB");
  return `tier ${index + 1} (${tier.upperRange === null ? `${n(tier.lowerRange)} or more` : `${n(tier.lowerRange)} to ${n(tier.upperRange)}`})`;
}

/** One "agreedPrice" box for a flat price; "agreedPrice-1", "agreedPrice-2"… for a tiered one. */
export const agreedPriceFieldName = (index: number, tierCount: number) => (tierCount === 1 ? "agreedPrice" : `agreedPrice-${index + 1}`);

/**
 * The agreed price of every tier (lowest range first) from the item page's boxes, each
 * checked against its own tier's list price; every problem at once, keyed by the box's name.
 */
export function agreedTierPricesFrom(values: Record<string, unknown>, tiers: readonly AgreeableTier[]): { ok: true; prices: Money[] } | { ok: false; errors: Record<string, string> } {
  const prices: Money[] = [];
  const errors: Record<string, string> = {};
  tiers.forEach((tier, index) => {
    const name = agreedPriceFieldName(index, tiers.length);
    const raw = values[name];
    const parsed = agreedPriceField(tier.listPrice, tiers.length === 1 ? undefined : tierName(tier, index)).safeParse(typeof raw === "string" ? raw : raw === undefined ? "" : String(raw));
    if (parsed.success) prices.push(parsed.data);
    else errors[name] = parsed.error.issues[0].message;
  });
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, prices };
}

function capitalise(text: string) {
  const words = text.replace(/^(a|an|the) /, "");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * The three boxes of an NHS date input, as `DateOnly`; an issue on `field` (the day box's id)
 * for missing parts and impossible dates such as 31/02/2026.
 */
export function dateFromParts(values: Record<string, unknown>, field: string, label: string): { date: DateOnly } | { error: string } {
  const part = (name: string) => String(values[`${field}-${name}`] ?? "").trim();
  const [day, month, year] = [part("day"), part("month"), part("year")];
  if (!day && !month && !year) return { error: `Enter ${label}` };
  const missing = [!day && "day", !month && "month", !year && "year"].filter(Boolean);
  if (missing.length > 0) return { error: `${capitalise(label)} must include a ${missing.join(" and ")}` };
  if (![day, month, year].every((p) => /^\d+$/.test(p)) || year.length !== 4) {
    return { error: `${capitalise(label)} must be a real date, like 14 6 2026` };
  }
  const date = dateOnlyFromParts(Number(year), Number(month), Number(day));
  if (!date) return { error: `${capitalise(label)} must be a real date, like 14 6 2026` };
  return { date };
}

// ───────── Timescales ─────────

export type Timescales = { commencementDate: DateOnly; initialPeriodMonths: number; maximumTermMonths: number };

/**
 * Commencement date not more than 3 months in the past; initial period ≥ 1 month; maximum
 * term ≥ initial period + 1 and ≤ the framework's maximum.
 */
export function timescalesSchema({ today, frameworkMaxTermMonths, frameworkName }: { today: DateOnly; frameworkMaxTermMonths: number; frameworkName: string }) {
  return z
    .object({
      "commencementDate-day": z.string().optional(),
      "commencementDate-month": z.string().optional(),
      "commencementDate-year": z.string().optional(),
      initialPeriodMonths: z.string().optional(),
      maximumTermMonths: z.string().optional(),
    })
    .transform((values, ctx): Timescales => {
      let valid = true;
      const issue = (field: string, message: string) => {
        valid = false;
        ctx.addIssue({ code: "custom", path: [field], message });
      };
      const parsed = dateFromParts(values, "commencementDate", "the commencement date");
      if ("error" in parsed) issue("commencementDate", parsed.error);
      else if (!isNotMoreThanMonthsInPast(parsed.date, today, COMMENCEMENT_MONTHS_IN_PAST)) {
        const earliest = formatNhsDate(addMonths(today, -COMMENCEMENT_MONTHS_IN_PAST));
        issue("commencementDate", `Commencement date must be no more than 3 months in the past (${earliest} or later)`);
      }
      // Every answer is checked, so the error summary lists all the problems at once.
      const months = (field: "initialPeriodMonths" | "maximumTermMonths", label: string, min: number) => {
        const result = wholeNumber(label, { min, max: 999, example: min === 1 ? "12" : "36" }).safeParse(values[field] ?? "");
        if (result.success) return result.data;
        issue(field, result.error.issues[0].message);
        return null;
      };
      const initial = months("initialPeriodMonths", "the initial period", 1);
      const maximum = months("maximumTermMonths", "the maximum term", 2);
      if (initial === null || maximum === null) {
        // Already explained above.
      } else if (maximum > frameworkMaxTermMonths) {
        issue("maximumTermMonths", `Maximum term must be ${frameworkMaxTermMonths} months or fewer, the most the ${frameworkName} framework allows`);
      } else if (maximum < initial + 1) {
        issue("maximumTermMonths", "Maximum term must be at least 1 month longer than the initial period");
      }
      if ("error" in parsed || !valid || initial === null || maximum === null) return z.NEVER;
      return { commencementDate: parsed.date, initialPeriodMonths: initial, maximumTermMonths: maximum };
    });
}

// ───────── Task list ─────────

export type TaskStatus = "Completed" | "Incomplete" | "Not started" | "Cannot start yet";
export type OrderTaskKey = "description" | "contact" | "supplier" | "timescales" | "recipients" | "solution" | "services" | `item:${string}` | "review";

export type OrderTask = { key: OrderTaskKey; name: string; path: string; status: TaskStatus; hint?: string };
export type OrderTaskSection = { heading: string; tasks: OrderTask[] };

/** What the task list needs to know about an order, read from the database by the server module. */
export type OrderState = {
  orderType: "NEW" | "RENEWAL" | "AMENDMENT" | "REPLACEMENT";
  description: string | null;
  hasContact: boolean;
  frameworkId: string | null;
  supplierId: number | null;
  supplierContactId: string | null;
  hasTimescales: boolean;
  recipientCount: number;
  hasSolution: boolean;
  /** The buyer has answered the Additional and Associated Services question (even with "none"). */
  servicesAnswered: boolean;
  items: { id: string; name: string; complete: boolean; started: boolean }[];
};

const done = (ok: boolean, started = false): TaskStatus => (ok ? "Completed" : started ? "Incomplete" : "Not started");

/**
 * The NHS task list of an order. An amendment keeps its call-off terms: only service
 * recipients, Additional Services and the items' quantities change.
 */
export function orderTasks(order: OrderState): OrderTaskSection[] {
  const amendment = order.orderType === "AMENDMENT";
  const supplierChosen = order.frameworkId !== null && order.supplierId !== null;
  const supplierStatus = amendment ? "Completed" : done(supplierChosen && order.supplierContactId !== null, order.frameworkId !== null);
  const prepare: OrderTask[] = amendment
    ? []
    : [
        { key: "description", name: "Order description", path: "description", status: done(Boolean(order.description)) },
        { key: "contact", name: "Call-off Ordering Party contact", path: "contact", status: done(order.hasContact) },
        { key: "supplier", name: "Framework and supplier", path: "framework", status: supplierStatus },
        {
          key: "timescales",
          name: "Commencement date and term",
          path: "timescales",
          status: order.frameworkId === null ? "Cannot start yet" : done(order.hasTimescales),
        },
      ];
  const recipientsDone = order.recipientCount > 0;
  const items: OrderTask[] = order.items.map((item) => ({
    key: `item:${item.id}`,
    name: `${item.name}: price and quantity`,
    path: `items/${item.id}`,
    status: recipientsDone ? done(item.complete, item.started) : "Cannot start yet",
  }));
  const solutions: OrderTask[] = [
    { key: "recipients", name: "Service recipients", path: "recipients", status: done(recipientsDone) },
    ...(amendment
      ? []
      : [{ key: "solution" as const, name: "Catalogue Solution", path: "solution", status: supplierChosen ? done(order.hasSolution) : ("Cannot start yet" as const) }]),
    {
      key: "services",
      name: amendment ? "Additional Services" : "Additional and Associated Services",
      path: "services",
      status: order.hasSolution ? done(order.servicesAnswered) : "Cannot start yet",
    },
    ...items,
  ];
  const ready = [...prepare, ...solutions].every((task) => task.status === "Completed");
  return [
    ...(amendment ? [] : [{ heading: "Prepare order", tasks: prepare }]),
    { heading: "Solutions and services", tasks: solutions },
    { heading: "Review and complete", tasks: [{ key: "review", name: "Review and submit your order", path: "review", status: ready ? "Not started" : "Cannot start yet" }] },
  ];
}

/** Every task but the review itself is completed. */
export function canSubmit(order: OrderState): boolean {
  return orderTasks(order)
    .flatMap((section) => section.tasks)
    .every((task) => task.key === "review" || task.status === "Completed");
}

/** Call-off id as NHS buyers know it: C + 6-digit number + "-" + 2-digit revision ("C010001-01"). */
export function callOffId(order: { callOffNumber: number; revision: number }): string {
  return `C${String(order.callOffNumber).padStart(6, "0")}-${String(order.revision).padStart(2, "0")}`;
}
