import { describe, expect, it } from "vitest";
import { domainCandidates, emailDomainOf, emailDomainSchema, isEmailAllowed, needsAllowedEmailDomain, rolesForOrganisationType } from "./user-rules";

describe("roles for an organisation type", () => {
  it("gives buyers buyer roles, suppliers supplier roles and the authority staff", () => {
    for (const type of ["GP_PRACTICE", "ICB", "CCG", "SUB_ICB_LOCATION", "CSU"] as const) expect(rolesForOrganisationType(type)).toEqual(["BUYER", "ACCOUNT_MANAGER"]);
    expect(rolesForOrganisationType("SUPPLIER")).toEqual(["SUPPLIER", "SUPPLIER_ACCOUNT_MANAGER"]);
    expect(rolesForOrganisationType("EXECUTIVE_AGENCY")).toEqual(["AUTHORITY"]);
  });

  it("checks the allow-list for everyone but suppliers", () => {
    expect(needsAllowedEmailDomain("SUPPLIER")).toBe(false);
    expect(needsAllowedEmailDomain("GP_PRACTICE")).toBe(true);
    expect(needsAllowedEmailDomain("EXECUTIVE_AGENCY")).toBe(true);
  });
});

describe("email domains", () => {
  it("allows a domain and its subdomains, never a look-alike", () => {
    expect(emailDomainOf("Dr.Who@GP.NHS.UK")).toBe("gp.nhs.uk");
    expect(emailDomainOf("no-at-sign")).toBe("");
    expect(domainCandidates("a.gp.nhs.uk")).toEqual(["a.gp.nhs.uk", "gp.nhs.uk", "nhs.uk"]);
    expect(domainCandidates("")).toEqual([]);
    expect(isEmailAllowed("x@nhs.net", ["nhs.net"])).toBe(true);
    expect(isEmailAllowed("x@lancs.nhs.uk", ["nhs.uk"])).toBe(true);
    expect(isEmailAllowed("x@evilnhs.net", ["nhs.net"])).toBe(false);
    expect(isEmailAllowed("x@nhs.net.evil.com", ["nhs.net"])).toBe(false);
    expect(isEmailAllowed("x@net", ["net"])).toBe(false);
    expect(isEmailAllowed("nhs.net", ["nhs.net"])).toBe(false);
  });

  it("accepts real domains in lowercase and refuses everything else with a reason", () => {
    const parse = (domain: unknown) => emailDomainSchema().safeParse({ domain });
    expect(parse("  NHS.Net ").data).toEqual({ domain: "nhs.net" });
    expect(parse("@nhs.uk").data).toEqual({ domain: "nhs.uk" });
    expect(parse("lancs-and-south.nhs.uk").success).toBe(true);
    for (const bad of ["", "nhs", "nhs..net", "-nhs.net", "nhs-.net", "nhs.net.", "name@nhs.net", "nhs net", "nhs.net'; DROP TABLE users;--", "<script>.net", "nhs.123", `${"a".repeat(64)}.net`, `${"abc.".repeat(64)}net`, 42, null]) {
      expect(parse(bad).success, String(bad)).toBe(false);
    }
  });
});
