import { describe, expect, it } from "vitest";
import { toMoney } from "~/modules/pricing/pricing";
import { billableDifference, contractPaymentState, hasCharges, nextInvoiceState, type CostLine } from "./billing-rules";

const line = (catalogueItemId: string, fundingType: string | null, oneOff: string, monthly: string, itemId = `${catalogueItemId}-item`): CostLine => ({
  itemId,
  catalogueItemId,
  name: catalogueItemId,
  fundingType,
  oneOff: toMoney(oneOff),
  monthly: toMoney(monthly),
});

describe("billableDifference", () => {
  it("bills every locally funded cost of a new order, and nothing central or free", () => {
    const charges = billableDifference([], [line("sol", "LOCAL", "0", "125"), line("training", "LOCAL", "750", "0"), line("gpit", "CENTRAL", "100", "50"), line("free", "NO_FUNDING_REQUIRED", "0", "0")]);
    expect(charges).toEqual({
      oneOff: [{ orderItemId: "training-item", name: "training", amount: toMoney("750") }],
      monthly: [{ orderItemId: "sol-item", name: "sol", amount: toMoney("125") }],
    });
  });

  it("bills only what an amendment adds: new recipients' share and new Additional Services", () => {
    const before = [line("sol", "LOCAL", "0", "100", "old-sol"), line("setup", "LOCAL", "200", "0", "old-setup")];
    const after = [line("sol", "LOCAL", "0", "150.5", "new-sol"), line("setup", "LOCAL", "300", "0", "new-setup"), line("extra", "LOCAL", "0", "20", "new-extra")];
    expect(billableDifference(before, after)).toEqual({
      oneOff: [{ orderItemId: "new-setup", name: "setup", amount: toMoney("100") }],
      monthly: [
        { orderItemId: "new-sol", name: "sol", amount: toMoney("50.5") },
        { orderItemId: "new-extra", name: "extra", amount: toMoney("20") },
      ],
    });
  });

  it("bills nothing for an unchanged amendment, a cheaper one, or centrally funded additions", () => {
    const before = [line("sol", "LOCAL", "10", "100")];
    expect(hasCharges(billableDifference(before, before))).toBe(false);
    expect(hasCharges(billableDifference(before, [line("sol", "LOCAL", "5", "99.9999")]))).toBe(false);
    expect(hasCharges(billableDifference(before, [...before, line("extra", "CENTRAL", "500", "20")]))).toBe(false);
  });

  it("bills the whole cost of an item that was central and is now local, and nothing for the reverse", () => {
    expect(billableDifference([line("sol", "CENTRAL", "0", "100")], [line("sol", "LOCAL", "0", "100")]).monthly).toEqual([{ orderItemId: "sol-item", name: "sol", amount: toMoney("100") }]);
    expect(hasCharges(billableDifference([line("sol", "LOCAL", "0", "100")], [line("sol", "CENTRAL", "0", "200")]))).toBe(false);
  });

  it("counts a difference of £0.0001", () => {
    expect(billableDifference([line("sol", "LOCAL", "0", "1")], [line("sol", "LOCAL", "0", "1.0001")]).monthly[0].amount).toBe(1n);
  });
});

describe("nextInvoiceState", () => {
  it("lets an open or failed invoice move on, and never undoes paid or void", () => {
    expect(nextInvoiceState(null, "OPEN")).toBe("OPEN");
    expect(nextInvoiceState(null, "PAID")).toBe("PAID");
    expect(nextInvoiceState("OPEN", "PAYMENT_FAILED")).toBe("PAYMENT_FAILED");
    expect(nextInvoiceState("PAYMENT_FAILED", "PAID")).toBe("PAID");
    expect(nextInvoiceState("PAYMENT_FAILED", "OPEN")).toBe("PAYMENT_FAILED");
    expect(nextInvoiceState("PAID", "PAYMENT_FAILED")).toBe("PAID");
    expect(nextInvoiceState("PAID", "OPEN")).toBe("PAID");
    expect(nextInvoiceState("VOID", "PAID")).toBe("VOID");
  });
});

describe("contractPaymentState", () => {
  it("is paid only when every invoice (order and amendments) is paid", () => {
    expect(contractPaymentState("INVOICED", ["PAID", "PAID"], false)).toBe("PAID");
    expect(contractPaymentState("INVOICED", ["PAID", "OPEN"], false)).toBe("INVOICED");
    expect(contractPaymentState("PAID", ["PAID", "OPEN"], false)).toBe("INVOICED");
  });

  it("shows a failed payment while any failed invoice is unpaid, whatever else happened", () => {
    expect(contractPaymentState("INVOICED", ["PAID", "PAYMENT_FAILED", "OPEN"], false)).toBe("PAYMENT_FAILED");
    expect(contractPaymentState("CANCELLED", ["PAYMENT_FAILED"], true)).toBe("PAYMENT_FAILED");
  });

  it("shows a cancelled subscription once nothing has failed", () => {
    expect(contractPaymentState("INVOICED", ["PAID", "OPEN"], true)).toBe("CANCELLED");
    expect(contractPaymentState("INVOICED", [], true)).toBe("CANCELLED");
  });

  it("ignores void invoices, and keeps billing's own state while there are no invoices", () => {
    expect(contractPaymentState("INVOICED", ["PAID", "VOID"], false)).toBe("PAID");
    expect(contractPaymentState("PAID", ["VOID"], false)).toBe("INVOICED");
    expect(contractPaymentState("INVOICED", [], false)).toBe("INVOICED");
    expect(contractPaymentState("PENDING", [], false)).toBe("PENDING");
    expect(contractPaymentState("NOT_BILLED", [], false)).toBe("NOT_BILLED");
    expect(contractPaymentState("INVOICED_OUTSIDE_CATALOGUE", [], false)).toBe("INVOICED_OUTSIDE_CATALOGUE");
  });
});
