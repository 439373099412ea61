import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { awardOptions, parseAwardDecision } from "./award";
import { EMPTY_CRITERIA, criteriaFromJson, criteriaProblems, criteriaTasks, parseContractLength, parseFeatures, parseServiceLevels, parseTimeOfDay, parseWeights, type Criteria } from "./criteria";
import type { Orderability } from "./orderability.server";
import { competitionReference, competitionTasks, parseScore, parseScoresheet, parseSelection, reasonField, type CompetitionState } from "./rules";
import { competitionResult, PRICE_ONLY_WEIGHTS } from "./scoring";

const framework = { maxTermMonths: 36, shortName: "GP IT Futures" };
const candidates = Array.from({ length: 9 }, (_, i) => ({ id: `s${i + 1}`, name: `Solution ${i + 1}` }));
const reasons = (kept: string[]) => Object.fromEntries(candidates.filter((c) => !kept.includes(c.id)).map((c) => [reasonField(c.id), "Does not do cohorts"]));

describe("the stored criteria", () => {
  it("read back as empty from nothing, exactly as the schema's defaults give", () => {
    expect(criteriaFromJson({})).toEqual(EMPTY_CRITERIA);
    expect(criteriaFromJson({ weights: { price: 101 } })).toEqual(EMPTY_CRITERIA);
  });
});

describe("choosing solutions from a shortlist", () => {
  it("takes 2 to 8 with a justification for each left out", () => {
    const kept = ["s1", "s2", "s3"];
    const result = parseSelection(candidates, { include: kept, ...reasons(kept) });
    expect(result).toEqual({ ok: true, selection: { included: kept, excluded: candidates.slice(3).map((c) => ({ id: c.id, reason: "Does not do cohorts" })) } });
  });

  it("refuses 0, 1 or 9 solutions and offers a direct award for one", () => {
    expect(parseSelection(candidates, { ...reasons([]) })).toMatchObject({ ok: false, errors: { include: "Include at least 2 solutions in the competition" } });
    expect(parseSelection(candidates, { include: "s4", ...reasons(["s4"]) })).toMatchObject({ ok: false, includedOne: "s4", errors: { include: expect.stringMatching(/direct award/) } });
    expect(parseSelection(candidates, { include: candidates.map((c) => c.id) })).toMatchObject({ ok: false, errors: { include: "Include no more than 8 solutions in the competition. You included 9" } });
  });

  it("names each missing or overlong justification, and refuses ids not on the shortlist", () => {
    const result = parseSelection(candidates, { include: ["s1", "s2"], ...reasons(["s1", "s2"]), [reasonField("s3")]: "   ", [reasonField("s4")]: "x".repeat(1001) });
    expect(result).toMatchObject({ ok: false, errors: { [reasonField("s3")]: "Enter why Solution 3 is left out", [reasonField("s4")]: expect.stringMatching(/1,000 characters or fewer/) } });
    expect(parseSelection(candidates, { include: ["s1", "elsewhere"] })).toEqual({ ok: false, errors: { include: "Choose solutions from this shortlist only" } });
  });
});

describe("criteria forms", () => {
  it("refuse a contract length beyond the framework's maximum, negative or fractional", () => {
    expect(parseContractLength({ contractMonths: "36" }, framework)).toEqual({ ok: true, value: 36 });
    expect(parseContractLength({ contractMonths: "37" }, framework)).toEqual({ ok: false, errors: { contractMonths: "Contract length must be 36 months or fewer, the most the GP IT Futures framework allows" } });
    expect(parseContractLength({ contractMonths: "-1" }, framework)).toMatchObject({ ok: false, errors: { contractMonths: "Contract length must be 2 or more" } });
    expect(parseContractLength({ contractMonths: "12.5" }, framework)).toMatchObject({ ok: false, errors: { contractMonths: expect.stringMatching(/whole number/) } });
    expect(parseContractLength({ contractMonths: "1e3" }, framework)).toMatchObject({ ok: false });
  });

  it("read weightings box by box and check they add up to 100", () => {
    const boxes = (price: string, features: string) => ({ "weight-price": price, "weight-features": features, "weight-implementation": "0", "weight-interoperability": "0", "weight-service-levels": "0" });
    expect(parseWeights(boxes("70", "30"))).toEqual({ ok: true, value: { price: 70, FEATURES: 30, IMPLEMENTATION: 0, INTEROPERABILITY: 0, SERVICE_LEVELS: 0 } });
    expect(parseWeights(boxes("70", ""))).toEqual({ ok: false, errors: { "weight-features": "Enter the features weighting" } });
    expect(parseWeights(boxes("70", "20"))).toEqual({ ok: false, errors: { "weight-price": "The weightings must add up to 100. They add up to 90" } });
    expect(parseWeights(boxes("170", "-70"))).toEqual({ ok: false, errors: { "weight-price": "Price weighting must be 100 or fewer", "weight-features": "Features weighting must be 0 or more" } });
  });

  it("(property) never throw on any input, and only accept weightings that add up to 100", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.integer({ min: -200, max: 200 }).map(String), fc.double().map(String)), { minLength: 5, maxLength: 5 }), (values) => {
        const [p, f, i, o, s] = values;
        const parsed = parseWeights({ "weight-price": p, "weight-features": f, "weight-implementation": i, "weight-interoperability": o, "weight-service-levels": s });
        if (parsed.ok) expect(Object.values(parsed.value).reduce((a, b) => a + b, 0)).toBe(100);
      }),
    );
  });

  it("keep feature requirements with a level, in order", () => {
    expect(parseFeatures({ "requirement-2": "Export", "level-2": "MAY", "requirement-1": "Find", "level-1": "MUST", "requirement-3": "", "level-3": "SHOULD" })).toEqual({
      ok: true,
      value: [
        { text: "Find", level: "MUST" },
        { text: "Export", level: "MAY" },
      ],
    });
    expect(parseFeatures({ "requirement-1": "Find", "level-1": "OPTIONAL" })).toEqual({ ok: false, errors: { "level-1": "Select whether requirement 1 is a must, should or may" } });
    expect(parseFeatures({ "requirement-1": "" })).toMatchObject({ ok: false, errors: { "requirement-1": "Enter at least one feature requirement" } });
  });

  it("read service levels on the 24-hour clock", () => {
    expect(parseTimeOfDay("8:00")).toBe("08:00");
    expect(parseTimeOfDay("1830")).toBe("18:30");
    expect(parseTimeOfDay("24:00")).toBeNull();
    expect(parseServiceLevels({ availableFrom: "08:00", availableTo: "18:30", days: ["MON", "FRI"], bankHolidays: "no" })).toEqual({
      ok: true,
      value: { availableFrom: "08:00", availableTo: "18:30", days: ["MON", "FRI"], bankHolidays: false },
    });
    expect(parseServiceLevels({ availableFrom: "18:00", availableTo: "08:00", days: ["FUNDAY"] })).toEqual({
      ok: false,
      errors: { availableTo: "Available until must be later than available from", days: "Select days from the list", bankHolidays: "Select whether the service must be available on bank holidays" },
    });
  });

  it("list the tasks a basis needs, and what stops locking", () => {
    const priceOnly: Criteria = { ...EMPTY_CRITERIA, contractMonths: 24, awardBasis: "PRICE_ONLY" };
    expect(criteriaTasks(priceOnly).map((t) => [t.key, t.status])).toEqual([
      ["contract-length", "Completed"],
      ["award-basis", "Completed"],
    ]);
    expect(criteriaProblems(priceOnly, framework)).toEqual([]);
    const mixed: Criteria = { ...priceOnly, awardBasis: "PRICE_AND_NON_PRICE", weights: { price: 60, FEATURES: 40, IMPLEMENTATION: 0, INTEROPERABILITY: 0, SERVICE_LEVELS: 0 } };
    expect(criteriaTasks(mixed).map((t) => t.key)).toEqual(["contract-length", "award-basis", "weightings", "features"]);
    expect(criteriaProblems(mixed, framework)).toEqual(["Complete features requirements"]);
    expect(criteriaProblems({ ...priceOnly, contractMonths: 48 }, framework)).toEqual(["Contract length must be 36 months or fewer, the most the GP IT Futures framework allows"]);
  });
});

describe("scores as typed", () => {
  it("accept only whole numbers from 1 to 5", () => {
    expect(parseScore("3", "features")).toEqual({ ok: true, score: 3 });
    for (const bad of ["0", "6", "3.5", "-1", "three", " 55", "1e0"]) expect(parseScore(bad, "features").ok, bad).toBe(false);
    expect(parseScore("", "features")).toEqual({ ok: false, message: "Select a score for features" });
  });

  it("(property) no string outside 1 to 5 is ever a score", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const parsed = parseScore(text, "x");
        if (parsed.ok) expect(["1", "2", "3", "4", "5"]).toContain(text.trim());
      }),
    );
  });

  it("need a justification for every score", () => {
    expect(parseScoresheet(["FEATURES"], { "score-features": "4", "justification-features": "" })).toEqual({ ok: false, errors: { "justification-features": "Enter a justification for the features score" } });
  });
});

describe("the award", () => {
  const orderable: Orderability = { state: "orderable" };
  const result = competitionResult({
    basis: "PRICE_ONLY",
    weights: PRICE_ONLY_WEIGHTS,
    competitors: [
      { id: "a", name: "A", totalCost: 100n, marks: {} },
      { id: "b", name: "B", totalCost: 200n, marks: {} },
      { id: "c", name: "C", totalCost: 200n, marks: {} },
    ],
  });

  it("goes to the winner, or past unorderable ones to the next; level ones are the lead's choice", () => {
    expect(awardOptions(result, new Map([["a", orderable], ["b", orderable], ["c", orderable]]))).toEqual({ target: "a", choose: [], passedOver: [] });
    const suspended = new Map<string, Orderability>([["a", { state: "unavailable", reason: "A has been suspended from the catalogue." }], ["b", orderable], ["c", orderable]]);
    expect(awardOptions(result, suspended)).toEqual({ target: null, choose: ["b", "c"], passedOver: [{ id: "a", reason: "A has been suspended from the catalogue.", assuranceLapsed: false }] });
    expect(parseAwardDecision(awardOptions(result, suspended), { solutionId: "b" })).toEqual({ ok: false, errors: { tieReason: "Enter why you chose this solution" } });
    expect(parseAwardDecision(awardOptions(result, suspended), { solutionId: "a", tieReason: "x" })).toMatchObject({ ok: false, errors: { solutionId: expect.any(String) } });
    expect(parseAwardDecision(awardOptions(result, suspended), { solutionId: "c", tieReason: "Better support" })).toEqual({ ok: true, decision: { solutionId: "c", tieReason: "Better support", lapseNote: null } });
  });

  it("never goes to a solution whose assurance lapsed: it is passed over, with a note for commercial staff", () => {
    const reason = "Fable Health's Data Security and Protection Toolkit lapsed on 1 Jul 2026.";
    const lapsed = new Map<string, Orderability>([["a", { state: "assurance-lapsed", reason }], ["b", orderable], ["c", orderable]]);
    const options = awardOptions(result, lapsed);
    expect(options).toEqual({ target: null, choose: ["b", "c"], passedOver: [{ id: "a", reason, assuranceLapsed: true }] });
    expect(parseAwardDecision(options, { solutionId: "b", tieReason: "Better support" })).toEqual({ ok: false, errors: { lapseNote: expect.stringMatching(/^Enter a note for commercial staff/) } });
    // A forged choice of the lapsed one is refused even with a note.
    expect(parseAwardDecision(options, { solutionId: "a", tieReason: "Cheapest", lapseNote: "Renewal due next week" })).toEqual({ ok: false, errors: { solutionId: expect.any(String) } });
    expect(parseAwardDecision(options, { solutionId: "b", tieReason: "Better support", lapseNote: "Renewal due next week" })).toEqual({
      ok: true,
      decision: { solutionId: "b", tieReason: "Better support", lapseNote: "Renewal due next week" },
    });
  });

  it("needs no note when a solution whose assurance lapsed was not going to win", () => {
    const lapsedThird = new Map<string, Orderability>([["a", orderable], ["b", { state: "assurance-lapsed", reason: "B lapsed." }], ["c", orderable]]);
    const options = awardOptions(result, lapsedThird);
    expect(options).toEqual({ target: "a", choose: [], passedOver: [] });
    expect(parseAwardDecision(options, {})).toEqual({ ok: true, decision: { solutionId: "a", tieReason: null, lapseNote: null } });
  });

  it("cannot be made when nothing can be ordered; unknown orderability counts as cannot", () => {
    const none = new Map<string, Orderability>([["a", { state: "assurance-lapsed", reason: "A lapsed." }], ["b", { state: "unavailable", reason: "B suspended." }]]);
    const options = awardOptions(result, none);
    expect(options.target).toBeNull();
    expect(options.choose).toEqual([]);
    expect(options.passedOver.map((p) => [p.id, p.assuranceLapsed])).toEqual([["a", true], ["b", false], ["c", false]]);
    expect(parseAwardDecision(options, { lapseNote: "x" })).toEqual({ ok: false, errors: { solutionId: expect.stringMatching(/^None of the solutions/) } });
  });
});

describe("the competition's task list", () => {
  const state = (overrides: Partial<CompetitionState>): CompetitionState => ({
    isLead: true,
    isScorer: true,
    criteria: { ...EMPTY_CRITERIA, contractMonths: 24, awardBasis: "PRICE_AND_NON_PRICE", weights: { price: 60, FEATURES: 40, IMPLEMENTATION: 0, INTEROPERABILITY: 0, SERVICE_LEVELS: 0 }, features: [{ text: "Find", level: "MUST" }] },
    criteriaLocked: true,
    recipientCount: 2,
    solutions: [
      { id: "a", name: "A", pricesDone: true },
      { id: "b", name: "B", pricesDone: true },
    ],
    scorerCount: 2,
    submittedScorers: 1,
    ownScoresSubmitted: true,
    ownScoresStarted: true,
    marks: [{ scores: [], moderated: null }],
    awarded: false,
    ...overrides,
  });
  const status = (s: CompetitionState, key: string) => competitionTasks(s).flatMap((x) => x.tasks).find((t) => t.key === key)?.status;

  it("opens moderation and the result only when every scorer has submitted and wide differences are moderated", () => {
    expect(status(state({}), "moderation")).toBe("Cannot start yet");
    expect(status(state({}), "result")).toBe("Cannot start yet");
    const submitted = state({ submittedScorers: 2, marks: [{ scores: [1, 4], moderated: null }] });
    expect(status(submitted, "moderation")).toBe("Not started");
    expect(status(submitted, "award")).toBe("Cannot start yet");
    const moderated = state({ submittedScorers: 2, marks: [{ scores: [1, 4], moderated: 3 }] });
    expect(status(moderated, "moderation")).toBe("Completed");
    expect(status(moderated, "award")).toBe("Not started");
  });

  it("shows a scorer who is not the lead only their scoring and the result", () => {
    const scorer = competitionTasks(state({ isLead: false }));
    expect(scorer.flatMap((s) => s.tasks).map((t) => t.key)).toEqual(["scoring", "result"]);
  });

  it("gives each competition a reference", () => {
    expect(competitionReference(10001)).toBe("FC010001");
  });
});
