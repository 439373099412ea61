import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PriceTemplate } from "../../../seed/listings";
import { createAssuranceRecord, createOrganisationWithUser, createPublishedSolution, createSupplier, ensureReferenceData } from "../../../seed/factories";
import { addDays, londonToday, toDbDate } from "~/modules/dates";
import { findOrderDetail } from "~/modules/orders/orders.server";
import { createShortlist } from "~/modules/shortlists/shortlists.server";
import { rebuildSearchIndex, setSearchEnginesForTests } from "~/services/search/index.server";
import { actorFor } from "~/test/actors";
import { useTestDatabase } from "~/test/database";
import type { Actor } from "~/utils/auth.server";
import { awardCompetition, awardsPassingOverLapse, competitionOutcome, LAPSE_AUDIT_ACTION, publishedResult, resultsCsv } from "./award.server";
import { findCompetition, listCompetitions, marksOf } from "./competitions.server";
import { lockCriteria, saveCriteriaAnswer, startNewRevision } from "./criteria.server";
import { competitionPriceForm, saveCompetitionPrices, saveCompetitionRecipients, solutionOf } from "./items.server";
import { reasonField } from "./rules";
import { moderationView, ownScoresheet, saveModeration, saveScorers, saveScores, submitScores } from "./scoring.server";
import { competitionStart, startCompetition, startDirectAward } from "./start.server";

/**
 * Further competitions on real PostgreSQL: starting from a shortlist (with its bad input),
 * criteria locking and revisions, organisation scoping, scoring and moderation, the result,
 * and the award → a call-off order with exactly the competition's items and quantities.
 */
const database = useTestDatabase();
const today = londonToday();
const quiet = () => {};

let lead: Actor;
let colleague: Actor;
let otherBuyer: Actor;
let staff: Actor;
let practices: { id: string; listSize: number }[];
let otherIcbPractice: string;
/** The nine C45 solutions on GP IT Futures; the first three are priced at £2.00, £2.50 and £3.00 per patient per year. */
let nine: { id: string; name: string; supplierId: number }[];
let shortlists: { nine: string; direct: string; expired: string; lapse: string };
let lapseSolutions: { id: string; supplierId: number; recordId: string }[];

const perPatient = (price: number): PriceTemplate => ({ provisioningType: "PATIENT", priceType: "FLAT", calculationType: "VOLUME", billingPeriod: "YEARLY", unitDescription: "per patient", price: [price, price] });

beforeAll(async () => {
  const db = database.db;
  setSearchEnginesForTests(null);
  await ensureReferenceData(db);
  const icb = await createOrganisationWithUser(db, { type: "ICB", odsCode: "QZ1", name: "NHS Test ICB" });
  const leadUser = icb.user;
  const colleagueUser = await db.user.create({ data: { email: "colleague@qz1.nhs.net", name: "Alex Colleague", passwordHash: "x", organisationId: icb.organisation.id, role: "ACCOUNT_MANAGER" } });
  practices = [];
  for (const listSize of [8000, 4000]) {
    const p = await createOrganisationWithUser(db, { type: "GP_PRACTICE", icbId: icb.organisation.id, parentId: icb.organisation.id, practiceListSize: listSize });
    practices.push({ id: p.organisation.id, listSize });
  }
  const other = await createOrganisationWithUser(db, { type: "ICB", odsCode: "QZ2" });
  otherIcbPractice = (await createOrganisationWithUser(db, { type: "GP_PRACTICE", icbId: other.organisation.id, parentId: other.organisation.id })).organisation.id;
  lead = await actorFor(db, leadUser.id);
  colleague = await actorFor(db, colleagueUser.id);
  otherBuyer = await actorFor(db, other.user.id);
  staff = await actorFor(db, (await createOrganisationWithUser(db, { type: "EXECUTIVE_AGENCY" })).user.id);

  nine = [];
  const prices = [2, 2.5, 3, 4, 4, 4, 4, 4, 4];
  for (let i = 0; i < 9; i++) {
    const { supplier } = await createSupplier(db);
    const { item } = await createPublishedSolution(db, { supplierId: supplier.id, name: `Cohort Finder ${i + 1}`, capabilityIds: ["C45"], frameworkIds: ["NHSDGP001"], prices: [perPatient(prices[i])] });
    nine.push({ id: item.id, name: item.name, supplierId: supplier.id });
  }
  const direct = await createSupplier(db);
  await createPublishedSolution(db, { supplierId: direct.supplier.id, name: "Vaccine Recorder", capabilityIds: ["C47"], frameworkIds: ["NHSDGP001"] });
  const expired = await createSupplier(db);
  await createPublishedSolution(db, { supplierId: expired.supplier.id, name: "Video Consult", capabilityIds: ["C44"], frameworkIds: ["DFOCVC001"] });
  lapseSolutions = [];
  for (const price of [1, 2, 3]) {
    const { supplier } = await createSupplier(db);
    const { item } = await createPublishedSolution(db, { supplierId: supplier.id, name: `Task Manager ${price}`, capabilityIds: ["C50"], frameworkIds: ["NHSDGP001"], prices: [perPatient(price)] });
    // Assured when the competition starts: the lapse later is a real change to this record.
    const record = await createAssuranceRecord(db, { supplierId: supplier.id, standardId: "DSPT", scenario: "ASSURED" });
    lapseSolutions.push({ id: item.id, supplierId: supplier.id, recordId: record.id });
  }
  await rebuildSearchIndex(db, { log: quiet });
  const save = async (name: string, search: string) => {
    const saved = await createShortlist(db, lead, { name, search });
    if (!saved.ok) throw new Error(`shortlist ${name} not saved`);
    return saved.id;
  };
  shortlists = {
    nine: await save("Cohort finders", "capability=C45&framework=NHSDGP001"),
    direct: await save("Vaccination recording", "capability=C47&framework=NHSDGP001"),
    expired: await save("Video consultation", "capability=C44&framework=DFOCVC001"),
    lapse: await save("Task management", "capability=C50&framework=NHSDGP001"),
  };
});

afterAll(() => setSearchEnginesForTests(null));

/** Reasons for leaving out every solution but `kept`. */
const reasonsFor = (kept: string[], all = nine) => Object.fromEntries(all.filter((s) => !kept.includes(s.id)).map((s) => [reasonField(s.id), `${s.name} does not meet our needs`]));
const competitionCount = () => database.db.competition.count();

async function startedWith(kept: string[], shortlistId = shortlists.nine, all = nine, name = "Cohort identification 2027") {
  const started = await startCompetition(database.db, lead, { shortlistId, frameworkId: null, values: { name, include: kept, ...reasonsFor(kept, all) } }, today);
  if (!started?.ok || !("competitionId" in started)) throw new Error(`not started: ${JSON.stringify(started)}`);
  return started.competitionId;
}

const detail = async (id: string, actor = lead) => (await findCompetition(database.db, actor, id))!;

describe("starting a competition from a shortlist", () => {
  it("offers the shortlist's solutions on its live framework", async () => {
    const view = await competitionStart(database.db, lead, shortlists.nine, null, today);
    expect(view?.kind).toBe("ready");
    if (view?.kind !== "ready") return;
    expect(view.framework.id).toBe("NHSDGP001");
    expect(view.candidates.map((c) => c.id).sort()).toEqual(nine.map((s) => s.id).sort());
  });

  it("refuses 1 or 9 solutions, missing justifications and other ids, saving nothing", async () => {
    const before = await competitionCount();
    const one = await startCompetition(database.db, lead, { shortlistId: shortlists.nine, frameworkId: null, values: { name: "One only", include: [nine[0].id], ...reasonsFor([nine[0].id]) } }, today);
    expect(one).toMatchObject({ ok: false, includedOne: nine[0].id, errors: { include: expect.stringMatching(/at least 2 solutions.*direct award/) } });

    const all = await startCompetition(database.db, lead, { shortlistId: shortlists.nine, frameworkId: null, values: { name: "All nine", include: nine.map((s) => s.id) } }, today);
    expect(all).toMatchObject({ ok: false, errors: { include: "Include no more than 8 solutions in the competition. You included 9" } });

    const unjustified = await startCompetition(database.db, lead, { shortlistId: shortlists.nine, frameworkId: null, values: { name: "", include: [nine[0].id, nine[1].id], [reasonField(nine[2].id)]: "Too dear" } }, today);
    expect(unjustified?.ok).toBe(false);
    if (unjustified?.ok === false && "errors" in unjustified) {
      expect(unjustified.errors.name).toBe("Enter a name for the competition");
      expect(unjustified.errors[reasonField(nine[3].id)]).toBe(`Enter why ${nine[3].name} is left out`);
      expect(unjustified.errors[reasonField(nine[2].id)]).toBeUndefined();
    }

    const forged = await startCompetition(database.db, lead, { shortlistId: shortlists.nine, frameworkId: null, values: { name: "Forged", include: [nine[0].id, lapseSolutions[0].id], ...reasonsFor([nine[0].id]) } }, today);
    expect(forged).toMatchObject({ ok: false, errors: { include: "Choose solutions from this shortlist only" } });

    expect(await startCompetition(database.db, otherBuyer, { shortlistId: shortlists.nine, frameworkId: null, values: { name: "Not mine", include: [nine[0].id, nine[1].id] } }, today)).toBeNull();
    expect(await competitionCount()).toBe(before);
  });

  it("refuses a shortlist from an expired framework", async () => {
    const view = await competitionStart(database.db, lead, shortlists.expired, null, today);
    expect(view).toMatchObject({ kind: "no-live-framework", message: expect.stringMatching(/Digital First Online Consultation and Video Consultation Framework 1, which has expired/) });
    const started = await startCompetition(database.db, lead, { shortlistId: shortlists.expired, frameworkId: "DFOCVC001", values: { name: "Video" } }, today);
    expect(started).toMatchObject({ ok: false, refused: expect.any(String) });
  });

  it("makes a direct award, with its justification, to the one solution the filter leaves", async () => {
    const view = await competitionStart(database.db, lead, shortlists.direct, null, today);
    expect(view?.kind === "ready" && view.candidates.length).toBe(1);
    if (view?.kind !== "ready") return;
    const solutionId = view.candidates[0].id;
    const unjustified = await startDirectAward(database.db, lead, { shortlistId: shortlists.direct, frameworkId: null, solutionId, values: { name: "Vaccinations", justification: " " } }, today);
    expect(unjustified).toMatchObject({ ok: false, errors: { justification: "Enter why you are making a direct award" } });

    const awarded = await startDirectAward(database.db, lead, { shortlistId: shortlists.direct, frameworkId: null, solutionId, values: { name: "Vaccinations", justification: "Only assured solution that records vaccinations" } }, today);
    expect(awarded?.ok).toBe(true);
    if (!awarded?.ok || !("orderId" in awarded)) return;
    const competition = await detail(awarded.competitionId);
    expect(competition).toMatchObject({ kind: "DIRECT_AWARD", status: "AWARDED", awardedSolutionId: solutionId, directAwardJustification: "Only assured solution that records vaccinations" });
    const order = await findOrderDetail(database.db, lead, awarded.orderId!);
    expect(order).toMatchObject({ competitionId: competition.id, frameworkId: "NHSDGP001", description: "Vaccinations", status: "IN_PROGRESS" });
    expect(order?.items.map((i) => i.catalogueItemId)).toEqual([solutionId]);
  });
});

describe("a competition from criteria to award", () => {
  let id: string;
  const [s1, s2, s3] = [0, 1, 2];
  const answer = (part: Parameters<typeof saveCriteriaAnswer>[3], values: Record<string, unknown>, actor = lead) => saveCriteriaAnswer(database.db, actor, id, part, values);

  beforeAll(async () => {
    id = await startedWith([nine[s1].id, nine[s2].id, nine[s3].id]);
  });

  it("records the solutions left out with their justifications", async () => {
    const competition = await detail(id);
    expect(competition.solutions.filter((s) => s.included).map((s) => s.catalogueItemId).sort()).toEqual([nine[s1].id, nine[s2].id, nine[s3].id].sort());
    const left = competition.solutions.filter((s) => !s.included);
    expect(left).toHaveLength(6);
    expect(left.every((s) => s.exclusionReason?.endsWith("does not meet our needs"))).toBe(true);
    expect((await listCompetitions(database.db, lead)).map((c) => c.id)).toContain(id);
  });

  it("refuses a contract length beyond the framework's maximum and bad weightings, saving nothing", async () => {
    expect(await answer("contract-length", { contractMonths: "48" })).toEqual({ ok: false, errors: { contractMonths: "Contract length must be 36 months or fewer, the most the GP IT Futures framework allows" } });
    expect(await answer("contract-length", { contractMonths: "-3" })).toMatchObject({ ok: false });
    expect(await answer("contract-length", { contractMonths: "24" })).toEqual({ ok: true });
    expect(await answer("award-basis", { awardBasis: "CHEAPEST" })).toMatchObject({ ok: false, errors: { awardBasis: expect.any(String) } });
    expect(await answer("award-basis", { awardBasis: "PRICE_AND_NON_PRICE" })).toEqual({ ok: true });
    const weights = (price: string, features: string, implementation: string) => ({ "weight-price": price, "weight-features": features, "weight-implementation": implementation, "weight-interoperability": "0", "weight-service-levels": "0" });
    expect(await answer("weightings", weights("60", "30", "20"))).toEqual({ ok: false, errors: { "weight-price": "The weightings must add up to 100. They add up to 110" } });
    expect(await answer("weightings", weights("60", "-10", "50"))).toEqual({ ok: false, errors: { "weight-features": "Features weighting must be 0 or more" } });
    expect(await answer("weightings", weights("49.5", "30.5", "20"))).toMatchObject({ ok: false, errors: { "weight-price": expect.stringMatching(/whole number/), "weight-features": expect.stringMatching(/whole number/) } });
    expect((await detail(id)).criteria).toEqual(expect.not.objectContaining({ weights: expect.anything() }));
    expect(await answer("weightings", weights("50", "30", "20"))).toEqual({ ok: true });
    expect(await answer("features", { "requirement-1": "Find patients due a review", "level-1": "MUST", "requirement-2": "Export cohorts", "level-2": "SHOULD", "requirement-3": "" })).toEqual({ ok: true });
    expect(await answer("implementation", { implementation: "Live within 8 weeks, with training for every practice" })).toEqual({ ok: true });
  });

  it("only the lead changes the competition; another organisation's id finds nothing and changes nothing", async () => {
    expect(await answer("contract-length", { contractMonths: "12" }, colleague)).toEqual({ ok: false, refused: expect.stringMatching(/Only the competition lead/) });
    const before = await database.db.competition.findUniqueOrThrow({ where: { id } });
    expect(await findCompetition(database.db, otherBuyer, id)).toBeNull();
    expect(await answer("contract-length", { contractMonths: "12" }, otherBuyer)).toBeNull();
    expect(await lockCriteria(database.db, otherBuyer, id)).toBeNull();
    expect(await saveCompetitionRecipients(database.db, otherBuyer, id, [otherIcbPractice])).toBeNull();
    expect(await awardCompetition(database.db, otherBuyer, id, { version: String(before.version) }, today)).toBeNull();
    expect(await findCompetition(database.db, staff, id)).not.toBeNull(); // staff read every competition
    const after = await database.db.competition.findUniqueOrThrow({ where: { id } });
    expect(after.version).toBe(before.version);
    expect(after.criteria).toEqual(before.criteria);
  });

  it("locks the criteria; a forged post cannot change them; a new revision keeps the locked one", async () => {
    expect(await lockCriteria(database.db, lead, id)).toEqual({ ok: true });
    const locked = await database.db.competition.findUniqueOrThrow({ where: { id } });
    expect(await answer("contract-length", { contractMonths: "12" })).toEqual({ ok: false, refused: expect.stringMatching(/criteria of this competition are locked/) });
    expect(await answer("weightings", { "weight-price": "100", "weight-features": "0", "weight-implementation": "0", "weight-interoperability": "0", "weight-service-levels": "0" })).toMatchObject({ ok: false, refused: expect.any(String) });
    expect((await database.db.competition.findUniqueOrThrow({ where: { id } })).criteria).toEqual(locked.criteria);

    expect(await startNewRevision(database.db, lead, id, { reason: "" })).toEqual({ ok: false, errors: { reason: "Enter why the criteria need to change" } });
    expect(await startNewRevision(database.db, lead, id, { reason: "Implementation must include data migration" })).toEqual({ ok: true });
    expect(await answer("implementation", { implementation: "Live within 8 weeks, with training and data migration" })).toEqual({ ok: true });
    expect(await lockCriteria(database.db, lead, id)).toEqual({ ok: true });
    const revisions = await database.db.competitionCriteriaRevision.findMany({ where: { competitionId: id }, orderBy: { revision: "asc" } });
    expect(revisions.map((r) => [r.revision, r.supersedReason])).toEqual([
      [1, "Implementation must include data migration"],
      [2, null],
    ]);
    expect((revisions[0].criteria as { implementation: string }).implementation).toBe("Live within 8 weeks, with training for every practice");
    // The database itself refuses to rewrite a locked revision.
    await expect(database.db.competitionCriteriaRevision.update({ where: { competitionId_revision: { competitionId: id, revision: 1 } }, data: { criteria: {} } })).rejects.toThrow();
    const trail = await database.db.auditEvent.findMany({ where: { objectType: "Competition", objectId: id }, orderBy: { id: "asc" } });
    expect(trail.map((e) => e.action)).toEqual(expect.arrayContaining(["competition.start", "competition.lockCriteria", "competition.newRevision", "competition.criteria.implementation"]));
  });

  it("takes the ICB's own practices as recipients, and prices never above list", async () => {
    expect(await saveCompetitionRecipients(database.db, lead, id, [practices[0].id, otherIcbPractice])).toEqual({ ok: false, errors: { recipients: "Select service recipients from the practices in your ICB" } });
    expect(await saveCompetitionRecipients(database.db, lead, id, practices.map((p) => p.id))).toEqual({ ok: true });
    const competition = await detail(id);
    const form = await competitionPriceForm(database.db, competition, solutionOf(competition, nine[s1].id)!);
    expect(form.quantities.map((q) => q.value).sort()).toEqual(["4000", "8000"]);
    const quantities = Object.fromEntries(form.quantities.map((q) => [q.name, q.value]));
    expect(await saveCompetitionPrices(database.db, lead, id, nine[s1].id, { agreedPrice: "2.01", ...quantities })).toEqual({ ok: false, errors: { agreedPrice: "Agreed price must be the same as or lower than the list price" } });
    expect(await saveCompetitionPrices(database.db, lead, id, nine[s1].id, { agreedPrice: "2", ...quantities, [`quantity-${otherIcbPractice}`]: "10" })).toMatchObject({ ok: false });
    expect(await saveCompetitionPrices(database.db, lead, id, nine[s1].id, { agreedPrice: "2", ...quantities })).toEqual({ ok: true });
    expect(await saveCompetitionPrices(database.db, lead, id, nine[s2].id, { agreedPrice: "2.5", ...quantities })).toEqual({ ok: true });
    expect(await saveCompetitionPrices(database.db, lead, id, nine[s3].id, { agreedPrice: "2.00", ...quantities })).toEqual({ ok: true });
    const priced = await detail(id);
    expect((await competitionPriceForm(database.db, priced, solutionOf(priced, nine[s3].id)!)).totalCost).toBe("£48,000.00"); // 12,000 patients × £2 × 2 years
  });

  it("scorers score on their own; wide differences must be moderated", async () => {
    expect(await saveScorers(database.db, lead, id, [lead.userId])).toMatchObject({ ok: false, errors: { scorers: expect.stringMatching(/at least 2/) } });
    expect(await saveScorers(database.db, lead, id, [lead.userId, otherBuyer.userId])).toMatchObject({ ok: false, errors: { scorers: "Select scorers from the people in your organisation" } });
    expect(await saveScorers(database.db, lead, id, [lead.userId, colleague.userId])).toEqual({ ok: true });

    const sheet = (features: string, implementation: string) => ({ "score-features": features, "justification-features": "Seen in the demonstration", "score-implementation": implementation, "justification-implementation": "From the implementation plan" });
    expect(await saveScores(database.db, lead, id, nine[s1].id, sheet("6", "0"))).toEqual({
      ok: false,
      errors: { "score-features": "The score for features must be a whole number from 1 to 5", "score-implementation": "The score for implementation must be a whole number from 1 to 5" },
    });
    expect(await saveScores(database.db, lead, id, nine[s1].id, sheet("3.5", "2"))).toMatchObject({ ok: false, errors: { "score-features": expect.any(String) } });
    expect(await saveScores(database.db, otherBuyer, id, nine[s1].id, sheet("2", "2"))).toBeNull();
    expect(await submitScores(database.db, lead, id)).toMatchObject({ ok: false, errors: { scoring: expect.any(String) } });

    const lead3 = { [s1]: ["2", "2"], [s2]: ["4", "4"], [s3]: ["5", "3"] };
    const colleague3 = { [s1]: ["2", "3"], [s2]: ["4", "5"], [s3]: ["3", "3"] };
    for (const i of [s1, s2, s3]) {
      expect(await saveScores(database.db, lead, id, nine[i].id, sheet(lead3[i][0], lead3[i][1]))).toEqual({ ok: true });
    }
    expect(await submitScores(database.db, lead, id)).toEqual({ ok: true });
    // Independent: the colleague sees none of the lead's scores, and no one sees any comparison yet.
    const colleagueSheet = await ownScoresheet(database.db, await detail(id), colleague);
    expect(colleagueSheet.solutions.flatMap((s) => s.scores.map((x) => x.score))).toEqual([null, null, null, null, null, null]);
    expect((await marksOf(database.db, await detail(id))).allSubmitted).toBe(false);
    expect((await moderationView(database.db, await detail(id))).rows.every((r) => r.scores.length === 0)).toBe(true);
    expect(await saveModeration(database.db, lead, id, nine[s3].id, "FEATURES", { score: "4", reason: "Agreed" })).toMatchObject({ ok: false, refused: expect.stringMatching(/Every scorer must submit/) });
    expect(await saveScores(database.db, lead, id, nine[s1].id, sheet("5", "5"))).toMatchObject({ ok: false, refused: expect.stringMatching(/submitted your scores/) });

    for (const i of [s1, s2, s3]) {
      expect(await saveScores(database.db, colleague, id, nine[i].id, sheet(colleague3[i][0], colleague3[i][1]))).toEqual({ ok: true });
    }
    expect(await submitScores(database.db, colleague, id)).toEqual({ ok: true });
    const view = await moderationView(database.db, await detail(id));
    expect(view.rows.filter((r) => r.needsModeration).map((r) => [r.solutionId, r.element, r.spread])).toEqual([[nine[s3].id, "FEATURES", 2]]);
    expect((await publishedResult(database.db, await detail(id), lead, today)).ready).toBe(false);

    expect(await saveModeration(database.db, colleague, id, nine[s3].id, "FEATURES", { score: "4", reason: "Agreed" })).toMatchObject({ ok: false, refused: expect.stringMatching(/Only the competition lead/) });
    expect(await saveModeration(database.db, lead, id, nine[s3].id, "FEATURES", { score: "9", reason: "" })).toEqual({
      ok: false,
      errors: { score: "The score for features must be a whole number from 1 to 5", reason: "Enter the reason for the moderated score" },
    });
    expect(await saveModeration(database.db, lead, id, nine[s3].id, "FEATURES", { score: "4", reason: "Both scorers agreed the cohort builder meets the musts" })).toEqual({ ok: true });
  });

  it("publishes the result by the stated formulas", async () => {
    const published = await publishedResult(database.db, await detail(id), lead, today);
    expect(published.ready).toBe(true);
    if (!published.ready) return;
    // S3: price 50.00 (agreed £2 = the lowest total), features 4 (moderated) ÷ 5 × 30 = 24.00, implementation 3 ÷ 5 × 20 = 12.00.
    // S2: 48,000 ÷ 60,000 × 50 = 40.00; features 4 → 24.00; implementation 4.5 → 18.00. S1: 50.00 + 12.00 + 10.00.
    expect(published.table.rows.map((r) => [r.id, r.priceScore, r.nonPriceScore, r.total, r.rank])).toEqual([
      [nine[s3].id, "50.00", "36.00", "86.00", 1],
      [nine[s2].id, "40.00", "42.00", "82.00", 2],
      [nine[s1].id, "50.00", "22.00", "72.00", 3],
    ]);
    expect(published.table.winner).toBe(nine[s3].name);
    const csv = resultsCsv(await detail(id), published.table);
    expect(csv.split("\r\n")[0]).toContain("Rank,Solution ID,Solution,Supplier,Total cost over 24 months (indicative),Price score (weight 50)");
    expect(csv).toContain(`,1,${nine[s3].id},${nine[s3].name},`);
  });

  it("awards to a call-off order with exactly the competition's items, prices, recipients and quantities, once", async () => {
    const competition = await detail(id);
    expect(await awardCompetition(database.db, colleague, id, { version: String(competition.version) }, today)).toMatchObject({ ok: false, refused: expect.stringMatching(/Only the competition lead/) });
    expect(await awardCompetition(database.db, lead, id, { version: String(competition.version - 1) }, today)).toMatchObject({ ok: false, refused: expect.stringMatching(/has changed/) });
    const [first, second] = await Promise.all([
      awardCompetition(database.db, lead, id, { version: String(competition.version) }, today),
      awardCompetition(database.db, lead, id, { version: String(competition.version) }, today),
    ]);
    expect(first?.ok && second?.ok).toBe(true);
    if (!first?.ok || !second?.ok || !("orderId" in first) || !("orderId" in second)) return;
    expect(first.orderId).toBe(second.orderId);
    expect([first.existing, second.existing].sort()).toEqual([false, true]);
    expect(await database.db.order.count({ where: { competitionId: id } })).toBe(1);

    const order = (await findOrderDetail(database.db, lead, first.orderId))!;
    expect(order).toMatchObject({ competitionId: id, description: "Cohort identification 2027", frameworkId: "NHSDGP001", supplierId: nine[s3].supplierId, maximumTermMonths: 24, orderType: "NEW", status: "IN_PROGRESS" });
    expect(order.recipients.map((r) => r.organisationId).sort()).toEqual(practices.map((p) => p.id).sort());
    expect(order.items).toHaveLength(1);
    const [item] = order.items;
    expect(item.catalogueItemId).toBe(nine[s3].id);
    expect(item.agreedTierPrices.map(String)).toEqual(["2"]);
    expect(item.quantities.map((q) => [q.organisationId, q.quantity]).sort()).toEqual(practices.map((p) => [p.id, p.listSize]).sort());
    const awarded = await detail(id);
    expect(awarded).toMatchObject({ status: "AWARDED", awardedSolutionId: nine[s3].id });
    expect(awarded.order?.id).toBe(first.orderId);
    // Nothing changes once awarded.
    expect(await saveCompetitionRecipients(database.db, lead, id, [practices[0].id])).toMatchObject({ ok: false, refused: expect.stringMatching(/awarded/) });
  });
});

describe("assurance lapsing during a competition", () => {
  it("passes over a solution whose assurance lapsed, like one that cannot be ordered, with a note commercial staff see", async () => {
    const all = lapseSolutions.map((s, i) => ({ id: s.id, name: `Task Manager ${i + 1}`, supplierId: s.supplierId }));
    const id = await startedWith(all.map((s) => s.id), shortlists.lapse, all, "Task management 2027");
    expect(await saveCriteriaAnswer(database.db, lead, id, "contract-length", { contractMonths: "12" })).toEqual({ ok: true });
    expect(await saveCriteriaAnswer(database.db, lead, id, "award-basis", { awardBasis: "PRICE_ONLY" })).toEqual({ ok: true });
    expect(await lockCriteria(database.db, lead, id)).toEqual({ ok: true });
    expect(await saveCompetitionRecipients(database.db, lead, id, [practices[0].id])).toEqual({ ok: true });
    for (const s of all) {
      expect(await saveCompetitionPrices(database.db, lead, id, s.id, { agreedPrice: "1", [`quantity-${practices[0].id}`]: "8000" })).toEqual({ ok: true });
    }
    // Level on price: the lead decides between the three. The cheapest list price does not decide.
    let outcome = await competitionOutcome(database.db, await detail(id), lead, today);
    expect(outcome.ready && outcome.options).toEqual({ target: null, choose: expect.arrayContaining(all.map((s) => s.id)), passedOver: [] });

    // The first supplier's DSPT lapses (the daily scan's change to the real record) while all three are level.
    await database.db.assuranceRecord.update({ where: { id: lapseSolutions[0].recordId }, data: { status: "LAPSED", expiresOn: toDbDate(addDays(today, -2)), lapsedAt: new Date() } });
    outcome = await competitionOutcome(database.db, await detail(id), lead, today);
    const lapsedReason = expect.stringMatching(/Data Security and Protection Toolkit lapsed on/);
    expect(outcome.orderability.get(all[0].id)).toEqual({ state: "assurance-lapsed", reason: lapsedReason });
    expect(outcome.ready && outcome.options).toMatchObject({ target: null, passedOver: [{ id: all[0].id, reason: lapsedReason, assuranceLapsed: true }] });
    expect(outcome.ready && [...outcome.options.choose].sort()).toEqual([all[1].id, all[2].id].sort());
    // A forged post choosing the lapsed one is refused, whatever the note says: nothing unassured is ordered.
    const forged = await awardCompetition(database.db, lead, id, { version: String((await detail(id)).version), solutionId: all[0].id, tieReason: "Preferred", lapseNote: "Renewing soon" }, today);
    expect(forged).toEqual({ ok: false, errors: { solutionId: expect.any(String) } });
    expect(await database.db.order.count({ where: { competitionId: id } })).toBe(0);

    // The lapsed one is now the clear winner on price, and a second solution is suspended.
    expect(await saveCompetitionPrices(database.db, lead, id, all[1].id, { agreedPrice: "2", [`quantity-${practices[0].id}`]: "8000" })).toEqual({ ok: true });
    expect(await saveCompetitionPrices(database.db, lead, id, all[2].id, { agreedPrice: "3", [`quantity-${practices[0].id}`]: "8000" })).toEqual({ ok: true });
    await database.db.catalogueItem.update({ where: { id: all[1].id }, data: { publicationStatus: "SUSPENDED" } });
    outcome = await competitionOutcome(database.db, await detail(id), lead, today);
    expect(outcome.ready && outcome.result.winnerId).toBe(all[0].id);
    expect(outcome.ready && outcome.options).toEqual({
      target: all[2].id,
      choose: [],
      passedOver: [
        { id: all[0].id, reason: lapsedReason, assuranceLapsed: true },
        { id: all[1].id, reason: expect.stringMatching(/suspended/), assuranceLapsed: false },
      ],
    });

    const version = String((await detail(id)).version);
    const withoutNote = await awardCompetition(database.db, lead, id, { version }, today);
    expect(withoutNote).toEqual({ ok: false, errors: { lapseNote: expect.stringMatching(/^Enter a note for commercial staff/) } });
    expect((await detail(id)).status).toBe("IN_PROGRESS");
    expect(await database.db.order.count({ where: { competitionId: id } })).toBe(0);

    const note = "Top-ranked supplier's DSPT lapsed during evaluation; they expect to renew within 2 weeks";
    const awarded = await awardCompetition(database.db, lead, id, { version, lapseNote: note }, today);
    expect(awarded).toMatchObject({ ok: true, existing: false });
    if (!awarded?.ok || !("orderId" in awarded)) return;
    expect((await findOrderDetail(database.db, lead, awarded.orderId))?.items.map((i) => i.catalogueItemId)).toEqual([all[2].id]);
    expect(await detail(id)).toMatchObject({ awardedSolutionId: all[2].id, lapseNote: note });
    const seen = await awardsPassingOverLapse(database.db, staff);
    expect(seen.find((a) => a.id === id)).toMatchObject({
      note,
      solution: expect.stringContaining("Task Manager 3"),
      passedOver: [{ solution: expect.stringContaining("Task Manager 1"), reason: lapsedReason }],
    });
    expect(await awardsPassingOverLapse(database.db, otherBuyer)).toEqual([]);
    const events = await database.db.auditEvent.findMany({ where: { objectType: "Competition", objectId: id, action: LAPSE_AUDIT_ACTION } });
    expect(events).toHaveLength(1);
    expect(events[0].after).toMatchObject({ solutionId: all[2].id, note, passedOver: [{ id: all[0].id }] });
  });

  it("passes over a winner that can no longer be ordered at all", async () => {
    const all = lapseSolutions.map((s, i) => ({ id: s.id, name: `Task Manager ${i + 1}`, supplierId: s.supplierId }));
    await database.db.catalogueItem.update({ where: { id: all[1].id }, data: { publicationStatus: "PUBLISHED" } });
    const id = await startedWith([all[1].id, all[2].id], shortlists.lapse, all.filter((s) => s.id !== all[0].id), "Task management again");
    await saveCriteriaAnswer(database.db, lead, id, "contract-length", { contractMonths: "12" });
    await saveCriteriaAnswer(database.db, lead, id, "award-basis", { awardBasis: "PRICE_ONLY" });
    await lockCriteria(database.db, lead, id);
    await saveCompetitionRecipients(database.db, lead, id, [practices[0].id]);
    for (const s of [all[1], all[2]]) await saveCompetitionPrices(database.db, lead, id, s.id, { agreedPrice: s === all[1] ? "1" : "2", [`quantity-${practices[0].id}`]: "8000" });
    await database.db.catalogueItem.update({ where: { id: all[1].id }, data: { publicationStatus: "SUSPENDED" } });
    const outcome = await competitionOutcome(database.db, await detail(id), lead, today);
    expect(outcome.ready && outcome.result.winnerId).toBe(all[1].id);
    expect(outcome.ready && outcome.options).toEqual({ target: all[2].id, choose: [], passedOver: [{ id: all[1].id, reason: expect.stringMatching(/suspended/), assuranceLapsed: false }] });
    const awarded = await awardCompetition(database.db, lead, id, { version: String((await detail(id)).version) }, today);
    expect(awarded).toMatchObject({ ok: true });
    if (awarded?.ok && "orderId" in awarded) expect((await findOrderDetail(database.db, lead, awarded.orderId))?.items[0].catalogueItemId).toBe(all[2].id);
  });
});
