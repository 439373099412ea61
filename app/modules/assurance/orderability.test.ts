import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, asDateOnly, type DateOnly } from "../dates";
import { ASSURANCE_STATUSES } from "./assurance-status";
import {
  orderability,
  refusalText,
  refusedForAssurance,
  type AssuranceFact,
  type FrameworkState,
  type ListingPublicationStatus,
  type OrderabilityFacts,
  type RefusalCode,
} from "./orderability";

const today = asDateOnly("2026-11-02");

const framework = (status: FrameworkState, id = "NHSDGP001") => ({ id, name: id === "NHSDGP001" ? "NHS Digital GP IT Futures Framework 1" : `Framework ${id}`, status });

function facts(overrides: Partial<OrderabilityFacts> = {}, solution: Partial<OrderabilityFacts["solution"]> = {}): OrderabilityFacts {
  return {
    solution: { id: "10007-001", name: "Fable Notes", publicationStatus: "PUBLISHED", remediationDeadline: null, hasPublishedPrice: true, ...solution },
    supplier: { id: 10007, name: "Fable Health", isActive: true },
    frameworks: [framework("LIVE")],
    assurance: [],
    ...overrides,
  };
}

/** The assurance states a buyer can meet, each as the stored row that produces it on `today`. */
const STATES = {
  assured: { status: "ASSURED", expiresOn: addDays(today, 200), remediationDeadline: null },
  "assured, no expiry": { status: "ASSURED", expiresOn: null, remediationDeadline: null },
  expiring: { status: "EXPIRING", expiresOn: addDays(today, 21), remediationDeadline: null },
  "expiring today": { status: "EXPIRING", expiresOn: today, remediationDeadline: null },
  lapsed: { status: "LAPSED", expiresOn: asDateOnly("2026-06-30"), remediationDeadline: null },
  // The daily scan has not caught up: stored ASSURED, but its expiry has passed.
  "lapsed, not yet scanned": { status: "ASSURED", expiresOn: addDays(today, -1), remediationDeadline: null },
  "in remediation": { status: "IN_REMEDIATION", expiresOn: asDateOnly("2026-06-30"), remediationDeadline: addDays(today, 30) },
  "in remediation, deadline today": { status: "IN_REMEDIATION", expiresOn: asDateOnly("2026-06-30"), remediationDeadline: today },
  "remediation failed": { status: "IN_REMEDIATION", expiresOn: asDateOnly("2026-06-30"), remediationDeadline: addDays(today, -1) },
  withdrawn: { status: "WITHDRAWN", expiresOn: addDays(today, 200), remediationDeadline: null },
} as const satisfies Record<string, Pick<AssuranceFact, "status" | "expiresOn" | "remediationDeadline">>;

type StateName = keyof typeof STATES;
const EXPECTED: Record<StateName, RefusalCode | null> = {
  assured: null,
  "assured, no expiry": null,
  expiring: null,
  "expiring today": null,
  lapsed: "ASSURANCE_LAPSED",
  "lapsed, not yet scanned": "ASSURANCE_LAPSED",
  "in remediation": "ASSURANCE_IN_REMEDIATION",
  "in remediation, deadline today": "ASSURANCE_IN_REMEDIATION",
  "remediation failed": "REMEDIATION_FAILED",
  withdrawn: "ASSURANCE_WITHDRAWN",
};

const CRITICAL = { "not critical": { safetyCritical: false, securityCritical: false }, "safety-critical": { safetyCritical: true, securityCritical: false }, "security-critical": { safetyCritical: false, securityCritical: true } } as const;

function record(level: "solution" | "supplier", state: StateName, critical: keyof typeof CRITICAL = "not critical"): AssuranceFact {
  return {
    standardId: level === "supplier" ? "DSPT" : "S25",
    standardName: level === "supplier" ? "Data Security and Protection Toolkit" : "Clinical Safety (DCB0129)",
    level,
    warningWindowDays: 60,
    ...STATES[state],
    ...CRITICAL[critical],
  };
}

describe("orderability: every combination of level × assurance state × framework state × criticality", () => {
  const combinations = (["solution", "supplier"] as const).flatMap((level) =>
    (Object.keys(STATES) as StateName[]).flatMap((state) =>
      (["COMING", "OPEN", "LIVE", "EXPIRED"] as const).flatMap((frameworkState) => (Object.keys(CRITICAL) as (keyof typeof CRITICAL)[]).map((critical) => ({ level, state, frameworkState, critical }))),
    ),
  );

  it.each(combinations)("$level level, $state, framework $frameworkState, $critical", ({ level, state, frameworkState, critical }) => {
    const result = orderability(facts({ frameworks: [framework(frameworkState)], assurance: [record(level, state, critical)] }), { today });
    const assuranceCode = EXPECTED[state];
    expect(result.orderable).toBe(assuranceCode === null && frameworkState === "LIVE");
    const codes = result.refusals.map((r) => r.code);
    expect(codes.includes("FRAMEWORK_NOT_LIVE")).toBe(frameworkState !== "LIVE");
    if (assuranceCode) {
      // The assurance reason comes first, and says which standard, whose, and whether it is critical.
      expect(codes[0]).toBe(assuranceCode);
      const first = result.refusals[0]!;
      expect(first.assurance).toMatchObject({ level, standardId: level === "supplier" ? "DSPT" : "S25", critical: critical === "not critical" ? null : critical === "safety-critical" ? "safety" : "security" });
      expect(first.message).toContain(level === "supplier" ? "Fable Health's Data Security and Protection Toolkit" : "Fable Notes' Clinical Safety (DCB0129) assurance");
      expect(refusedForAssurance(result)).toBe(true);
    } else {
      expect(refusedForAssurance(result)).toBe(false);
    }
  });
});

describe("orderability: wording", () => {
  it("names a supplier-level lapse with its date, as buyers read it", () => {
    const plural = orderability({ ...facts({ assurance: [record("supplier", "lapsed")] }), supplier: { id: 1, name: "Northfield Care Technologies", isActive: true } }, { today });
    expect(refusalText(plural)).toBe("Northfield Care Technologies' Data Security and Protection Toolkit lapsed on 1 Jul 2026.");
    const result = orderability(facts({ assurance: [record("supplier", "lapsed", "security-critical")] }), { today });
    expect(result).toEqual({
      orderable: false,
      refusals: [expect.objectContaining({ code: "ASSURANCE_LAPSED", message: "Fable Health's Data Security and Protection Toolkit lapsed on 1 Jul 2026." })],
    });
    expect(refusalText(result)).toBe("Fable Health's Data Security and Protection Toolkit lapsed on 1 Jul 2026.");
  });

  it("says when a remediation plan runs until, and when its deadline was missed", () => {
    expect(refusalText(orderability(facts({ assurance: [record("supplier", "in remediation")] }), { today }))).toBe(
      "Fable Health's Data Security and Protection Toolkit lapsed on 1 Jul 2026 and is in remediation until 2 Dec 2026.",
    );
    expect(refusalText(orderability(facts({ assurance: [record("solution", "remediation failed")] }), { today }))).toBe(
      "Fable Notes' Clinical Safety (DCB0129) assurance lapsed on 1 Jul 2026 and was not renewed by its remediation deadline of 1 Nov 2026.",
    );
  });

  it("does not repeat a listing's remediation that an assurance record already explains", () => {
    const result = orderability(facts({ assurance: [record("supplier", "in remediation")] }, { publicationStatus: "IN_REMEDIATION", remediationDeadline: addDays(today, 30) }), { today });
    expect(result.refusals.map((r) => r.code)).toEqual(["ASSURANCE_IN_REMEDIATION"]);
    const alone = orderability(facts({}, { publicationStatus: "IN_REMEDIATION", remediationDeadline: addDays(today, 30) }), { today });
    expect(alone.refusals).toEqual([{ code: "LISTING_IN_REMEDIATION", message: "Fable Notes is in remediation until 2 Dec 2026 while a lapsed assurance is restored." }]);
  });

  it("puts the most serious reason first: failed before lapsed, critical before not, supplier before solution", () => {
    const result = orderability(
      facts({
        assurance: [
          { ...record("solution", "lapsed"), standardId: "S28", standardName: "Training" },
          record("solution", "lapsed", "safety-critical"),
          record("supplier", "lapsed", "security-critical"),
          { ...record("supplier", "remediation failed"), standardId: "DTAC", standardName: "DTAC" },
        ],
      }),
      { today },
    );
    expect(result.refusals.map((r) => r.assurance?.standardId)).toEqual(["DTAC", "DSPT", "S25", "S28"]);
  });

  it.each<[ListingPublicationStatus, RefusalCode]>([
    ["SUSPENDED", "LISTING_SUSPENDED"],
    ["UNPUBLISHED", "LISTING_NOT_PUBLISHED"],
    ["DRAFT", "LISTING_NOT_PUBLISHED"],
  ])("refuses a %s listing", (publicationStatus, code) => {
    expect(orderability(facts({}, { publicationStatus }), { today }).refusals.map((r) => r.code)).toEqual([code]);
  });

  it("refuses an inactive supplier and a listing without a published price", () => {
    const result = orderability({ ...facts({}, { hasPublishedPrice: false }), supplier: { id: 1, name: "Gone Ltd", isActive: false } }, { today });
    expect(result.refusals.map((r) => r.message)).toEqual(["Gone Ltd no longer supplies through the catalogue.", "Fable Notes has no published list price."]);
  });

  it("needs one live framework, or the order's own framework to be live", () => {
    const two = [framework("EXPIRED", "DFOCVC001"), framework("LIVE", "TIF001")];
    expect(orderability(facts({ frameworks: two }), { today }).orderable).toBe(true);
    expect(orderability(facts({ frameworks: two }), { today, frameworkId: "TIF001" }).orderable).toBe(true);
    expect(refusalText(orderability(facts({ frameworks: two }), { today, frameworkId: "DFOCVC001" }))).toBe(
      "Fable Notes cannot be ordered: the Framework DFOCVC001 has expired, so no new call-off orders can be placed under it.",
    );
    expect(orderability(facts({ frameworks: two }), { today, frameworkId: "ATP001" }).refusals.map((r) => r.code)).toEqual(["NOT_ON_FRAMEWORK"]);
    expect(refusalText(orderability(facts({ frameworks: [framework("COMING"), framework("OPEN", "TIF001")] }), { today }))).toBe(
      "Fable Notes cannot be ordered: the NHS Digital GP IT Futures Framework 1 is not open yet and the Framework TIF001 is not yet live for call-off orders, so no new call-off orders can be placed under them.",
    );
    expect(orderability(facts({ frameworks: [] }), { today }).refusals.map((r) => r.code)).toEqual(["NOT_ON_FRAMEWORK"]);
  });

  it("an assurance lapses the day after its expiry date, not on it", () => {
    const expiresToday = { ...record("supplier", "expiring"), expiresOn: today };
    expect(orderability(facts({ assurance: [expiresToday] }), { today }).orderable).toBe(true);
    expect(orderability(facts({ assurance: [expiresToday] }), { today: addDays(today, 1) }).orderable).toBe(false);
  });
});

describe("orderability: properties", () => {
  const date = fc.integer({ min: -400, max: 400 }).map((n) => addDays(today, n));
  const fact: fc.Arbitrary<AssuranceFact> = fc.record({
    standardId: fc.constantFrom("S24", "S25", "S44", "DSPT", "CEPLUS"),
    standardName: fc.constantFrom("Training", "DSPT", "GP Connect"),
    level: fc.constantFrom("solution" as const, "supplier" as const),
    status: fc.constantFrom(...ASSURANCE_STATUSES),
    expiresOn: fc.option(date, { nil: null }),
    remediationDeadline: fc.option(date, { nil: null }),
    warningWindowDays: fc.integer({ min: 0, max: 90 }),
    safetyCritical: fc.boolean(),
    securityCritical: fc.boolean(),
  });
  const anyFacts: fc.Arbitrary<OrderabilityFacts> = fc.record({
    solution: fc.record({
      id: fc.constant("10000-001"),
      name: fc.constant("Solution"),
      publicationStatus: fc.constantFrom<ListingPublicationStatus>("DRAFT", "UNPUBLISHED", "PUBLISHED", "IN_REMEDIATION", "SUSPENDED"),
      remediationDeadline: fc.option(date, { nil: null }),
      hasPublishedPrice: fc.boolean(),
    }),
    supplier: fc.record({ id: fc.constant(10000), name: fc.constant("Supplier"), isActive: fc.boolean() }),
    frameworks: fc.array(fc.record({ id: fc.constantFrom("A", "B", "C"), name: fc.constant("F"), status: fc.constantFrom<FrameworkState>("COMING", "OPEN", "LIVE", "EXPIRED") }), { maxLength: 3 }),
    assurance: fc.array(fact, { maxLength: 6 }),
  });
  const valid = (f: AssuranceFact, on: DateOnly) => f.status !== "IN_REMEDIATION" && f.status !== "WITHDRAWN" && (f.expiresOn === null || f.expiresOn >= on);

  it("is orderable exactly when published, priced, active, on a live framework and every record is valid", () => {
    fc.assert(
      fc.property(anyFacts, (f) => {
        const expected =
          f.solution.publicationStatus === "PUBLISHED" && f.solution.hasPublishedPrice && f.supplier.isActive && f.frameworks.some((fw) => fw.status === "LIVE") && f.assurance.every((a) => valid(a, today));
        const result = orderability(f, { today });
        expect(result.orderable).toBe(expected);
        expect(result.refusals.length === 0).toBe(expected);
        for (const refusal of result.refusals) expect(refusal.message).toMatch(/\.$/);
      }),
    );
  });

  it("adding a record never makes a refused solution orderable, and removing every record never refuses one for assurance", () => {
    fc.assert(
      fc.property(anyFacts, fact, (f, extra) => {
        if (!orderability(f, { today }).orderable) expect(orderability({ ...f, assurance: [...f.assurance, extra] }, { today }).orderable).toBe(false);
        expect(refusedForAssurance(orderability({ ...f, assurance: [] }, { today }))).toBe(false);
      }),
    );
  });
});
