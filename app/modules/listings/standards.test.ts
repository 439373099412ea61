import { describe, expect, it } from "vitest";
import { addDays, asDateOnly, type DateOnly } from "~/modules/dates";
import { emptyContent, isSectionComplete, missingSections } from "./content";
import {
  changedStandardEvidence,
  diffStandardEvidence,
  hasStandardsSection,
  missingStandards,
  removedOptionalStandardIds,
  suggestedStandardIds,
  validateStandardEvidence,
  withStandardEvidence,
  type EvidenceInput,
  type StandardChoice,
  type StandardEvidence,
} from "./standards";

const today = asDateOnly("2026-11-21");
const STANDARDS: StandardChoice[] = [
  { id: "S24", name: "Business Continuity & Disaster Recovery", kind: "OVERARCHING", isOverarching: true },
  { id: "S25", name: "Clinical Safety (DCB0129)", kind: "OVERARCHING", isOverarching: true },
  { id: "S47", name: "IM1 - Interface Mechanism", kind: "INTEROPERABILITY", isOverarching: false },
  { id: "DSPT", name: "Data Security and Protection Toolkit", kind: "SUPPLIER_ASSURANCE", isOverarching: false },
];
const parts = (date: DateOnly) => {
  const [year, month, day] = date.split("-");
  return { day, month, year };
};
const input = (overrides: Partial<EvidenceInput> = {}): EvidenceInput => ({
  standardId: "S24",
  certificateNumber: "BC-2026-001",
  assuredOn: parts(addDays(today, -30)),
  expiresOn: parts(addDays(today, 335)),
  keepDocumentId: "",
  upload: "none",
  ...overrides,
});
const entry = (standardId: string, overrides: Partial<StandardEvidence> = {}): StandardEvidence => ({
  standardId,
  certificateNumber: "C-1",
  document: null,
  assuredOn: addDays(today, -30),
  expiresOn: addDays(today, 335),
  ...overrides,
});

describe("validateStandardEvidence", () => {
  it("accepts a certificate number with dates, and a document on its own", () => {
    expect(validateStandardEvidence(input(), undefined, STANDARDS, today)).toEqual({
      ok: true,
      entry: { standardId: "S24", certificateNumber: "BC-2026-001", assuredOn: addDays(today, -30), expiresOn: addDays(today, 335) },
      keepDocument: null,
    });
    expect(validateStandardEvidence(input({ certificateNumber: " ", upload: "stored" }), undefined, STANDARDS, today)).toMatchObject({ ok: true, entry: { certificateNumber: null } });
  });

  it("refuses evidence with neither a certificate number nor a document", () => {
    expect(validateStandardEvidence(input({ certificateNumber: "" }), undefined, STANDARDS, today)).toEqual({
      ok: false,
      errors: { certificateNumber: "Enter a certificate number or upload a PDF of the evidence" },
    });
  });

  it("refuses an expiry before the assured-on date, impossible dates and five-digit years", () => {
    expect(validateStandardEvidence(input({ expiresOn: parts(addDays(today, -60)) }), undefined, STANDARDS, today)).toMatchObject({
      ok: false,
      errors: { expiresOn: "The expiry date must be after the assured-on date" },
    });
    const impossible = validateStandardEvidence(input({ assuredOn: { day: "31", month: "02", year: "2026" }, expiresOn: { day: "1", month: "1", year: "20266" } }), undefined, STANDARDS, today);
    expect(impossible).toEqual({
      ok: false,
      errors: { assuredOn: "Enter the date it was assured, like 15 3 2026", expiresOn: "Enter the date it expires, like 30 6 2027" },
    });
    expect(validateStandardEvidence(input({ expiresOn: parts(addDays(today, 4000)) }), undefined, STANDARDS, today)).toMatchObject({ ok: false, errors: { expiresOn: "The expiry date must be within 10 years from today" } });
    expect(validateStandardEvidence(input({ assuredOn: { day: "1", month: "1", year: "1" } }), undefined, STANDARDS, today)).toMatchObject({ ok: false, errors: { assuredOn: "The assured-on date must be in the year 2000 or later" } });
    expect(validateStandardEvidence(input({ assuredOn: { day: "-1", month: "x", year: "2026" } }), undefined, STANDARDS, today)).toMatchObject({ ok: false, errors: { assuredOn: expect.any(String) } });
  });

  it("refuses what the storage check rejected: an executable renamed .pdf, a file over 10 MB", () => {
    expect(validateStandardEvidence(input({ upload: "not-pdf" }), undefined, STANDARDS, today)).toEqual({ ok: false, errors: { document: "The selected file must be a PDF" } });
    expect(validateStandardEvidence(input({ upload: "too-large", certificateNumber: "" }), undefined, STANDARDS, today)).toEqual({ ok: false, errors: { document: "The selected file must be smaller than 10 MB" } });
  });

  it("keeps only the document already saved for this standard: a forged id (another supplier's) is refused", () => {
    const saved = entry("S24", { document: { id: "doc-own", fileName: "bc.pdf" } });
    expect(validateStandardEvidence(input({ certificateNumber: "", keepDocumentId: "doc-own" }), saved, STANDARDS, today)).toMatchObject({ ok: true, keepDocument: { id: "doc-own", fileName: "bc.pdf" } });
    expect(validateStandardEvidence(input({ keepDocumentId: "doc-of-another-supplier" }), saved, STANDARDS, today)).toEqual({
      ok: false,
      errors: { document: "The document could not be found. Select the PDF again" },
    });
    expect(validateStandardEvidence(input({ keepDocumentId: "doc-own" }), undefined, STANDARDS, today)).toMatchObject({ ok: false, errors: { document: expect.any(String) } });
  });

  it("refuses standards a listing cannot carry: supplier-level assurances and unknown ids", () => {
    for (const standardId of ["DSPT", "S999", "<script>"]) {
      expect(validateStandardEvidence(input({ standardId }), undefined, STANDARDS, today)).toEqual({ ok: false, errors: { standard: "Select a standard from the list" } });
    }
  });

  it("refuses an over-long certificate number", () => {
    expect(validateStandardEvidence(input({ certificateNumber: "9".repeat(101) }), undefined, STANDARDS, today)).toMatchObject({ ok: false, errors: { certificateNumber: "Certificate number must be 100 characters or fewer" } });
  });
});

describe("the section's completeness", () => {
  const solution = () => emptyContent({ id: "10000-001", kind: "SOLUTION", supplierId: 10000, parentSolutionId: null, name: "Consult" });

  it("is incomplete until every overarching standard has evidence; optional ones do not count", () => {
    const content = solution();
    const required = ["S24", "S25"];
    expect(isSectionComplete(content, "standards", required)).toBe(false);
    content.standards = withStandardEvidence(content.standards, entry("S47"));
    content.standards = withStandardEvidence(content.standards, entry("S24"));
    expect(missingStandards(content.standards, required)).toEqual(["S25"]);
    expect(missingSections(content, required)).toContain("standards");
    content.standards = withStandardEvidence(content.standards, entry("S25"));
    expect(content.standards.map((e) => e.standardId)).toEqual(["S24", "S25", "S47"]);
    expect(isSectionComplete(content, "standards", required)).toBe(true);
    expect(missingSections(content, required)).not.toContain("standards");
  });

  it("is not a section of Additional or Associated Services", () => {
    const service = emptyContent({ id: "10000-S-001", kind: "ASSOCIATED_SERVICE", supplierId: 10000, parentSolutionId: null, name: "Training" });
    expect(missingSections(service, ["S24"])).not.toContain("standards");
  });
});

describe("suggestions, changes and the reviewer's diff", () => {
  it("suggests the interoperability standards behind the integrations claimed, once each", () => {
    const types = [
      { id: "IM1_BULK", standardId: "S47" },
      { id: "IM1_TRANSACTIONAL", standardId: "S47" },
      { id: "GP_CONNECT_HTML", standardId: "S44" },
      { id: "OTHER", standardId: null },
    ];
    expect(suggestedStandardIds([{ integrationTypeId: "IM1_BULK" }, { integrationTypeId: "IM1_TRANSACTIONAL" }, { integrationTypeId: "OTHER" }], types)).toEqual(["S47"]);
  });

  it("passes approval only the entries added or changed since the live revision", () => {
    const live = [entry("S24"), entry("S25")];
    const revision = [entry("S24"), entry("S25", { expiresOn: addDays(today, 700) }), entry("S47", { document: { id: "d1", fileName: "im1.pdf" } })];
    expect(changedStandardEvidence(live, revision).map((e) => e.standardId)).toEqual(["S25", "S47"]);
    expect(changedStandardEvidence(undefined, revision)).toHaveLength(3);
    expect(changedStandardEvidence(revision, revision)).toEqual([]);
  });

  it("shows each standard as added, changed, removed or unchanged, with required ones always listed", () => {
    const live = [entry("S24"), entry("S47")];
    const revision = [entry("S24", { certificateNumber: "C-2" })];
    const diff = diffStandardEvidence(live, revision, STANDARDS);
    expect(diff.map((d) => [d.standardId, d.change, d.required])).toEqual([
      ["S24", "changed", true],
      ["S25", "unchanged", true],
      ["S47", "removed", false],
    ]);
    expect(diff[1]).toMatchObject({ live: null, revision: null });
  });
});

describe("standards removed in a revision", () => {
  it("lists optional standards live but not in the revision, once each, never overarching ones", () => {
    expect(removedOptionalStandardIds(["S24", "S47", "S47"], [entry("S24")], STANDARDS)).toEqual(["S47"]);
    expect(removedOptionalStandardIds(["S24", "S25", "S47"], [entry("S47")], STANDARDS)).toEqual([]);
    expect(removedOptionalStandardIds(["S47"], [entry("S47")], STANDARDS)).toEqual([]);
    expect(removedOptionalStandardIds([], [entry("S47")], STANDARDS)).toEqual([]);
    // A standard no longer in the reference data is not overarching: dropping it ends its record too.
    expect(removedOptionalStandardIds(["S999"], [], STANDARDS)).toEqual(["S999"]);
  });

  it("tells a snapshot with the section from one that predates it", () => {
    expect(hasStandardsSection({ standards: [] })).toBe(true);
    expect(hasStandardsSection({ name: "Old" })).toBe(false);
    expect(hasStandardsSection({ standards: "S47" })).toBe(false);
    expect(hasStandardsSection(null)).toBe(false);
    expect(hasStandardsSection(undefined)).toBe(false);
  });
});
