import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { asDateOnly } from "~/modules/dates";
import { toMoney } from "~/modules/pricing/pricing";
import { agreedTierPricesFrom, canSubmit, callOffId, dateFromParts, orderTasks, quantityField, tierName, timescalesSchema, type OrderState } from "./order-rules";
import { parseRecipientsCsv, CSV_MAX_BYTES } from "./recipients-csv";

const today = asDateOnly("2026-05-15");
const timescales = (values: Record<string, string>) =>
  timescalesSchema({ today, frameworkMaxTermMonths: 36, frameworkName: "GP IT Futures" }).safeParse({
    "commencementDate-day": "1",
    "commencementDate-month": "6",
    "commencementDate-year": "2026",
    initialPeriodMonths: "12",
    maximumTermMonths: "36",
    ...values,
  });
const messages = (result: ReturnType<typeof timescales>) => (result.success ? {} : Object.fromEntries(result.error.issues.map((i) => [String(i.path[0]), i.message])));

describe("timescales", () => {
  it("accepts a commencement date up to 3 months in the past and a term within the framework", () => {
    expect(timescales({}).data).toEqual({ commencementDate: "2026-06-01", initialPeriodMonths: 12, maximumTermMonths: 36 });
    expect(timescales({ "commencementDate-day": "15", "commencementDate-month": "2" }).success).toBe(true);
  });

  it("refuses impossible dates, dates more than 3 months ago, and terms over the framework maximum", () => {
    expect(messages(timescales({ "commencementDate-day": "31", "commencementDate-month": "02" }))).toEqual({ commencementDate: "Commencement date must be a real date, like 14 6 2026" });
    expect(messages(timescales({ "commencementDate-day": "14", "commencementDate-month": "2" }))).toEqual({
      commencementDate: "Commencement date must be no more than 3 months in the past (15 Feb 2026 or later)",
    });
    expect(messages(timescales({ maximumTermMonths: "37" }))).toEqual({ maximumTermMonths: "Maximum term must be 36 months or fewer, the most the GP IT Futures framework allows" });
    expect(messages(timescales({ initialPeriodMonths: "12", maximumTermMonths: "12" }))).toEqual({ maximumTermMonths: "Maximum term must be at least 1 month longer than the initial period" });
  });

  it("lists every problem at once", () => {
    expect(Object.keys(messages(timescales({ "commencementDate-year": "", initialPeriodMonths: "abc", maximumTermMonths: "1.5" })))).toEqual(["commencementDate", "initialPeriodMonths", "maximumTermMonths"]);
  });

  it("reads date parts strictly", () => {
    expect(dateFromParts({ "d-day": "", "d-month": "", "d-year": "" }, "d", "the date")).toEqual({ error: "Enter the date" });
    expect(dateFromParts({ "d-day": "1", "d-month": "", "d-year": "26" }, "d", "the date")).toEqual({ error: "Date must include a month" });
    expect(dateFromParts({ "d-day": "1", "d-month": "2", "d-year": "26" }, "d", "the date")).toEqual({ error: "Date must be a real date, like 14 6 2026" });
    expect(dateFromParts({ "d-day": "29", "d-month": "2", "d-year": "2028" }, "d", "the date")).toEqual({ date: "2028-02-29" });
  });
});

describe("quantities", () => {
  const q = quantityField();
  it.each([
    ["0", "Quantity must be 1 or more"],
    ["-1", "Quantity must be 1 or more"],
    ["1.5", "Quantity must be a whole number, like 8000"],
    ["1e12", "Quantity must be a number, like 8000"],
    ["1000000000000", "Quantity must be 9,999,999 or fewer"],
    ["ten", "Quantity must be a number, like 8000"],
    ["", "Enter a quantity"],
  ])("refuses %j", (input, message) => {
    const result = q.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].message).toBe(message);
  });
  it("accepts whole numbers, with thousands separators", () => {
    expect(q.parse(" 8,000 ")).toBe(8000);
    expect(q.parse("1")).toBe(1);
  });
  it("never accepts anything that is not a whole number in range", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const result = q.safeParse(text);
        if (result.success) expect(Number.isInteger(result.data) && result.data >= 1 && result.data <= 9_999_999).toBe(true);
      }),
    );
  });
});

const base: OrderState = {
  orderType: "NEW",
  description: "Online consultation",
  hasContact: true,
  frameworkId: "NHSDGP001",
  supplierId: 10000,
  supplierContactId: "c1",
  hasTimescales: true,
  recipientCount: 1,
  hasSolution: true,
  servicesAnswered: true,
  items: [{ id: "i1", name: "Solution", complete: true, started: true }],
};
const statuses = (state: OrderState) => Object.fromEntries(orderTasks(state).flatMap((s) => s.tasks).map((t) => [t.key, t.status]));

describe("agreed prices", () => {
  const flat = [{ lowerRange: 1, upperRange: null, listPrice: toMoney("1.25") }];
  const tiered = [
    { lowerRange: 1, upperRange: 999, listPrice: toMoney("10") },
    { lowerRange: 1000, upperRange: 4999, listPrice: toMoney("8") },
    { lowerRange: 5000, upperRange: null, listPrice: toMoney("5.5") },
  ];

  it("reads one box for a flat price, as before", () => {
    expect(agreedTierPricesFrom({ agreedPrice: "1.2" }, flat)).toEqual({ ok: true, prices: [toMoney("1.2")] });
    expect(agreedTierPricesFrom({ agreedPrice: "1.26" }, flat)).toEqual({ ok: false, errors: { agreedPrice: "Agreed price must be the same as or lower than the list price" } });
    expect(agreedTierPricesFrom({}, flat)).toEqual({ ok: false, errors: { agreedPrice: "Enter the agreed price" } });
  });

  it("reads a box per tier, each up to its own list price, with 4 decimal places and £0 allowed", () => {
    expect(agreedTierPricesFrom({ "agreedPrice-1": "10", "agreedPrice-2": "7.9999", "agreedPrice-3": "0" }, tiered)).toEqual({
      ok: true,
      prices: [toMoney("10"), toMoney("7.9999"), 0n],
    });
    expect(tierName(tiered[1], 1)).toBe("tier 2 (1,000 to 4,999)");
    expect(tierName(tiered[2], 2)).toBe("tier 3 (5,000 or more)");
  });

  it("reports every bad tier at once, naming the tier and its list price", () => {
    const result = agreedTierPricesFrom({ "agreedPrice-1": "10.00001", "agreedPrice-2": "9", "agreedPrice-3": "-1", agreedPrice: "1" }, tiered);
    expect(result).toEqual({
      ok: false,
      errors: {
        "agreedPrice-1": "Agreed price for tier 1 (1 to 999) must be an amount in pounds with up to 4 decimal places, like 1.25",
        // £9 is below tier 1's list price but above tier 2's own.
        "agreedPrice-2": "Agreed price for tier 2 (1,000 to 4,999) must be the same as or lower than its list price, £8.00",
        "agreedPrice-3": "Agreed price for tier 3 (5,000 or more) must be an amount in pounds with up to 4 decimal places, like 1.25",
      },
    });
  });

  it("refuses missing tiers, text, exponents, huge values and tampered arrays", () => {
    const bad = agreedTierPricesFrom({ "agreedPrice-1": "abc", "agreedPrice-2": "1e3", "agreedPrice-3": ["1", "2"] }, tiered);
    expect(bad.ok ? [] : Object.keys(bad.errors)).toEqual(["agreedPrice-1", "agreedPrice-2", "agreedPrice-3"]);
    expect(agreedTierPricesFrom({ "agreedPrice-1": "1" }, tiered)).toEqual({
      ok: false,
      errors: { "agreedPrice-2": "Enter the agreed price for tier 2 (1,000 to 4,999)", "agreedPrice-3": "Enter the agreed price for tier 3 (5,000 or more)" },
    });
    const huge = agreedTierPricesFrom({ "agreedPrice-1": "99999999999999", "agreedPrice-2": "1", "agreedPrice-3": "1" }, tiered);
    expect(huge.ok).toBe(false);
    // A tier's box with "£" and commas is fine; one past the list price by £0.0001 is not.
    expect(agreedTierPricesFrom({ "agreedPrice-1": "£9.50", "agreedPrice-2": "8", "agreedPrice-3": "5.5001" }, tiered)).toEqual({
      ok: false,
      errors: { "agreedPrice-3": "Agreed price for tier 3 (5,000 or more) must be the same as or lower than its list price, £5.50" },
    });
  });
});

describe("task list", () => {
  it("can submit only when every task is completed", () => {
    expect(canSubmit(base)).toBe(true);
    expect(statuses(base).review).toBe("Not started");
    for (const change of [{ description: null }, { hasTimescales: false }, { recipientCount: 0 }, { servicesAnswered: false }, { items: [{ id: "i1", name: "S", complete: false, started: true }] }]) {
      expect(canSubmit({ ...base, ...change }), JSON.stringify(change)).toBe(false);
      expect(statuses({ ...base, ...change }).review).toBe("Cannot start yet");
    }
  });

  it("shows what cannot start yet", () => {
    const fresh: OrderState = { ...base, frameworkId: null, supplierId: null, supplierContactId: null, hasTimescales: false, recipientCount: 0, hasSolution: false, servicesAnswered: false, items: [] };
    expect(statuses(fresh)).toEqual({
      description: "Completed",
      contact: "Completed",
      supplier: "Not started",
      timescales: "Cannot start yet",
      recipients: "Not started",
      solution: "Cannot start yet",
      services: "Cannot start yet",
      review: "Cannot start yet",
    });
    expect(statuses({ ...fresh, frameworkId: "X" }).supplier).toBe("Incomplete");
    expect(statuses({ ...base, recipientCount: 0 })["item:i1"]).toBe("Cannot start yet");
    expect(statuses({ ...base, items: [{ id: "i1", name: "S", complete: false, started: true }] })["item:i1"]).toBe("Incomplete");
  });

  it("an amendment only asks about recipients, Additional Services and quantities", () => {
    expect(Object.keys(statuses({ ...base, orderType: "AMENDMENT" }))).toEqual(["recipients", "services", "item:i1", "review"]);
  });

  it("formats call-off ids", () => {
    expect(callOffId({ callOffNumber: 10001, revision: 1 })).toBe("C010001-01");
    expect(callOffId({ callOffNumber: 123456, revision: 12 })).toBe("C123456-12");
  });
});

describe("service recipients CSV", () => {
  const csv = (text: string, name = "practices.csv", type = "text/csv") => parseRecipientsCsv({ name, type, bytes: new TextEncoder().encode(text) });

  it("reads one ODS code per row under the heading, ignoring a BOM, quotes, case and blank trailing lines", () => {
    expect(csv('\uFEFFODS code\r\nA81001\n"b81002"\n\n')).toEqual({ ok: true, rows: [{ row: 2, code: "A81001" }, { row: 3, code: "B81002" }] });
  });

  it("explains each bad row", () => {
    expect(csv("ODS code\nA81001\nQE1\nA81001\n\nA81003,extra\n")).toEqual({
      ok: false,
      errors: [
        'Row 3: "QE1" is not a GP practice ODS code (a letter and 5 digits, like A81001)',
        "Row 4: A81001 is already in row 2",
        "Row 5 is empty: enter an ODS code or delete the row",
        "Row 6: put one ODS code per row, with nothing else",
      ],
    });
  });

  it("refuses wrong columns, too many rows, large, empty and non-CSV files", () => {
    expect(csv("Practice,ODS code\nA,A81001")).toEqual({ ok: false, errors: ['The selected file must have one column, headed "ODS code"'] });
    expect(csv(`ODS code\n${Array.from({ length: 10_000 }, (_, i) => `A${String(i).padStart(5, "0")}`).join("\n")}`)).toEqual({
      ok: false,
      errors: ["The selected file has 10,000 rows: upload 1,000 rows or fewer"],
    });
    expect(parseRecipientsCsv({ name: "big.csv", type: "text/csv", bytes: new Uint8Array(CSV_MAX_BYTES + 1) })).toEqual({ ok: false, errors: ["The selected file must be smaller than 1 MB"] });
    expect(csv("")).toEqual({ ok: false, errors: ["The selected file is empty"] });
    expect(csv("ODS code\nA81001", "practices.xlsx")).toEqual({ ok: false, errors: ["The selected file must be a CSV"] });
    expect(csv("ODS code\nA81001", "practices.csv", "image/png")).toEqual({ ok: false, errors: ["The selected file must be a CSV"] });
    expect(parseRecipientsCsv({ name: "x.csv", type: "text/csv", bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00]) })).toEqual({
      ok: false,
      errors: ["The selected file must be a CSV: it is not a text file"],
    });
  });

  it("never throws, whatever the bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const result = parseRecipientsCsv({ name: "f.csv", type: "text/csv", bytes });
        expect(typeof result.ok).toBe("boolean");
      }),
    );
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 8 }), { maxLength: 30 }), (lines) => {
        const result = csv(["ODS code", ...lines].join("\n"));
        if (result.ok) for (const row of result.rows) expect(row.code).toMatch(/^[A-Z]\d{5}$/);
      }),
    );
  });
});
