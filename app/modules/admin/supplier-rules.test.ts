import { describe, expect, it } from "vitest";
import { checkSupplierStatusChange } from "./supplier-rules";

const active = { isActive: true, liveContracts: 0, contacts: 1 };

describe("supplier status changes", () => {
  it("make a supplier inactive only when no contract for it is live", () => {
    expect(checkSupplierStatusChange(active, false)).toEqual({ ok: true });
    expect(checkSupplierStatusChange({ ...active, liveContracts: 1 }, false)).toMatchObject({ ok: false, reason: expect.stringContaining("1 live contract.") });
    expect(checkSupplierStatusChange({ ...active, liveContracts: 3 }, false)).toMatchObject({ ok: false, reason: expect.stringContaining("3 live contracts") });
  });

  it("make a supplier active again only with a contact to name on orders", () => {
    expect(checkSupplierStatusChange({ ...active, isActive: false }, true)).toEqual({ ok: true });
    expect(checkSupplierStatusChange({ ...active, isActive: false, contacts: 0 }, true)).toMatchObject({ ok: false, reason: expect.stringContaining("Add a supplier contact") });
  });

  it("refuse a change to the status it already has", () => {
    expect(checkSupplierStatusChange(active, true)).toEqual({ ok: false, reason: "This supplier is already active." });
    expect(checkSupplierStatusChange({ ...active, isActive: false }, false)).toEqual({ ok: false, reason: "This supplier is already inactive." });
  });
});
