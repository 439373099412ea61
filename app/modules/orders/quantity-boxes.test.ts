import { describe, expect, it } from "vitest";
import { quantitiesFrom, quantityBoxes } from "./order-items.server";
import type { PriceSnapshot } from "./orders.server";

/** The quantity boxes of an item page and what a posted page gives back: pure, no database. */

const price = (provisioningType: PriceSnapshot["provisioningType"], unitDescription: string): PriceSnapshot => ({
  id: "price-1",
  provisioningType,
  priceType: "FLAT",
  calculationType: "VOLUME",
  billingPeriod: "MONTHLY",
  unitDescription,
  unitDefinition: null,
  rangeDescription: null,
  currency: "GBP",
  tiers: [{ lowerRange: 1, upperRange: null, price: "1.2500" }],
});

const icb = "icb-1";
const recipients = [
  { organisationId: "p1", organisation: { name: "Riverside Surgery", odsCode: "A81001", practiceListSize: 8000 } },
  { organisationId: "p2", organisation: { name: "Hillview Practice", odsCode: "A81002", practiceListSize: 5000 } },
];
const perLicence = price("DECLARATIVE", "per licence");
const onDemand = price("ON_DEMAND", "per SMS");
const perPatient = price("PATIENT", "per patient");
const options = { recipients, orderingPartyId: icb, of: "order" as const };

describe("quantityBoxes", () => {
  it("shows one box for a whole-item quantity held by the ordering party, or none saved yet", () => {
    expect(quantityBoxes(perLicence, recipients, [], icb)).toEqual([{ name: "quantity", label: "Quantity (per licence)", value: "", hint: undefined }]);
    expect(quantityBoxes(perLicence, recipients, [{ organisationId: icb, quantity: 47 }], icb).map((b) => [b.name, b.value])).toEqual([["quantity", "47"]]);
  });

  it("shows a box per recipient, with the saved quantities and no list-size prefill, when a whole-item quantity is split by recipient", () => {
    // The bug: a 47-licence contract over two practices showed only the first practice's 12.
    const split = [
      { organisationId: "p1", quantity: 12 },
      { organisationId: "p2", quantity: 35 },
    ];
    expect(quantityBoxes(perLicence, recipients, split, icb)).toEqual([
      { name: "quantity-p1", label: "Riverside Surgery (A81001)", value: "12", hint: "Quantity per licence" },
      { name: "quantity-p2", label: "Hillview Practice (A81002)", value: "35", hint: "Quantity per licence" },
    ]);
    // One row, but for a recipient rather than the ordering party, is split too; the other box starts empty.
    expect(quantityBoxes(onDemand, recipients, [{ organisationId: "p2", quantity: 900 }], icb).map((b) => [b.name, b.value])).toEqual([
      ["quantity-p1", ""],
      ["quantity-p2", "900"],
    ]);
  });

  it("pre-fills a per-patient price from practice list sizes, saved quantities first", () => {
    expect(quantityBoxes(perPatient, recipients, [{ organisationId: "p2", quantity: 4900 }], icb).map((b) => [b.name, b.value])).toEqual([
      ["quantity-p1", "8000"],
      ["quantity-p2", "4900"],
    ]);
  });
});

describe("quantitiesFrom", () => {
  const read = (values: Record<string, unknown>, isPerPatient = false) => {
    const errors: Record<string, string> = {};
    return { quantities: quantitiesFrom(values, { ...options, perPatient: isPerPatient }, errors), errors };
  };

  it("stores one whole-item quantity for the ordering party", () => {
    expect(read({ quantity: "47" })).toEqual({ quantities: [{ organisationId: icb, quantity: 47 }], errors: {} });
    expect(read({ quantity: "0" }).errors).toEqual({ quantity: expect.any(String) });
  });

  it("stores a whole-item price's per-recipient boxes per recipient", () => {
    expect(read({ "quantity-p1": "12", "quantity-p2": "35" })).toEqual({
      quantities: [
        { organisationId: "p1", quantity: 12 },
        { organisationId: "p2", quantity: 35 },
      ],
      errors: {},
    });
    // A practice may have no share of the licences (its box left empty), but at least one needs a quantity, and each typed one must be right.
    expect(read({ "quantity-p1": "12", "quantity-p2": "" })).toEqual({ quantities: [{ organisationId: "p1", quantity: 12 }], errors: {} });
    expect(read({ "quantity-p1": "", "quantity-p2": " " }).errors).toEqual({ "quantity-p1": "Enter a quantity for at least one service recipient" });
    expect(read({ "quantity-p1": "12", "quantity-p2": "1.5" }).errors).toEqual({ "quantity-p2": expect.stringMatching(/Hillview Practice/) });
  });

  it("refuses a tampered box for an organisation that is not a service recipient, whatever the price", () => {
    for (const isPerPatient of [false, true]) {
      const { quantities, errors } = read({ "quantity-p1": "12", "quantity-other": "35" }, isPerPatient);
      expect(quantities).toEqual([]);
      expect(errors).toEqual({ "quantity-other": "The form included an organisation that is not a service recipient of this order: reload the page and try again" });
    }
    // The ordering party is not a service recipient either: it holds only the one whole-item box.
    expect(read({ [`quantity-${icb}`]: "47" }).errors).toEqual({ [`quantity-${icb}`]: expect.stringMatching(/not a service recipient/) });
  });

  it("keeps a per-patient price per recipient", () => {
    expect(read({ "quantity-p1": "8000", "quantity-p2": "5000" }, true).quantities).toEqual([
      { organisationId: "p1", quantity: 8000 },
      { organisationId: "p2", quantity: 5000 },
    ]);
    expect(read({ quantity: "13000" }, true).errors).toEqual({ "quantity-p1": expect.any(String), "quantity-p2": expect.any(String) });
  });
});
