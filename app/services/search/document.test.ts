import { describe, expect, it } from "vitest";
import type { Orderability, RefusalCode } from "~/modules/assurance/orderability";
import { listingAssurance } from "./document";

const refused = (...codes: RefusalCode[]): Orderability => ({ orderable: false, refusals: codes.map((code) => ({ code, message: `${code}.` })) as [Orderability["refusals"][number], ...Orderability["refusals"]] });

describe("listingAssurance: the assurance facet follows the orderability rule", () => {
  it("is assured only when the solution can be ordered", () => {
    expect(listingAssurance("PUBLISHED", { orderable: true, refusals: [] })).toBe("assured");
    expect(listingAssurance("PUBLISHED", refused("ASSURANCE_LAPSED"))).toBe("lapsed");
    expect(listingAssurance("PUBLISHED", refused("REMEDIATION_FAILED"))).toBe("lapsed");
    expect(listingAssurance("PUBLISHED", refused("ASSURANCE_WITHDRAWN"))).toBe("lapsed");
    expect(listingAssurance("PUBLISHED", refused("ASSURANCE_IN_REMEDIATION"))).toBe("in-remediation");
    expect(listingAssurance("IN_REMEDIATION", refused("ASSURANCE_LAPSED"))).toBe("in-remediation");
    // Not about assurance: an expired framework or no published price still keeps it out of the default search.
    expect(listingAssurance("PUBLISHED", refused("FRAMEWORK_NOT_LIVE"))).toBe("not-orderable");
    expect(listingAssurance("PUBLISHED", refused("NO_PUBLISHED_PRICE", "NOT_ON_FRAMEWORK"))).toBe("not-orderable");
  });
});
