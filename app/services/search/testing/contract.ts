/**
 * The engine contract: fixture listings with known capabilities, standards and text, and
 * the behaviour every engine must show on them. Run against the PostgreSQL engine always
 * and against Meilisearch wherever MEILISEARCH_URL is set (contract.test.ts).
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { ListingSpec } from "../../../../seed/builders";
import { createAssuranceRecord, createPublishedSolution, createSupplier, ensureReferenceData } from "../../../../seed/factories";
import type { Db } from "~/utils/db.server";
import type { SearchEngine } from "../engine";
import { projectListings } from "../projection.server";
import { emptyQuery, type SearchQuery } from "../query";
import { stableHash } from "../document";

export const FIXTURE_NAMES = {
  video: "Consulto Video",
  prescribing: "Scripta Prescribing",
  foundation: "Keystone Clinical System",
  online: "Triago Online",
  remediation: "Remedial Records",
  draft: "Hidden Draft Prescribing",
  suspended: "Suspended Prescribing",
  unpublished: "Withdrawn Prescribing",
} as const;

const FILLERS = 23;

type Fixtures = { ids: Record<keyof typeof FIXTURE_NAMES, string>; fillerIds: string[]; visibleIds: string[] };

export async function createContractFixtures(db: Db): Promise<Fixtures> {
  await ensureReferenceData(db);
  const { supplier: alpha } = await createSupplier(db, { name: "Aphelion Health" });
  const { supplier: beta } = await createSupplier(db, { name: "Borealis Digital" });
  const { supplier: gamma } = await createSupplier(db, { name: "Cirrus Care" });
  const make = async (supplierId: number, name: string, capabilityIds: string[], frameworkIds: string[], overrides: Partial<ListingSpec> = {}) =>
    (await createPublishedSolution(db, { supplierId, name, capabilityIds, frameworkIds, overrides: { summary: `${name} for general practice.`, features: [], ...overrides } })).item.id;

  const ids = {
    video: await make(alpha.id, FIXTURE_NAMES.video, ["C44"], ["TIF001"], {
      summary: "Video consultation between clinicians and patients, from any device.",
      hostingTypes: [{ hostingType: "PUBLIC_CLOUD", summary: "UK cloud.", hscnRequired: false }],
      applicationTypes: [{ applicationType: "MOBILE_OR_TABLET", description: "iOS and Android." }],
    }),
    prescribing: await make(alpha.id, FIXTURE_NAMES.prescribing, ["C14"], ["NHSDGP001"], {
      summary: "Electronic prescribing with the Electronic Prescription Service.",
      integrations: [
        { integrationTypeId: "GPC_ACCESS_RECORD_HTML", role: "CONSUMER", description: "Views the GP record." },
        { integrationTypeId: "IM1_BULK", role: "CONSUMER", description: "Bulk extracts." },
      ],
      hostingTypes: [{ hostingType: "PRIVATE_CLOUD", summary: "Supplier data centre.", hscnRequired: true }],
    }),
    foundation: await make(beta.id, FIXTURE_NAMES.foundation, ["C5", "C11", "C12", "C13", "C14", "C15"], ["NHSDGP001", "TIF001"], {
      summary: "A complete clinical system for the practice: appointments, referrals and records.",
      integrations: [
        { integrationTypeId: "IM1_TRANSACTIONAL", role: "PROVIDER", description: "Interface for partners." },
        { integrationTypeId: "GPC_APPOINTMENT_MANAGEMENT", role: "PROVIDER", description: "Appointments." },
      ],
      hostingTypes: [
        { hostingType: "HYBRID", summary: "Hybrid.", hscnRequired: true },
        { hostingType: "ON_PREMISE", summary: "Server at the practice.", hscnRequired: true },
      ],
      applicationTypes: [{ applicationType: "DESKTOP", description: "Windows." }],
    }),
    online: await make(gamma.id, FIXTURE_NAMES.online, ["C43"], ["TIF001"], {
      summary: "Online consultation and triage for patients.",
      integrations: [{ integrationTypeId: "NHSAPP_ONLINE_CONSULTATIONS", role: "PROVIDER", description: "In the NHS App." }],
    }),
    remediation: await make(beta.id, FIXTURE_NAMES.remediation, ["C14"], ["NHSDGP001"], {
      publicationStatus: "IN_REMEDIATION",
      remediationDeadline: new Date(Date.now() + 30 * 86_400_000),
    }),
    draft: await make(alpha.id, FIXTURE_NAMES.draft, ["C14"], ["NHSDGP001"], { publicationStatus: "DRAFT", publishedAt: null }),
    suspended: await make(alpha.id, FIXTURE_NAMES.suspended, ["C14"], ["NHSDGP001"], { publicationStatus: "SUSPENDED" }),
    unpublished: await make(alpha.id, FIXTURE_NAMES.unpublished, ["C14"], ["NHSDGP001"], {
      publicationStatus: "UNPUBLISHED",
      withdrawnAt: new Date(),
      withdrawnReason: "Replaced by a newer product.",
    }),
  };
  // GP Connect and IM1 assured on the prescribing listing; the foundation listing is assured for GP
  // Connect but not IM1, so its IM1 claim does not count; the online listing's supplier has lapsed DSPT.
  await createAssuranceRecord(db, { supplierId: alpha.id, catalogueItemId: ids.prescribing, standardId: "S44" });
  await createAssuranceRecord(db, { supplierId: alpha.id, catalogueItemId: ids.prescribing, standardId: "S47" });
  await createAssuranceRecord(db, { supplierId: beta.id, catalogueItemId: ids.foundation, standardId: "S44" });
  await createAssuranceRecord(db, { supplierId: gamma.id, standardId: "DSPT", scenario: "LAPSED" });

  const fillerIds: string[] = [];
  for (let i = 1; i <= FILLERS; i++) {
    fillerIds.push(
      await make(beta.id, `Ledger Reporting ${String(i).padStart(2, "0")}`, ["C16"], ["TIF001"], {
        summary: "Reporting dashboards for practice managers.",
        prices: [
          {
            provisioningType: "PATIENT",
            priceType: "FLAT",
            calculationType: "VOLUME",
            billingPeriod: "YEARLY",
            unitDescription: "per patient",
            unitDefinition: null,
            rangeDescription: null,
            status: "PUBLISHED",
            // Some equal prices, so the price sort needs its tie-break.
            tiers: [{ lowerRange: 1, upperRange: null, price: 0.1 * (1 + (i % 5)) }],
          },
        ],
      }),
    );
  }
  const visibleIds = [ids.video, ids.prescribing, ids.foundation, ids.online, ids.remediation, ...fillerIds];
  return { ids, fillerIds, visibleIds };
}

const ALL_STATES = ["assured", "lapsed", "in-remediation", "not-orderable"];

export function engineContract(getDb: () => Db, makeEngine: () => SearchEngine | Promise<SearchEngine>) {
  let engine: SearchEngine;
  let fixtures: Fixtures;
  const search = (changes: Partial<SearchQuery>) => engine.search(emptyQuery({ assurance: ALL_STATES, perPage: 100, ...changes }));
  const names = async (changes: Partial<SearchQuery>) => (await search(changes)).hits.map((h) => h.document.name);

  beforeAll(async () => {
    fixtures = await createContractFixtures(getDb());
    engine = await makeEngine();
    const { documents } = await projectListings(getDb());
    await engine.replaceAll(documents);
  }, 120_000);

  describe("text", () => {
    it("finds a keyword in names, capability names and summaries", async () => {
      const found = await names({ q: "prescribing" });
      expect(found).toEqual(expect.arrayContaining([FIXTURE_NAMES.prescribing, FIXTURE_NAMES.foundation, FIXTURE_NAMES.remediation]));
      expect(found).not.toContain(FIXTURE_NAMES.video);
    });

    it("matches a quoted phrase only with its words together", async () => {
      expect(await names({ q: '"video consultation"' })).toEqual([FIXTURE_NAMES.video]);
      expect(await names({ q: '"consultation video"' })).toEqual([]);
    });

    it("tolerates a typo", async () => {
      expect(await names({ q: "prescibing" })).toContain(FIXTURE_NAMES.prescribing);
    });

    it("knows synonyms and integration names", async () => {
      expect(await names({ q: "video consult" })).toContain(FIXTURE_NAMES.video);
      expect(await names({ q: "GP Connect" })).toEqual(expect.arrayContaining([FIXTURE_NAMES.prescribing, FIXTURE_NAMES.foundation]));
    });

    it("needs every word to match", async () => {
      expect(await names({ q: "video prescribing" })).toEqual([]);
    });

    it("highlights matched words as segments", async () => {
      const result = await search({ q: "prescribing" });
      const hit = result.hits.find((h) => h.document.name === FIXTURE_NAMES.prescribing)!;
      expect(hit.highlights.name.some((s) => s.matched && /prescribing/i.test(s.text))).toBe(true);
      expect(hit.highlights.name.map((s) => s.text).join("")).toBe(FIXTURE_NAMES.prescribing);
      expect(hit.highlights.summary.map((s) => s.text).join("")).toBe(hit.document.summary);
    });
  });

  describe("facets", () => {
    it("capability: a solution must meet every chosen capability", async () => {
      expect(await names({ capability: ["C14"] })).toEqual(expect.arrayContaining([FIXTURE_NAMES.prescribing, FIXTURE_NAMES.foundation, FIXTURE_NAMES.remediation]));
      expect(await names({ capability: ["C14", "C5"] })).toEqual([FIXTURE_NAMES.foundation]);
    });

    it("framework: any of the chosen frameworks, with counts that ignore the framework choice", async () => {
      const result = await search({ framework: ["NHSDGP001"] });
      expect(result.total).toBe(3);
      const counts = Object.fromEntries(result.facets.framework.map((f) => [f.value, f.count]));
      expect(counts).toMatchObject({ NHSDGP001: 3, TIF001: 3 + FILLERS });
      expect((await search({ framework: ["NHSDGP001", "TIF001"] })).total).toBe(fixtures.visibleIds.length);
    });

    it("integration: by group or by type", async () => {
      expect((await names({ integration: ["GP_CONNECT"] })).sort()).toEqual([FIXTURE_NAMES.foundation, FIXTURE_NAMES.prescribing].sort());
      expect(await names({ integration: ["IM1_BULK"] })).toEqual([FIXTURE_NAMES.prescribing]);
      expect(await names({ integration: ["NHS_APP"] })).toEqual([FIXTURE_NAMES.online]);
    });

    it("integration: a claim without assurance of its standard is neither found nor counted", async () => {
      // The foundation listing claims IM1 Transactional as a provider but has no S47 IM1 assurance.
      expect(await names({ integration: ["IM1_TRANSACTIONAL"] })).toEqual([]);
      expect(await names({ integration: ["IM1"] })).toEqual([FIXTURE_NAMES.prescribing]);
      const counts = Object.fromEntries((await search({})).facets.integration.map((f) => [f.value, f.count]));
      expect(counts.IM1_TRANSACTIONAL).toBeUndefined();
      expect(counts).toMatchObject({ IM1: 1, IM1_BULK: 1, GP_CONNECT: 2 });
      const claim = (await search({ q: FIXTURE_NAMES.foundation })).hits.find((h) => h.document.id === fixtures.ids.foundation)!.document.integrations;
      expect(claim).toEqual(expect.arrayContaining([expect.objectContaining({ id: "IM1_TRANSACTIONAL", assured: false }), expect.objectContaining({ id: "GPC_APPOINTMENT_MANAGEMENT", assured: true })]));
    });

    it("standard, hosting, application type, supplier and price type", async () => {
      expect((await names({ standard: ["S44"] })).sort()).toEqual([FIXTURE_NAMES.foundation, FIXTURE_NAMES.prescribing].sort());
      expect(await names({ standard: ["S47"] })).toEqual([FIXTURE_NAMES.prescribing]);
      expect((await names({ hosting: ["PRIVATE_CLOUD", "HYBRID"] })).sort()).toEqual([FIXTURE_NAMES.foundation, FIXTURE_NAMES.prescribing].sort());
      expect(await names({ applicationType: ["DESKTOP"] })).toEqual([FIXTURE_NAMES.foundation]);
      const video = (await search({ q: "video" })).hits[0].document;
      expect(await names({ supplier: [String(video.supplierId)], capability: ["C44"] })).toEqual([FIXTURE_NAMES.video]);
      expect((await search({ provisioning: ["PATIENT"] })).total).toBe(fixtures.visibleIds.length);
    });

    it("assurance: assured only by default; lapsed and in remediation on request", async () => {
      const assuredOnly = await engine.search(emptyQuery({ perPage: 100 }));
      const shown = assuredOnly.hits.map((h) => h.document.name);
      expect(shown).not.toContain(FIXTURE_NAMES.remediation);
      expect(shown).not.toContain(FIXTURE_NAMES.online);
      expect(await names({ assurance: ["in-remediation"] })).toEqual([FIXTURE_NAMES.remediation]);
      expect(await names({ assurance: ["lapsed"] })).toEqual([FIXTURE_NAMES.online]);
    });

    it("combines facets with AND, and counts match the results", async () => {
      expect(await names({ capability: ["C14"], hosting: ["PRIVATE_CLOUD"] })).toEqual([FIXTURE_NAMES.prescribing]);
      const result = await search({ q: "prescribing", framework: ["NHSDGP001"] });
      const c14 = result.facets.capability.find((f) => f.value === "C14");
      expect(c14?.count).toBe(result.total);
      const hosting = Object.fromEntries(result.facets.hosting.map((f) => [f.value, f.count]));
      const expected: Record<string, number> = {};
      for (const hit of result.hits) for (const h of hit.document.hostingTypes) expected[h] = (expected[h] ?? 0) + 1;
      expect(hosting).toEqual(expected);
    });
  });

  describe("order and paging", () => {
    const pages = async (changes: Partial<SearchQuery>, perPage: number) => {
      const first = await engine.search(emptyQuery({ assurance: ALL_STATES, perPage, ...changes }));
      const ids = first.hits.map((h) => h.document.id);
      for (let page = 2; page <= first.totalPages; page++) {
        ids.push(...(await engine.search(emptyQuery({ assurance: ALL_STATES, perPage, page, ...changes }))).hits.map((h) => h.document.id));
      }
      return { ids, total: first.total };
    };

    it("pages through every result exactly once, in the same order as one big page", async () => {
      for (const sort of ["relevance", "name", "price"] as const) {
        const { ids, total } = await pages({ sort }, 7);
        expect(ids).toHaveLength(total);
        expect(new Set(ids).size).toBe(total);
        expect(ids).toEqual((await search({ sort })).hits.map((h) => h.document.id));
      }
    });

    it("breaks relevance ties by the stable hash of the id, never alphabetically", async () => {
      const result = await search({ capability: ["C16"] });
      const hashes = result.hits.map((h) => stableHash(h.document.id));
      expect(hashes).toEqual([...hashes].sort((a, b) => a - b));
      expect(result.hits.map((h) => h.document.name)).not.toEqual([...result.hits.map((h) => h.document.name)].sort());
    });

    it("sorts by name, and by lowest indicative price with priceless listings last", async () => {
      const byName = (await search({ sort: "name" })).hits.map((h) => h.document.name.toLowerCase());
      expect(byName).toEqual([...byName].sort());
      const prices = (await search({ sort: "price", capability: ["C16"] })).hits.map((h) => h.document.indicativeAnnualPence!);
      expect(prices).toEqual([...prices].sort((a, b) => a - b));
    });
  });

  describe("what never appears", () => {
    it("drafts, suspended and unpublished listings are not indexed or found", async () => {
      const indexed = (await engine.allDocuments()).map((d) => d.id).sort();
      expect(indexed).toEqual([...fixtures.visibleIds].sort());
      const found = await names({ q: "prescribing" });
      for (const hidden of [FIXTURE_NAMES.draft, FIXTURE_NAMES.suspended, FIXTURE_NAMES.unpublished]) expect(found).not.toContain(hidden);
    });

    it("removing a document takes it out of results", async () => {
      await engine.remove([fixtures.ids.video]);
      expect(await names({ q: "video" })).toEqual([]);
      const { documents } = await projectListings(getDb(), [fixtures.ids.video]);
      await engine.upsert(documents);
      expect(await names({ q: "video" })).toEqual([FIXTURE_NAMES.video]);
    });
  });
}
