import type { Prisma } from "../generated/prisma/client";
import { seedTermsOfUse } from "./terms";
import type { ContractStatus, OrderFundingType, OrganisationType, UserRole } from "../generated/prisma/enums";
import {
  addRows,
  assuranceRecordId,
  assuranceTerms,
  contractEndDate,
  emptyRows,
  insertRows,
  listingRows,
  orderRows,
  priceFromTemplate,
  priceId,
  remindersDue,
  reserveCallOffNumbers,
  type AssuranceScenario,
  type CapabilityClaim,
  type ListingSpec,
  type OrderLineSpec,
  type OrderSpec,
  type PriceSpec,
  type SeedRows,
} from "./builders";
import { costForQuantity } from "../app/modules/pricing/pricing";
import {
  ARCHETYPES,
  ASSOCIATED_SERVICES,
  COMPANY_FIRST_WORDS,
  COMPANY_SECOND_WORDS,
  FOUNDATION_ARCHETYPE,
  IMPLEMENTATION_TIMESCALES,
  PRODUCT_BRANDS,
  ROADMAPS,
  SERVICE_LEVELS,
  STREETS,
  TOWNS,
  type Archetype,
  type ServiceTemplate,
} from "./listings";
import {
  EPICS,
  FRAMEWORKS,
  ODS_ROLES,
  INTEGRATION_TYPES,
  OVERARCHING_STANDARD_IDS,
  SUPPLIER_ASSURANCE_STANDARDS,
  frameworkById,
} from "./reference";
import { addDays, daysBetween, Random, type Db } from "./support";

/**
 * Fictional but realistic demo data: suppliers and their listings, two real ICBs with
 * invented practices, demo users for every role, assurance in every state, orders and
 * contracts. Deterministic for a given `today` and `scale`; dates are relative to `today`.
 */

export const DEMO_PASSWORD = "Catalogue-Demo-2026!";

export const DEMO_USERS = {
  practiceBuyer: "practice.buyer@nhs.net",
  icbBuyer: "icb.buyer@nhs.net",
  icbManager: "icb.manager@nhs.net",
  supplierOne: "supplier.one@example-supplier.co.uk",
  supplierTwo: "supplier.two@example-supplier.co.uk",
  commercial: "commercial@nhs.net",
  /** Staff who have not set up two-factor sign-in yet (each does at first sign-in): one per Playwright project. */
  commercialNew: "commercial.new@nhs.net",
  commercialNewTwo: "commercial.new.two@nhs.net",
  qf7Buyer: "buyer.qf7@nhs.net",
  /** Supplier 10005, whose DSPT has lapsed, and 10013, with another lapsed assurance: for renewal journeys. */
  supplierLapsed: "supplier.lapsed@example-supplier.co.uk",
  supplierLapsedTwo: "supplier.lapsed.two@example-supplier.co.uk",
} as const;

/**
 * The demo staff account's two-factor secret (base32), fixed so the demo and the tests can make
 * its codes: published in the README, so only ever for demo data.
 */
export const DEMO_TOTP_SECRET = "NHSBUYINGCATALOGUEDEMOSTAFFTOTP2";

export type DemoOptions = {
  today: Date;
  /** Number of solutions to generate; omitted = the demo catalogue (90 solutions, 32 suppliers). */
  scale?: number;
  passwordHash: string;
  log?: (message: string) => void;
};

const SEED = 20_260_401;
const DEMO_SOLUTIONS = 90;
const DEMO_SUPPLIERS = 32;
const DEMO_PRACTICES_PER_ICB = 26;
const FIRST_SUPPLIER_ID = 10000;

const FIRST_NAMES = ["Amira", "Ben", "Chloe", "Daniel", "Eleanor", "Farhan", "Grace", "Harry", "Isla", "James", "Kiran", "Laura", "Mohammed", "Niamh", "Oliver", "Priya", "Rachel", "Samuel", "Tariq", "Zoe"];
const LAST_NAMES = ["Ahmed", "Bennett", "Clarke", "Davies", "Evans", "Fletcher", "Green", "Hughes", "Iqbal", "Johnson", "Khan", "Lewis", "Mitchell", "Nowak", "O'Brien", "Patel", "Roberts", "Singh", "Taylor", "Walsh"];
const PRACTICE_PLACES = ["Riverside", "Moorside", "Castle Street", "Parkview", "Abbey Lane", "Brookfield", "Hillcrest", "Meadowbank", "Oakwood", "Valley Road", "Westgate", "Fairfield", "Kingsway", "Ash Tree", "Beech Hill", "Canal Side", "Elm Grove", "Friary", "Greenbank", "Holly Road", "Lakeside", "Mill House", "Northgate", "Orchard Way", "Priory", "Queens Park", "Rosehill", "St Mary's", "Thornfield", "Willow Bank"];
const PRACTICE_KINDS = ["Surgery", "Medical Centre", "Health Centre", "Medical Practice", "Family Practice", "Group Practice"];

const ICBS = [
  {
    odsCode: "QE1",
    name: "NHS Lancashire and South Cumbria ICB",
    practicePrefix: ["P", 81] as const,
    towns: ["Preston", "Blackburn", "Blackpool", "Lancaster", "Burnley", "Chorley"],
    postcodeArea: "PR",
    subIcbs: ["00Q", "00R", "01A"],
  },
  {
    odsCode: "QF7",
    name: "NHS South Yorkshire ICB",
    practicePrefix: ["C", 85] as const,
    towns: ["Sheffield", "Barnsley", "Doncaster", "Rotherham"],
    postcodeArea: "S",
    subIcbs: ["02P", "02X", "03N"],
  },
];

/** Suppliers with a fixed story, so every assurance state and listing status is on show. */
const SUPPLIER_SCENARIOS: Record<number, { scenario: AssuranceScenario; standardId: string }> = {
  3: { scenario: "EXPIRING", standardId: "CEPLUS" },
  4: { scenario: "EXPIRING", standardId: "DTAC" },
  5: { scenario: "LAPSED", standardId: "DSPT" },
  6: { scenario: "IN_REMEDIATION", standardId: "CEPLUS" },
  7: { scenario: "REMEDIATION_FAILED", standardId: "DCB0129" },
};
/** Suppliers from this index on are generated freely (the scale generator's suppliers). */
const FREE_SUPPLIERS_FROM = DEMO_SUPPLIERS;

type OrganisationInfo = { id: string; odsCode: string; name: string; type: OrganisationType; listSize: number; icbId: string | null };

type SupplierPlan = {
  id: number;
  index: number;
  name: string;
  domain: string;
  brand: string;
  foundation: boolean;
  scenario: AssuranceScenario;
  problemStandardId: string | null;
  contactId: string;
  /** The supplier user who authors its revisions (demo suppliers 10000 and 10001 only). */
  authorId: string | null;
  /** Deadline of the supplier's remediation plan, when it has one. */
  remediationDeadline: Date | null;
  solutions: ListingSpec[];
  additionalServices: Map<string, ListingSpec[]>;
  associatedServices: ListingSpec[];
};

const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
const pad = (n: number, width: number) => String(n).padStart(width, "0");

function pickWeighted(rng: Random, archetypes: Archetype[]): Archetype {
  const total = archetypes.reduce((sum, a) => sum + a.weight, 0);
  let r = rng.next() * total;
  for (const a of archetypes) {
    r -= a.weight;
    if (r < 0) return a;
  }
  return archetypes[archetypes.length - 1];
}

class DemoBuilder {
  readonly rows: SeedRows = emptyRows();
  readonly rng = new Random(SEED);
  readonly practices: OrganisationInfo[] = [];
  readonly icbs: OrganisationInfo[] = [];
  readonly buyerByOrganisation = new Map<string, { id: string; name: string; email: string }>();
  readonly suppliers: SupplierPlan[] = [];
  reviewerId = "";

  constructor(
    private readonly today: Date,
    private readonly scale: number | undefined,
    private readonly passwordHash: string,
  ) {}

  private get solutionCount() {
    return this.scale ?? DEMO_SOLUTIONS;
  }

  private personName() {
    return `${this.rng.pick(FIRST_NAMES)} ${this.rng.pick(LAST_NAMES)}`;
  }

  private addUser(email: string, name: string, organisationId: string, role: UserRole) {
    const id = `user-${slug(email.split("@")[0])}`;
    this.rows.users.push({ id, email, name, passwordHash: this.passwordHash, organisationId, role, createdAt: addDays(this.today, -400) });
    return { id, name, email };
  }

  private addOrganisation(row: Prisma.OrganisationCreateManyInput): string {
    this.rows.organisations.push({ ...row, odsRole: ODS_ROLES[row.type].primary, createdAt: addDays(this.today, -500) });
    return row.id!;
  }

  // ───────── Organisations and users ─────────

  buildOrganisations() {
    const nhsEngland = this.addOrganisation({ id: "org-X26", odsCode: "X26", name: "NHS England", type: "EXECUTIVE_AGENCY", addressLine1: "7 and 8 Wellington Place", town: "Leeds", postcode: "LS1 4AP" });
    this.reviewerId = this.addUser(DEMO_USERS.commercial, "Jordan Reid", nhsEngland, "AUTHORITY").id;
    this.addUser(DEMO_USERS.commercialNew, "Morgan Ellis", nhsEngland, "AUTHORITY");
    this.addUser(DEMO_USERS.commercialNewTwo, "Sam Okafor", nhsEngland, "AUTHORITY");

    const practicesPerIcb = this.scale ? Math.max(DEMO_PRACTICES_PER_ICB, Math.round(this.scale / 20)) : DEMO_PRACTICES_PER_ICB;
    for (const icb of ICBS) {
      const icbId = this.addOrganisation({ id: `org-${icb.odsCode}`, odsCode: icb.odsCode, name: icb.name, type: "ICB", town: icb.towns[0] });
      this.icbs.push({ id: icbId, odsCode: icb.odsCode, name: icb.name, type: "ICB", listSize: 0, icbId: null });
      const subIcbIds = icb.subIcbs.map((code) =>
        this.addOrganisation({ id: `org-${code}`, odsCode: code, name: `${icb.name} - ${code}`, type: "SUB_ICB_LOCATION", parentId: icbId, icbId }),
      );
      for (let i = 0; i < practicesPerIcb; i++) {
        const [letter, firstBlock] = icb.practicePrefix;
        const odsCode = `${letter}${firstBlock + Math.floor(i / 999)}${pad((i % 999) + 1, 3)}`;
        const combos = PRACTICE_PLACES.length * PRACTICE_KINDS.length;
        const baseName = `${PRACTICE_PLACES[i % PRACTICE_PLACES.length]} ${PRACTICE_KINDS[Math.floor(i / PRACTICE_PLACES.length) % PRACTICE_KINDS.length]}`;
        const name = i < combos ? baseName : `${baseName} ${Math.floor(i / combos) + 1}`;
        const town = this.rng.pick(icb.towns);
        const listSize = this.rng.int(4000, 20000);
        const id = this.addOrganisation({
          id: `org-${odsCode}`,
          odsCode,
          name,
          type: "GP_PRACTICE",
          parentId: subIcbIds[i % subIcbIds.length],
          icbId,
          practiceListSize: listSize,
          listSizeUpdatedOn: new Date(Date.UTC(this.today.getUTCFullYear(), this.today.getUTCMonth(), 1)),
          addressLine1: `${this.rng.int(1, 200)} ${this.rng.pick(STREETS)}`,
          town,
          postcode: `${icb.postcodeArea}${this.rng.int(1, 30)} ${this.rng.int(1, 9)}${String.fromCharCode(65 + this.rng.int(0, 25))}${String.fromCharCode(65 + this.rng.int(0, 25))}`,
        });
        this.practices.push({ id, odsCode, name, type: "GP_PRACTICE", listSize, icbId });
      }
    }

    const [qe1, qf7] = this.icbs;
    const firstPractice = this.practices[0];
    this.buyerByOrganisation.set(firstPractice.id, this.addUser(DEMO_USERS.practiceBuyer, "Priya Shah", firstPractice.id, "BUYER"));
    this.buyerByOrganisation.set(qe1.id, this.addUser(DEMO_USERS.icbBuyer, "Tom Walker", qe1.id, "BUYER"));
    this.addUser(DEMO_USERS.icbManager, "Helen Clarke", qe1.id, "ACCOUNT_MANAGER");
    this.buyerByOrganisation.set(qf7.id, this.addUser(DEMO_USERS.qf7Buyer, "Chris Dale", qf7.id, "BUYER"));
    // Every other ordering organisation gets a buyer, so seeded orders have a real creator.
    for (const org of [...this.icbs, ...this.practices]) {
      if (!this.buyerByOrganisation.has(org.id)) {
        this.buyerByOrganisation.set(org.id, this.addUser(`buyer.${org.odsCode.toLowerCase()}@nhs.net`, this.personName(), org.id, "BUYER"));
      }
    }
  }

  // ───────── Suppliers ─────────

  buildSuppliers() {
    const count = this.scale ? Math.max(DEMO_SUPPLIERS, Math.round(this.scale / 8)) : DEMO_SUPPLIERS;
    const suffixes = ["", " UK", " Group", " Partners", " International", " North", " South", " West"];
    for (let i = 0; i < count; i++) {
      const id = FIRST_SUPPLIER_ID + i;
      const first = COMPANY_FIRST_WORDS[i % COMPANY_FIRST_WORDS.length];
      const cycle = Math.floor(i / (COMPANY_FIRST_WORDS.length * COMPANY_SECOND_WORDS.length));
      const second = COMPANY_SECOND_WORDS[(i % COMPANY_FIRST_WORDS.length + Math.floor(i / COMPANY_FIRST_WORDS.length)) % COMPANY_SECOND_WORDS.length];
      const name = `${first} ${second}${suffixes[cycle % suffixes.length]}${cycle >= suffixes.length ? ` ${cycle}` : ""}`;
      const domain = `${slug(name)}.example`;
      const fixed = SUPPLIER_SCENARIOS[i];
      const scenario = fixed?.scenario ?? this.freeScenario(i);
      const plan: SupplierPlan = {
        id,
        index: i,
        name,
        domain,
        brand: i < PRODUCT_BRANDS.length ? PRODUCT_BRANDS[i] : first,
        foundation: i < 3 || (i >= FREE_SUPPLIERS_FROM && i % 40 === 0),
        scenario,
        problemStandardId: fixed?.standardId ?? (scenario === "ASSURED" ? null : this.rng.pick(["CEPLUS", "DTAC", "DCB0129"])),
        contactId: `${id}-contact-1`,
        authorId: null,
        remediationDeadline: null,
        solutions: [],
        additionalServices: new Map(),
        associatedServices: [],
      };
      this.suppliers.push(plan);
      const town = this.rng.pick(TOWNS);
      this.rows.suppliers.push({
        id,
        name,
        legalName: `${name} Limited`,
        summary: `${name} has built software for general practice since ${this.rng.int(1995, 2018)}, and supports practices across England from its offices in ${town}.`,
        website: `https://www.${domain}`,
        addressLine1: `${this.rng.int(1, 120)} ${this.rng.pick(STREETS)}`,
        town,
        postcode: `${town.slice(0, 2).toUpperCase()}${this.rng.int(1, 20)} ${this.rng.int(1, 9)}AB`,
        createdAt: addDays(this.today, -this.rng.int(900, 2000)),
      });
      const contacts = plan.foundation ? 2 : 1;
      for (let c = 1; c <= contacts; c++) {
        const firstName = this.rng.pick(FIRST_NAMES);
        const lastName = this.rng.pick(LAST_NAMES);
        this.rows.supplierContacts.push({
          id: `${id}-contact-${c}`,
          supplierId: id,
          firstName,
          lastName,
          email: `${slug(firstName)}.${slug(lastName)}@${domain}`,
          phone: `0113 496 0${pad(this.rng.int(0, 999), 3)}`,
          department: c === 1 ? "Account management" : "Implementation",
          isPrimary: c === 1,
        });
      }
      this.addOrganisation({ id: `org-supplier-${id}`, odsCode: `SUPPLIER-${id}`, name, type: "SUPPLIER", supplierId: id, town });
    }
    const [one, two] = this.suppliers;
    one.authorId = this.addUser(DEMO_USERS.supplierOne, "Sam Patel", `org-supplier-${one.id}`, "SUPPLIER_ACCOUNT_MANAGER").id;
    two.authorId = this.addUser(DEMO_USERS.supplierTwo, "Alex Morgan", `org-supplier-${two.id}`, "SUPPLIER").id;
    for (const [index, email, name] of [[5, DEMO_USERS.supplierLapsed, "Robin Hale"], [13, DEMO_USERS.supplierLapsedTwo, "Jo Fenwick"]] as const) {
      const supplier = this.suppliers[index];
      if (supplier) this.addUser(email, name, `org-supplier-${supplier.id}`, "SUPPLIER_ACCOUNT_MANAGER");
    }
  }

  private freeScenario(index: number): AssuranceScenario {
    if (index < FREE_SUPPLIERS_FROM) {
      // Demo suppliers without a fixed story: a few more expiring and lapsed, the personas' (10000–10002) assured.
      if (index >= 8 && index % 8 === 3) return "EXPIRING";
      if (index >= 8 && index % 8 === 5) return "LAPSED";
      return "ASSURED";
    }
    const r = this.rng.next();
    if (r < 0.8) return "ASSURED";
    if (r < 0.9) return "EXPIRING";
    if (r < 0.97) return "LAPSED";
    return "IN_REMEDIATION";
  }

  // ───────── Assurance ─────────

  buildSupplierAssurance() {
    for (const supplier of this.suppliers) {
      for (const standard of SUPPLIER_ASSURANCE_STANDARDS) {
        const scenario = standard.id === supplier.problemStandardId ? supplier.scenario : "ASSURED";
        const terms = assuranceTerms(scenario, { cycleMonths: standard.cycleMonths ?? null, annualDeadline: standard.annualDeadline ?? null }, this.today, this.rng);
        if (terms.remediationDeadline) supplier.remediationDeadline = terms.remediationDeadline;
        this.rows.assuranceRecords.push({
          id: assuranceRecordId(supplier.id, standard.id),
          standardId: standard.id,
          supplierId: supplier.id,
          catalogueItemId: null,
          ...terms,
          certificateNumber: `${standard.id}-${supplier.id}-${terms.assuredOn.getUTCFullYear()}`,
          recordedById: this.reviewerId,
          createdAt: terms.assuredOn,
        });
      }
    }
  }

  private solutionAssurance(spec: ListingSpec) {
    const standardIds = new Set(OVERARCHING_STANDARD_IDS);
    for (const integration of spec.integrations) {
      const standardId = INTEGRATION_TYPES.find((t) => t.id === integration.integrationTypeId)?.standardId;
      if (standardId) standardIds.add(standardId);
    }
    if (spec.frameworks.some((f) => f.isFoundation)) for (const id of ["S35", "S36", "S43", "S56", "S60", "S46"]) standardIds.add(id);
    for (const standardId of standardIds) {
      const terms = assuranceTerms("ASSURED", { cycleMonths: null, annualDeadline: null }, this.today, this.rng);
      const assuredOn = spec.publishedAt && spec.publishedAt < terms.assuredOn ? addDays(spec.publishedAt, -1) : terms.assuredOn;
      this.rows.assuranceRecords.push({
        id: assuranceRecordId(spec.id, standardId),
        standardId,
        supplierId: spec.supplierId,
        catalogueItemId: spec.id,
        ...terms,
        assuredOn,
        recordedById: this.reviewerId,
        createdAt: assuredOn,
      });
    }
  }

  // ───────── Listings ─────────

  private claims(capabilityIds: string[], required: Set<string>, strict: boolean): CapabilityClaim[] {
    return capabilityIds.map((capabilityId) => {
      const r = this.rng.next();
      const result = required.has(capabilityId)
        ? strict || r < 0.85 ? "PASSED_FULL" : "PASSED_PARTIAL"
        : r < 0.7 ? "PASSED_FULL" : r < 0.95 ? "PASSED_PARTIAL" : "FAILED";
      const epics = EPICS.filter((e) => e.capabilityId === capabilityId).map((e) => {
        if (result === "FAILED") return { epicId: e.id, result: e.level === "MUST" && this.rng.chance(0.5) ? "FAILED" as const : "NOT_EVIDENCED" as const };
        if (e.level === "MUST") return { epicId: e.id, result: "PASSED" as const };
        const passRate = result === "PASSED_PARTIAL" ? 0.3 : e.level === "SHOULD" ? 0.85 : 0.5;
        return { epicId: e.id, result: this.rng.chance(passRate) ? "PASSED" as const : "NOT_EVIDENCED" as const };
      });
      return { capabilityId, result, epics };
    });
  }

  private listingBase(supplier: SupplierPlan, fields: Pick<ListingSpec, "id" | "kind" | "name" | "summary" | "description">): ListingSpec {
    const publishedAt = addDays(this.today, -this.rng.int(30, 900));
    return {
      ...fields,
      supplierId: supplier.id,
      parentSolutionId: null,
      publicationStatus: "PUBLISHED",
      features: [],
      implementationTimescales: null,
      serviceLevels: null,
      roadmap: null,
      aboutUrl: null,
      orderGuidance: null,
      practiceReorganisation: null,
      capabilities: [],
      integrations: [],
      hostingTypes: [],
      applicationTypes: [],
      frameworks: [],
      prices: [],
      createdAt: addDays(publishedAt, -this.rng.int(20, 90)),
      publishedAt,
      withdrawnAt: null,
      withdrawnReason: null,
      remediationDeadline: null,
      authorId: supplier.authorId,
      reviewerId: this.reviewerId,
      openRevision: null,
    };
  }

  private solutionSpec(supplier: SupplierPlan, archetype: Archetype, number: number, name: string): ListingSpec {
    const rng = this.rng;
    const id = `${supplier.id}-${pad(number, 3)}`;
    const foundation = archetype === FOUNDATION_ARCHETYPE;
    const capabilityIds = [...archetype.requiredCapabilityIds, ...rng.sample(archetype.optionalCapabilityIds, rng.int(1, foundation ? 6 : 3))];
    const frameworks = [archetype.frameworkIds[0], ...archetype.frameworkIds.slice(1).filter(() => rng.chance(0.5))];
    return {
      ...this.listingBase(supplier, {
        id,
        kind: "SOLUTION",
        name,
        summary: rng.pick(archetype.summaries),
        description: archetype.descriptions.map((p) => p.replaceAll("{name}", name)).join("\n\n"),
      }),
      features: rng.sample(archetype.features, rng.int(5, Math.min(9, archetype.features.length))),
      implementationTimescales: rng.pick(IMPLEMENTATION_TIMESCALES),
      serviceLevels: rng.pick(SERVICE_LEVELS),
      roadmap: rng.pick(ROADMAPS),
      aboutUrl: `https://www.${supplier.domain}/${slug(name)}`,
      capabilities: this.claims(capabilityIds, new Set(archetype.requiredCapabilityIds), foundation),
      integrations: foundation ? archetype.integrations : rng.sample(archetype.integrations, rng.int(Math.min(1, archetype.integrations.length), archetype.integrations.length)),
      hostingTypes: rng.sample(archetype.hostingTypes, rng.int(1, archetype.hostingTypes.length)).map((hostingType) => ({
        hostingType,
        summary: hostingType === "PUBLIC_CLOUD" ? "Hosted in UK data centres of an NCSC-assured cloud provider." : hostingType === "ON_PREMISE" ? "Installed on a server at the practice." : "Hosted in the supplier's UK data centres with an HSCN connection.",
        hscnRequired: hostingType === "ON_PREMISE" || hostingType === "PRIVATE_CLOUD",
      })),
      applicationTypes: rng.sample(archetype.applicationTypes, rng.int(1, archetype.applicationTypes.length)).map((applicationType) => ({
        applicationType,
        description: applicationType === "BROWSER_BASED" ? "Latest versions of Chrome, Edge, Firefox and Safari." : applicationType === "MOBILE_OR_TABLET" ? "iOS 16 or later and Android 12 or later." : "Windows 10 and Windows 11.",
      })),
      frameworks: frameworks.map((frameworkId) => ({ frameworkId, isFoundation: foundation && frameworkId === "NHSDGP001" })),
      prices: archetype.prices.map((template) => priceFromTemplate(template, rng)),
    };
  }

  private additionalServiceSpec(supplier: SupplierPlan, parent: ListingSpec, template: ServiceTemplate, number: number): ListingSpec {
    const name = `${parent.name} ${template.name}`;
    const spec: ListingSpec = {
      ...this.listingBase(supplier, {
        id: `${parent.id}A${pad(number, 3)}`,
        kind: "ADDITIONAL_SERVICE",
        name,
        summary: template.summary,
        description: `${template.summary} Available to practices that use ${parent.name}.`,
      }),
      parentSolutionId: parent.id,
      capabilities: this.claims(template.capabilityIds, new Set(template.capabilityIds), true),
      frameworks: parent.frameworks.map((f) => ({ frameworkId: f.frameworkId, isFoundation: false })),
      prices: [priceFromTemplate(template.price, this.rng)],
      publishedAt: parent.publishedAt,
      createdAt: parent.createdAt,
    };
    // An additional service cannot be bought without its solution, so it shares the solution's status.
    this.applyStatus(spec, parent.publicationStatus, {
      remediationDeadline: parent.remediationDeadline,
      withdrawnAt: parent.withdrawnAt,
      withdrawnReason: parent.withdrawnReason,
    });
    return spec;
  }

  private applyStatus(spec: ListingSpec, status: ListingSpec["publicationStatus"], extra: Partial<ListingSpec> = {}) {
    Object.assign(spec, { publicationStatus: status }, extra);
    if (status === "DRAFT") {
      spec.publishedAt = null;
      spec.createdAt = addDays(this.today, -this.rng.int(1, 30));
      spec.openRevision ??= { status: "DRAFT", summary: spec.summary };
      for (const price of spec.prices) price.status = "DRAFT";
    }
  }

  buildListings() {
    const totalSolutions = this.solutionCount;
    const counts = this.suppliers.map(() => Math.floor(totalSolutions / this.suppliers.length));
    for (let extra = totalSolutions - counts.reduce((a, b) => a + b, 0); extra > 0; extra--) counts[this.rng.int(0, counts.length - 1)]++;

    for (const supplier of this.suppliers) {
      const specialties = this.rng.sample(ARCHETYPES, 2);
      const names = new Set<string>();
      const count = Math.max(counts[supplier.index], supplier.foundation ? 2 : 1);
      for (let k = 0; k < count; k++) {
        const archetype = k === 0 && supplier.foundation ? FOUNDATION_ARCHETYPE : pickWeighted(this.rng, specialties);
        let name = `${supplier.brand} ${archetype.productNouns[k % archetype.productNouns.length]}`;
        for (let n = 2; names.has(name); n++) name = `${supplier.brand} ${archetype.productNouns[k % archetype.productNouns.length]} ${n}`;
        names.add(name);
        const spec = this.solutionSpec(supplier, archetype, k + 1, name);
        this.assignSolutionStatus(supplier, spec, k, count);
        supplier.solutions.push(spec);

        const services = archetype.additionalServices.filter(() => this.rng.chance(supplier.foundation ? 0.8 : 0.45));
        supplier.additionalServices.set(spec.id, services.map((template, i) => this.additionalServiceSpec(supplier, spec, template, i + 1)));
      }
      this.buildAssociatedServices(supplier);
    }

    for (const supplier of this.suppliers) {
      const listings = [...supplier.solutions, ...[...supplier.additionalServices.values()].flat(), ...supplier.associatedServices];
      for (const spec of listings) addRows(this.rows, listingRows(spec));
      for (const spec of supplier.solutions) if (spec.publishedAt) this.solutionAssurance(spec);
    }
  }

  /**
   * Fixed stories for the first suppliers; a few drafts among the scale generator's. A
   * supplier-level remediation plan covers every solution of the supplier (as agreeing one in
   * the lapse queue does). A failed one suspends only the first here: the assurance scan the
   * seed runs for its today suspends the rest and flags their contracts (seed/index.ts).
   */
  private assignSolutionStatus(supplier: SupplierPlan, spec: ListingSpec, k: number, count: number) {
    const last = k === count - 1 && count > 1;
    const deadline = supplier.remediationDeadline;
    if (supplier.scenario === "IN_REMEDIATION") {
      this.applyStatus(spec, "IN_REMEDIATION", { remediationDeadline: deadline });
    } else if (k === 0 && supplier.scenario === "REMEDIATION_FAILED") {
      this.applyStatus(spec, "SUSPENDED", { remediationDeadline: deadline });
    } else if (last && supplier.index === 8) {
      this.applyStatus(spec, "UNPUBLISHED", { withdrawnAt: addDays(this.today, -this.rng.int(10, 60)), withdrawnReason: "Replaced by the supplier's new version of the product." });
    } else if (last && (supplier.index === 0 || supplier.index === 10)) {
      this.applyStatus(spec, "DRAFT");
    } else if (last && supplier.index === 9) {
      this.applyStatus(spec, "DRAFT", { openRevision: { status: "SUBMITTED", summary: spec.summary } });
    } else if (k === 0 && supplier.index === 1) {
      spec.openRevision = { status: "SUBMITTED", summary: `${spec.summary} Now with NHS App notifications.` };
    } else if (k === 0 && supplier.index === 2) {
      spec.openRevision = {
        status: "CHANGES_REQUESTED",
        summary: `${spec.summary} Trusted by hundreds of practices.`,
        reviewComments: ["Remove the unverifiable claim about the number of practices from the summary."],
      };
    } else if (supplier.index >= FREE_SUPPLIERS_FROM && this.rng.chance(0.02)) {
      this.applyStatus(spec, "DRAFT");
    }
  }

  private buildAssociatedServices(supplier: SupplierPlan) {
    const pool = supplier.foundation ? ASSOCIATED_SERVICES : ASSOCIATED_SERVICES.filter((s) => !s.practiceReorganisation);
    const chosen = supplier.foundation ? pool : this.rng.sample(pool, this.rng.int(1, 3));
    const frameworkIds = [...new Set(supplier.solutions.flatMap((s) => s.frameworks.map((f) => f.frameworkId)))];
    const anyPublished = supplier.solutions.some((s) => s.publicationStatus !== "DRAFT");
    chosen.forEach((template, i) => {
      const spec: ListingSpec = {
        ...this.listingBase(supplier, {
          id: `${supplier.id}-S-${pad(i + 1, 3)}`,
          kind: "ASSOCIATED_SERVICE",
          name: template.name,
          summary: template.summary,
          description: `${template.summary} Delivered by ${supplier.name}'s implementation team.`,
        }),
        orderGuidance: template.orderGuidance,
        practiceReorganisation: template.practiceReorganisation ?? null,
        frameworks: frameworkIds.map((frameworkId) => ({ frameworkId, isFoundation: false })),
        prices: [priceFromTemplate(template.price, this.rng)],
      };
      if (!anyPublished) this.applyStatus(spec, "DRAFT");
      supplier.associatedServices.push(spec);
    });
  }

  // ───────── Orders and contracts ─────────

  private quantityFor(price: PriceSpec, listSize: number): number {
    const rng = this.rng;
    if (price.provisioningType === "PATIENT") return listSize;
    const perMonthUse: Record<string, number> = { "per SMS": 0.25, "per minute": 0.6, "per consultation": 0.02, "per vaccination recorded": 0.08 };
    if (price.provisioningType === "ON_DEMAND" && perMonthUse[price.unitDescription]) {
      return Math.max(1, Math.round(listSize * perMonthUse[price.unitDescription] * rng.amount(0.6, 1.4)));
    }
    if (price.unitDescription === "per licence") return rng.int(3, 15);
    if (price.unitDescription === "per day" || price.unitDescription === "per session") return rng.int(1, 3);
    if (price.rangeDescription?.includes("sites")) return rng.int(1, 3);
    return 1;
  }

  private orderLine(itemId: string, price: PriceSpec, index: number, recipients: OrganisationInfo[], fundingType: OrderFundingType, start: Date): OrderLineSpec {
    const discount = this.rng.chance(0.2) ? 0.9 : 1;
    return {
      catalogueItemId: itemId,
      priceId: priceId(itemId, index),
      price,
      agreedPrice: Math.round(price.tiers[0].price * discount * 10_000) / 10_000,
      fundingType: costForQuantity(price, 1) === 0n ? "NO_FUNDING_REQUIRED" : fundingType,
      plannedDeliveryDate: start,
      quantities: recipients.map((r) => ({ organisationId: r.id, quantity: this.quantityFor(price, r.listSize) })),
    };
  }

  private contractStatusFor(endDate: Date): ContractStatus {
    const left = daysBetween(this.today, endDate);
    return left < 0 ? "EXPIRED" : left <= 90 ? "EXPIRING" : "ACTIVE";
  }

  async buildOrders(db: Db) {
    const liveFrameworks = new Set(FRAMEWORKS.filter((f) => f.status === "LIVE").map((f) => f.id));
    type Plan = {
      supplier: SupplierPlan;
      solution: ListingSpec;
      orderer: OrganisationInfo;
      frameworkId: string;
      category: "ACTIVE" | "EXPIRING" | "EXPIRED" | "RENEWAL" | "FLAGGED" | "IN_PROGRESS" | "SWITCHABLE";
    };
    const plans: Plan[] = [];
    const contractsPerSolution = this.scale ? 10 : 1;
    const [qe1, qf7] = this.icbs;
    const featured = [this.practices[0], qe1, qf7];
    const ordererFor = (n: number) => {
      if (n < 30) return featured[n % featured.length];
      return this.rng.chance(0.75) ? this.rng.pick(this.practices) : this.rng.pick(this.icbs);
    };

    for (const supplier of this.suppliers) {
      for (const solution of supplier.solutions) {
        const flagged = solution.publicationStatus === "SUSPENDED" && supplier.scenario === "REMEDIATION_FAILED";
        if (!flagged && !["PUBLISHED", "IN_REMEDIATION"].includes(solution.publicationStatus)) continue;
        const frameworkId = solution.frameworks.map((f) => f.frameworkId).find((id) => liveFrameworks.has(id));
        if (!frameworkId) continue;
        const count = flagged && !this.scale ? 2 : contractsPerSolution;
        for (let c = 0; c < count; c++) {
          const n = plans.length;
          const r = this.rng.next();
          const category: Plan["category"] = flagged
            ? "FLAGGED"
            : n < featured.length ? "EXPIRING"
            : n < featured.length * 2 ? "RENEWAL"
            : r < 0.72 ? "ACTIVE" : r < 0.84 ? "EXPIRING" : r < 0.94 ? "EXPIRED" : "RENEWAL";
          plans.push({ supplier, solution, orderer: ordererFor(n), frameworkId, category });
        }
      }
    }
    if (!this.scale) {
      // Orders still being written, for the buyers' "in progress" lists.
      const openSolutions = plans.filter((p) => p.category === "ACTIVE").slice(0, 3);
      openSolutions.forEach((p, i) => plans.push({ ...p, orderer: featured[i], category: "IN_PROGRESS" }));
      // The switching story (README): QE1 has two healthy contracts for supplier 10000's GP
      // system, past their initial period, with 10001's (demo supplier two) as an assured
      // alternative. Added last, so every other plan keeps its call-off number and dates.
      const aria = this.suppliers.find((s) => s.id === FIRST_SUPPLIER_ID)!;
      const ariaGp = aria.solutions.find((s) => s.id === `${FIRST_SUPPLIER_ID}-001`)!;
      const ariaFramework = ariaGp.frameworks.map((f) => f.frameworkId).find((id) => liveFrameworks.has(id))!;
      for (let i = 0; i < 2; i++) plans.push({ supplier: aria, solution: ariaGp, orderer: qe1, frameworkId: ariaFramework, category: "SWITCHABLE" });
    }

    const orderCount = plans.reduce((sum, p) => sum + (p.category === "RENEWAL" ? 2 : 1), 0);
    const numbers = await reserveCallOffNumbers(db, orderCount);
    let next = 0;
    for (const plan of plans) {
      if (plan.category === "RENEWAL") {
        const previous = this.buildOrder(plan, numbers[next++], "EXPIRED", null);
        this.buildOrder(plan, numbers[next++], "ACTIVE", previous);
      } else {
        this.buildOrder(plan, numbers[next++], plan.category, null);
      }
    }
  }

  private buildOrder(
    plan: { supplier: SupplierPlan; solution: ListingSpec; orderer: OrganisationInfo; frameworkId: string },
    callOffNumber: number,
    category: "ACTIVE" | "EXPIRING" | "EXPIRED" | "FLAGGED" | "IN_PROGRESS" | "SWITCHABLE",
    renews: { contractId: string; endDate: Date } | null,
  ): { contractId: string; endDate: Date } {
    const rng = this.rng;
    const { supplier, solution, orderer, frameworkId } = plan;
    const drawnTerm = rng.pick([12, 24, 36, 36]);
    const maximumTermMonths = category === "SWITCHABLE" ? 36 : drawnTerm;
    const initialPeriodMonths = maximumTermMonths === 12 ? 6 : 12;
    const termDays = Math.round(maximumTermMonths * 30.4);

    let commencementDate: Date;
    if (renews) commencementDate = addDays(renews.endDate, 1);
    else if (category === "IN_PROGRESS") commencementDate = addDays(this.today, rng.int(14, 60));
    else if (category === "EXPIRING") commencementDate = addDays(this.today, rng.int(5, 89) - termDays);
    else if (category === "EXPIRED") commencementDate = addDays(this.today, -rng.int(1, 200) - termDays);
    else if (category === "SWITCHABLE") commencementDate = addDays(this.today, -400);
    else commencementDate = addDays(this.today, -rng.int(0, Math.max(0, termDays - 120)));
    const endDate = contractEndDate(commencementDate, maximumTermMonths);

    const recipients = orderer.type === "GP_PRACTICE" ? [orderer] : rng.sample(this.practices.filter((p) => p.icbId === orderer.id), rng.int(2, 5));
    const framework = frameworkById(frameworkId);
    // domain.md: a practice funds locally; a single-funding framework decides; otherwise the ICB chooses.
    const fundingType: OrderFundingType =
      orderer.type === "GP_PRACTICE" ? "LOCAL"
      : framework.fundingTypes.length === 1 ? framework.fundingTypes[0]
      : rng.chance(0.6) ? "CENTRAL" : "LOCAL";

    const solutionPriceIndex = solution.prices.findIndex((p) => p.status === "PUBLISHED");
    const lines = [this.orderLine(solution.id, solution.prices[solutionPriceIndex], solutionPriceIndex, recipients, fundingType, commencementDate)];
    const additional = supplier.additionalServices.get(solution.id)?.filter((s) => s.publicationStatus === "PUBLISHED") ?? [];
    if (additional.length > 0 && rng.chance(0.4)) {
      const service = rng.pick(additional);
      lines.push(this.orderLine(service.id, service.prices[0], 0, recipients, fundingType, commencementDate));
    }
    const associated = supplier.associatedServices.filter((s) => s.publicationStatus === "PUBLISHED");
    if (associated.length > 0 && !renews && rng.chance(0.3)) {
      const service = rng.pick(associated);
      lines.push(this.orderLine(service.id, service.prices[0], 0, recipients, fundingType, commencementDate));
    }

    const buyer = this.buyerByOrganisation.get(orderer.id)!;
    const completedAt = category === "IN_PROGRESS" ? null : addDays(commencementDate, -rng.int(1, 30));
    const createdAt = addDays(completedAt ?? this.today, -rng.int(1, 14));
    const contractId = `con-${callOffNumber}`;
    const status: ContractStatus = category === "FLAGGED" ? "FLAGGED_FOR_TERMINATION" : this.contractStatusFor(endDate);
    const spec: OrderSpec = {
      id: `ord-${callOffNumber}-1`,
      callOffNumber,
      revision: 1,
      organisationId: orderer.id,
      createdById: buyer.id,
      description: `${solution.name} for ${orderer.name}`,
      status: category === "IN_PROGRESS" ? "IN_PROGRESS" : "COMPLETED",
      orderType: renews ? "RENEWAL" : "NEW",
      frameworkId,
      supplierId: supplier.id,
      supplierContactId: supplier.contactId,
      contact: { name: buyer.name, email: buyer.email, phone: null },
      commencementDate,
      initialPeriodMonths,
      maximumTermMonths,
      createdAt,
      completedAt,
      renewsContractId: renews?.contractId ?? null,
      replacesContractId: null,
      recipientIds: recipients.map((r) => r.id),
      lines,
      contract:
        category === "IN_PROGRESS"
          ? null
          : {
              id: contractId,
              status,
              paymentState: fundingType === "CENTRAL" ? "NOT_BILLED" : "INVOICED_OUTSIDE_CATALOGUE",
              solutionId: solution.id,
              renewsContractId: renews?.contractId ?? null,
              remindersSent: status === "EXPIRING" ? remindersDue(commencementDate, endDate, this.today) : status === "EXPIRED" ? [90, 45] : [],
              patientsCovered: recipients.reduce((sum, r) => sum + r.listSize, 0),
            },
    };
    addRows(this.rows, orderRows(spec));

    if (category === "FLAGGED") {
      const recordId = assuranceRecordId(supplier.id, supplier.problemStandardId!);
      this.rows.terminationFlags.push({
        id: `flag-${contractId}`,
        contractId,
        reason: "ASSURANCE_LAPSED_REMEDIATION_FAILED",
        assuranceRecordId: recordId,
        status: "OPEN",
        raisedAt: addDays(supplier.remediationDeadline ?? this.today, 1),
      });
    }
    return { contractId, endDate };
  }

  /** Marks the earlier contract of each renewal pair as renewed. */
  markRenewedContracts() {
    const renewed = new Set(this.rows.contracts.map((c) => c.renewsContractId).filter(Boolean));
    for (const contract of this.rows.contracts) if (renewed.has(contract.id)) contract.status = "RENEWED";
  }

  buildShortlist() {
    const practice = this.practices[0];
    const resultIds = this.suppliers
      .flatMap((s) => s.solutions)
      .filter((s) => s.publicationStatus === "PUBLISHED" && s.capabilities.some((c) => c.capabilityId === "C43"))
      .slice(0, 5)
      .map((s) => s.id);
    this.rows.shortlists.push({
      id: "shortlist-online-consultation",
      organisationId: practice.id,
      createdById: this.buyerByOrganisation.get(practice.id)!.id,
      name: "Online consultation options",
      query: { q: "online consultation", capabilityIds: ["C43"], frameworkIds: ["TIF001"] },
      resultIdsAtSave: resultIds,
      createdAt: addDays(this.today, -5),
    });
  }
}

export type DemoSummary = { suppliers: number; solutions: number; practices: number; contracts: number; users: number };

export async function seedDemoData(db: Db, options: DemoOptions): Promise<DemoSummary> {
  const log = options.log ?? (() => {});
  const started = Date.now();
  const demo = new DemoBuilder(options.today, options.scale, options.passwordHash);
  demo.buildOrganisations();
  demo.buildSuppliers();
  demo.buildSupplierAssurance();
  demo.buildListings();
  await demo.buildOrders(db);
  demo.markRenewedContracts();
  demo.buildShortlist();
  log(`Generated demo rows in ${Date.now() - started} ms; inserting`);
  await insertRows(db, demo.rows, log);
  await seedTermsOfUse(db, demo.rows.users.map((user) => user.id!), options.today);
  return {
    suppliers: demo.rows.suppliers.length,
    solutions: demo.rows.catalogueItems.filter((i) => i.kind === "SOLUTION").length,
    practices: demo.practices.length,
    contracts: demo.rows.contracts.length,
    users: demo.rows.users.length,
  };
}
