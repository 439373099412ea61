import { randomInt, randomUUID } from "node:crypto";
import type { Prisma } from "../generated/prisma/client";
import type { ContractStatus, OrganisationType, UserRole } from "../generated/prisma/enums";
import { hashPassword } from "~/utils/password.server";
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
  reserveCallOffNumbers,
  type AssuranceScenario,
  type CapabilityClaim,
  type ListingSpec,
  type PriceSpec,
} from "./builders";
import { DEMO_PASSWORD } from "./demo";
import type { PriceTemplate } from "./listings";
import { EPICS, ODS_ROLES, hasReferenceData, seedReferenceData } from "./reference";
import { addDays, Random, startOfDayUtc, type Db } from "./support";

/**
 * Small builders for integration tests: each creates one thing (and what it cannot exist
 * without) through the same row builders as the demo seed, and returns what it created.
 * Reference data must exist first: call ensureReferenceData in the test's setup.
 */

export async function ensureReferenceData(db: Db, today: Date = new Date()): Promise<void> {
  if (!(await hasReferenceData(db))) await seedReferenceData(db, startOfDayUtc(today));
}

const uniqueSuffix = () => randomUUID().replaceAll("-", "").slice(0, 10);
let practiceCounter = randomInt(0, 90_000);

let testPasswordHash: Promise<string> | undefined;
/** Users created by factories sign in with DEMO_PASSWORD unless a hash is given. */
export function defaultPasswordHash(): Promise<string> {
  testPasswordHash ??= hashPassword(DEMO_PASSWORD);
  return testPasswordHash;
}

// ───────── Suppliers ─────────

export async function createSupplier(db: Db, overrides: Partial<Prisma.SupplierCreateManyInput> = {}) {
  const highest = (await db.supplier.aggregate({ _max: { id: true } }))._max.id ?? 0;
  // Test suppliers sit above the demo range so they never collide with seeded ids.
  const id = overrides.id ?? Math.max(highest, 89_999) + 1;
  const name = overrides.name ?? `Test Supplier ${id}`;
  const supplier = await db.supplier.create({ data: { id, name, legalName: `${name} Limited`, website: `https://www.supplier-${id}.example`, ...overrides } });
  const contact = await db.supplierContact.create({
    data: { id: `${id}-contact-1`, supplierId: id, firstName: "Casey", lastName: "Jones", email: `casey.jones@supplier-${id}.example`, isPrimary: true },
  });
  const organisation = await db.organisation.create({
    data: { id: `org-supplier-${id}`, odsCode: `SUPPLIER-${id}`, name, type: "SUPPLIER", supplierId: id },
  });
  return { supplier, contact, organisation };
}

// ───────── Organisations and users ─────────

export type OrganisationWithUserOptions = {
  type?: OrganisationType;
  odsCode?: string;
  name?: string;
  parentId?: string | null;
  icbId?: string | null;
  practiceListSize?: number | null;
  supplierId?: number | null;
  role?: UserRole;
  email?: string;
  passwordHash?: string;
};

export async function createOrganisationWithUser(db: Db, options: OrganisationWithUserOptions = {}) {
  const type = options.type ?? "GP_PRACTICE";
  const odsCode = options.odsCode ?? (type === "GP_PRACTICE" ? `Y${String(10_000 + (practiceCounter++ % 90_000)).padStart(5, "0")}` : `T-${uniqueSuffix()}`);
  const organisation = await db.organisation.create({
    data: {
      odsCode,
      name: options.name ?? `Test ${type === "GP_PRACTICE" ? "Surgery" : "Organisation"} ${odsCode}`,
      type,
      odsRole: ODS_ROLES[type].primary,
      parentId: options.parentId ?? null,
      icbId: options.icbId ?? null,
      practiceListSize: options.practiceListSize !== undefined ? options.practiceListSize : type === "GP_PRACTICE" ? 8000 : null,
      supplierId: options.supplierId ?? null,
    },
  });
  const role = options.role ?? (type === "EXECUTIVE_AGENCY" ? "AUTHORITY" : type === "SUPPLIER" ? "SUPPLIER" : "BUYER");
  const user = await db.user.create({
    data: {
      email: (options.email ?? `user-${uniqueSuffix()}@nhs.net`).toLowerCase(),
      name: "Test User",
      passwordHash: options.passwordHash ?? (await defaultPasswordHash()),
      organisationId: organisation.id,
      role,
    },
  });
  return { organisation, user };
}

// ───────── Listings ─────────

const DEFAULT_PRICE: PriceTemplate = {
  provisioningType: "PATIENT",
  priceType: "FLAT",
  calculationType: "VOLUME",
  billingPeriod: "YEARLY",
  unitDescription: "per patient",
  price: [2.5, 2.5],
};

export type PublishedSolutionOptions = {
  supplierId: number;
  name?: string;
  /** Capabilities claimed, all Passed - Full with every epic passed. */
  capabilityIds?: string[];
  frameworkIds?: string[];
  /** One or more prices; a template with a [min, max] range is priced at its minimum. */
  prices?: (PriceTemplate | PriceSpec)[];
  overrides?: Partial<ListingSpec>;
  today?: Date;
};

const passedClaim = (capabilityId: string): CapabilityClaim => ({
  capabilityId,
  result: "PASSED_FULL",
  epics: EPICS.filter((e) => e.capabilityId === capabilityId).map((e) => ({ epicId: e.id, result: "PASSED" })),
});

/** A Published solution with an approved revision, prices, capabilities and framework membership. */
export async function createPublishedSolution(db: Db, options: PublishedSolutionOptions) {
  const today = startOfDayUtc(options.today ?? new Date());
  const existing = await db.catalogueItem.count({ where: { supplierId: options.supplierId, kind: "SOLUTION" } });
  const id = options.overrides?.id ?? `${options.supplierId}-${String(existing + 1).padStart(3, "0")}`;
  const name = options.name ?? `Test Solution ${id}`;
  const rng = new Random(1);
  const prices = (options.prices ?? [DEFAULT_PRICE]).map((p) =>
    "tiers" in p ? p : priceFromTemplate({ ...p, price: [p.price[0], p.price[0]] }, rng),
  );
  const spec: ListingSpec = {
    id,
    kind: "SOLUTION",
    supplierId: options.supplierId,
    parentSolutionId: null,
    name,
    publicationStatus: "PUBLISHED",
    summary: `${name} helps GP practices with online consultation and prescribing.`,
    description: `${name} is a test listing.`,
    features: ["Online consultation", "Electronic prescribing"],
    implementationTimescales: "Four weeks.",
    serviceLevels: "99.9% availability.",
    roadmap: null,
    aboutUrl: null,
    orderGuidance: null,
    practiceReorganisation: null,
    capabilities: (options.capabilityIds ?? ["C43"]).map(passedClaim),
    integrations: [],
    hostingTypes: [{ hostingType: "PUBLIC_CLOUD", summary: "UK cloud hosting.", hscnRequired: false }],
    applicationTypes: [{ applicationType: "BROWSER_BASED", description: "Modern browsers." }],
    frameworks: (options.frameworkIds ?? ["TIF001"]).map((frameworkId) => ({ frameworkId, isFoundation: false })),
    prices,
    createdAt: addDays(today, -60),
    publishedAt: addDays(today, -30),
    withdrawnAt: null,
    withdrawnReason: null,
    remediationDeadline: null,
    authorId: null,
    reviewerId: null,
    openRevision: null,
    ...options.overrides,
  };
  await insertRows(db, addRows(emptyRows(), listingRows(spec)));
  const item = await db.catalogueItem.findUniqueOrThrow({ where: { id }, include: { prices: { include: { tiers: true } } } });
  return { item, spec, priceIds: spec.prices.map((_, i) => priceId(id, i)) };
}

// ───────── Assurance ─────────

export type AssuranceRecordOptions = {
  supplierId: number;
  standardId: string;
  catalogueItemId?: string | null;
  scenario?: AssuranceScenario;
  today?: Date;
  overrides?: Partial<Prisma.AssuranceRecordCreateManyInput>;
};

export async function createAssuranceRecord(db: Db, options: AssuranceRecordOptions) {
  const today = startOfDayUtc(options.today ?? new Date());
  const standard = await db.standard.findUniqueOrThrow({ where: { id: options.standardId } });
  const terms = assuranceTerms(options.scenario ?? "ASSURED", standard, today, new Random(7));
  return db.assuranceRecord.create({
    data: {
      id: assuranceRecordId(options.catalogueItemId ?? options.supplierId, options.standardId),
      standardId: options.standardId,
      supplierId: options.supplierId,
      catalogueItemId: options.catalogueItemId ?? null,
      ...terms,
      ...options.overrides,
    },
  });
}

// ───────── Orders and contracts ─────────

export type OrderWithContractOptions = {
  organisationId: string;
  createdById: string;
  solutionId: string;
  /** Service recipients; defaults to the ordering organisation. */
  recipientIds?: string[];
  commencementDate?: Date;
  maximumTermMonths?: number;
  contractStatus?: ContractStatus;
  today?: Date;
};

function priceSpecOf(price: Prisma.PriceGetPayload<{ include: { tiers: true } }>): PriceSpec {
  return {
    provisioningType: price.provisioningType,
    priceType: price.priceType,
    calculationType: price.calculationType,
    billingPeriod: price.billingPeriod,
    unitDescription: price.unitDescription,
    unitDefinition: price.unitDefinition,
    rangeDescription: price.rangeDescription,
    status: price.status,
    tiers: [...price.tiers]
      .sort((a, b) => a.lowerRange - b.lowerRange)
      .map((t) => ({ lowerRange: t.lowerRange, upperRange: t.upperRange, price: Number(t.price) })),
  };
}

/** A completed call-off order for one solution, with its contract. */
export async function createOrderWithContract(db: Db, options: OrderWithContractOptions) {
  const today = startOfDayUtc(options.today ?? new Date());
  const solution = await db.catalogueItem.findUniqueOrThrow({
    where: { id: options.solutionId },
    include: { prices: { where: { status: "PUBLISHED" }, include: { tiers: true } }, frameworks: true },
  });
  const price = solution.prices[0];
  if (!price) throw new Error(`${solution.id} has no published price`);
  const recipients = await db.organisation.findMany({ where: { id: { in: options.recipientIds ?? [options.organisationId] } } });
  const buyer = await db.user.findUniqueOrThrow({ where: { id: options.createdById } });
  const [callOffNumber] = await reserveCallOffNumbers(db, 1);
  const maximumTermMonths = options.maximumTermMonths ?? 24;
  const commencementDate = options.commencementDate ?? addDays(today, -30);
  const priceSpec = priceSpecOf(price);
  const orderId = `ord-${callOffNumber}-1`;
  const contractId = `con-${callOffNumber}`;
  const rows = orderRows({
    id: orderId,
    callOffNumber,
    revision: 1,
    organisationId: options.organisationId,
    createdById: buyer.id,
    description: `${solution.name} test order`,
    status: "COMPLETED",
    orderType: "NEW",
    frameworkId: solution.frameworks[0]?.frameworkId ?? "TIF001",
    supplierId: solution.supplierId,
    supplierContactId: null,
    contact: { name: buyer.name, email: buyer.email, phone: null },
    commencementDate,
    initialPeriodMonths: Math.min(12, maximumTermMonths - 1),
    maximumTermMonths,
    createdAt: addDays(commencementDate, -10),
    completedAt: addDays(commencementDate, -5),
    renewsContractId: null,
    replacesContractId: null,
    recipientIds: recipients.map((r) => r.id),
    lines: [
      {
        catalogueItemId: solution.id,
        priceId: price.id,
        price: priceSpec,
        agreedPrice: priceSpec.tiers[0].price,
        fundingType: "LOCAL",
        plannedDeliveryDate: commencementDate,
        quantities: recipients.map((r) => ({ organisationId: r.id, quantity: price.provisioningType === "PATIENT" ? r.practiceListSize ?? 1 : 1 })),
      },
    ],
    contract: {
      id: contractId,
      status: options.contractStatus ?? (contractEndDate(commencementDate, maximumTermMonths) < today ? "EXPIRED" : "ACTIVE"),
      paymentState: "INVOICED_OUTSIDE_CATALOGUE",
      solutionId: solution.id,
      renewsContractId: null,
      remindersSent: [],
      patientsCovered: recipients.reduce((sum, r) => sum + (r.practiceListSize ?? 0), 0),
    },
  });
  await insertRows(db, addRows(emptyRows(), rows));
  const order = await db.order.findUniqueOrThrow({ where: { id: orderId }, include: { items: true } });
  const contract = await db.contract.findUniqueOrThrow({ where: { id: contractId } });
  return { order, contract };
}
