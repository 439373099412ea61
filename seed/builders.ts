import type { Prisma } from "../generated/prisma/client";
import type {
  ApplicationType,
  AssuranceStatus,
  CalculationType,
  CapabilityAssessmentResult,
  CatalogueItemKind,
  ContractStatus,
  EpicAssessmentResult,
  HostingType,
  IntegrationRole,
  OrderFundingType,
  OrderStatus,
  OrderType,
  PaymentState,
  PracticeReorganisationType,
  PriceStatus,
  PublicationStatus,
  RevisionStatus,
} from "../generated/prisma/enums";
import { indicativeCosts, moneyToDecimalString } from "../app/modules/pricing/pricing";
import type { PriceTemplate } from "./listings";
import { addDays, addMonths, daysBetween, inBatches, money, type Db, type Random } from "./support";

/**
 * Pure builders that turn a description of a listing, an assurance or an order into table rows,
 * and one insert routine for those rows. The demo generator and the test factories both use
 * them, so seeded data and test data follow the same rules.
 */

// ───────────────────────────── Prices ─────────────────────────────

export type TierSpec = { lowerRange: number; upperRange: number | null; price: number };

export type PriceSpec = {
  provisioningType: PriceTemplate["provisioningType"];
  priceType: PriceTemplate["priceType"];
  calculationType: CalculationType;
  billingPeriod: PriceTemplate["billingPeriod"];
  unitDescription: string;
  unitDefinition: string | null;
  rangeDescription: string | null;
  status: PriceStatus;
  tiers: TierSpec[];
};

/** Tiers start at 1, have no gaps, and the last is open-ended (domain.md). */
export function tiersFromBounds(upperBounds: number[], prices: number[]): TierSpec[] {
  if (prices.length !== upperBounds.length + 1) throw new Error("one price per tier");
  return prices.map((price, i) => ({
    lowerRange: i === 0 ? 1 : upperBounds[i - 1] + 1,
    upperRange: i < upperBounds.length ? upperBounds[i] : null,
    price,
  }));
}

export function priceFromTemplate(template: PriceTemplate, rng: Random, status: PriceStatus = "PUBLISHED"): PriceSpec {
  const first = rng.amount(template.price[0], template.price[1], template.price[1] < 1 ? 4 : 2);
  const bounds = template.priceType === "TIERED" ? template.tierUpperBounds ?? [] : [];
  // A single-fixed tier is a package fee that grows with the tier; per-unit tiers get cheaper.
  const step = template.calculationType === "SINGLE_FIXED" ? rng.amount(1.4, 1.8) : rng.amount(0.85, 0.95);
  const prices = [first];
  for (let i = 0; i < bounds.length; i++) prices.push(Math.round(prices[i] * step * 10_000) / 10_000);
  return {
    provisioningType: template.provisioningType,
    priceType: template.priceType,
    calculationType: template.calculationType,
    billingPeriod: template.billingPeriod,
    unitDescription: template.unitDescription,
    unitDefinition: template.unitDefinition ?? null,
    rangeDescription: template.rangeDescription ?? null,
    status,
    tiers: tiersFromBounds(bounds, prices),
  };
}

/** The price as shown to buyers and frozen into listing revisions and order items. */
export function priceSnapshot(priceId: string, price: PriceSpec) {
  return {
    id: priceId,
    provisioningType: price.provisioningType,
    priceType: price.priceType,
    calculationType: price.calculationType,
    billingPeriod: price.billingPeriod,
    unitDescription: price.unitDescription,
    unitDefinition: price.unitDefinition,
    rangeDescription: price.rangeDescription,
    currency: "GBP",
    tiers: price.tiers.map((t) => ({ lowerRange: t.lowerRange, upperRange: t.upperRange, price: money(t.price) })),
  };
}

export type PriceSnapshot = ReturnType<typeof priceSnapshot>;

// ───────────────────────────── Listings ─────────────────────────────

export type CapabilityClaim = {
  capabilityId: string;
  result: CapabilityAssessmentResult;
  epics: { epicId: string; result: EpicAssessmentResult }[];
};

export type ListingSpec = {
  id: string;
  kind: CatalogueItemKind;
  supplierId: number;
  parentSolutionId: string | null;
  name: string;
  publicationStatus: PublicationStatus;
  summary: string;
  description: string;
  features: string[];
  implementationTimescales: string | null;
  serviceLevels: string | null;
  roadmap: string | null;
  aboutUrl: string | null;
  orderGuidance: string | null;
  practiceReorganisation: PracticeReorganisationType | null;
  capabilities: CapabilityClaim[];
  integrations: { integrationTypeId: string; role: IntegrationRole; description: string }[];
  hostingTypes: { hostingType: HostingType; summary: string; hscnRequired: boolean }[];
  applicationTypes: { applicationType: ApplicationType; description: string }[];
  frameworks: { frameworkId: string; isFoundation: boolean }[];
  prices: PriceSpec[];
  createdAt: Date;
  /** When the current published revision was approved; null for items never published. */
  publishedAt: Date | null;
  withdrawnAt: Date | null;
  withdrawnReason: string | null;
  remediationDeadline: Date | null;
  authorId: string | null;
  reviewerId: string | null;
  /** A revision being worked on or reviewed on top of the published one (or the first one for drafts). */
  openRevision: { status: Extract<RevisionStatus, "DRAFT" | "SUBMITTED" | "CHANGES_REQUESTED">; summary: string; reviewComments?: string[] } | null;
};

export const priceId = (itemId: string, index: number) => `${itemId}-p${index + 1}`;
export const revisionId = (itemId: string, number: number) => `${itemId}-r${number}`;

/** The immutable snapshot stored in ListingRevision.content: everything a buyer sees on the listing. */
export function listingContent(spec: ListingSpec, overrides: { summary?: string } = {}) {
  return {
    schemaVersion: 1,
    id: spec.id,
    kind: spec.kind,
    supplierId: spec.supplierId,
    parentSolutionId: spec.parentSolutionId,
    name: spec.name,
    summary: overrides.summary ?? spec.summary,
    description: spec.description,
    features: spec.features,
    implementationTimescales: spec.implementationTimescales,
    serviceLevels: spec.serviceLevels,
    roadmap: spec.roadmap,
    aboutUrl: spec.aboutUrl,
    orderGuidance: spec.orderGuidance,
    practiceReorganisation: spec.practiceReorganisation,
    capabilities: spec.capabilities,
    integrations: spec.integrations,
    hostingTypes: spec.hostingTypes,
    applicationTypes: spec.applicationTypes,
    frameworks: spec.frameworks,
    prices: spec.prices.flatMap((p, i) => (p.status === "PUBLISHED" ? [priceSnapshot(priceId(spec.id, i), p)] : [])),
  };
}

export type ListingContent = ReturnType<typeof listingContent>;

// ───────────────────────────── Assurance ─────────────────────────────

/** REMEDIATION_FAILED is IN_REMEDIATION whose deadline has passed: the trigger for termination flags. */
export type AssuranceScenario = "ASSURED" | "EXPIRING" | "LAPSED" | "IN_REMEDIATION" | "REMEDIATION_FAILED";

export const EXPIRY_NOTICE_DAYS = [60, 30, 7] as const;

type AssuranceTerms = {
  status: AssuranceStatus;
  assuredOn: Date;
  expiresOn: Date | null;
  lastNoticeDays: number | null;
  lapsedAt: Date | null;
  remediationPlan: string | null;
  remediationDeadline: Date | null;
};

/** The most recent "MM-DD" deadline strictly before `date`, or the next one on or after it. */
function annualDeadlineNear(date: Date, monthDay: string, direction: "before" | "onOrAfter"): Date {
  const [month, day] = monthDay.split("-").map(Number);
  const year = date.getUTCFullYear();
  for (const y of direction === "before" ? [year, year - 1] : [year, year + 1]) {
    const candidate = new Date(Date.UTC(y, month - 1, day));
    if (direction === "before" ? candidate < date : candidate >= date) return candidate;
  }
  throw new Error("unreachable");
}

/**
 * Dates and status of an assurance in the given scenario, relative to `today`. Standards
 * without a cycle never expire (expiresOn null) and are always assured.
 */
export function assuranceTerms(
  scenario: AssuranceScenario,
  standard: { cycleMonths: number | null; annualDeadline: string | null; warningWindowDays?: number },
  today: Date,
  rng: Random,
): AssuranceTerms {
  const none = { lastNoticeDays: null, lapsedAt: null, remediationPlan: null, remediationDeadline: null };
  const window = standard.warningWindowDays ?? 60;
  if (standard.cycleMonths === null) {
    if (scenario !== "ASSURED") throw new Error("only cycle assurances can expire");
    return { status: "ASSURED", assuredOn: addDays(today, -rng.int(30, 700)), expiresOn: null, ...none };
  }
  const cycle = standard.cycleMonths;
  const assuredBefore = (expiresOn: Date) => {
    const fromCycle = addDays(addMonths(expiresOn, -cycle), rng.int(0, 20));
    const latest = addDays(today, -rng.int(1, 20));
    return fromCycle < latest ? fromCycle : latest;
  };
  switch (scenario) {
    case "ASSURED": {
      const expiresOn = standard.annualDeadline
        ? annualDeadlineNear(addDays(today, window + 1), standard.annualDeadline, "onOrAfter")
        : addDays(today, rng.int(window + 1, cycle * 30));
      return { status: "ASSURED", assuredOn: assuredBefore(expiresOn), expiresOn, ...none };
    }
    case "EXPIRING": {
      const daysLeft = rng.int(5, window - 1);
      const expiresOn = addDays(today, daysLeft);
      const lastNoticeDays = [...EXPIRY_NOTICE_DAYS].reverse().find((d) => daysLeft <= d) ?? null;
      return { status: "EXPIRING", assuredOn: assuredBefore(expiresOn), expiresOn, ...none, lastNoticeDays };
    }
    case "LAPSED": {
      const expiresOn = standard.annualDeadline
        ? annualDeadlineNear(today, standard.annualDeadline, "before")
        : addDays(today, -rng.int(3, 45));
      return { status: "LAPSED", assuredOn: addMonths(expiresOn, -cycle), expiresOn, ...none, lastNoticeDays: 7, lapsedAt: addDays(expiresOn, 1) };
    }
    case "IN_REMEDIATION":
    case "REMEDIATION_FAILED": {
      const failed = scenario === "REMEDIATION_FAILED";
      const expiresOn = addDays(today, -rng.int(failed ? 70 : 30, failed ? 120 : 60));
      return {
        status: "IN_REMEDIATION",
        assuredOn: addMonths(expiresOn, -cycle),
        expiresOn,
        lastNoticeDays: 7,
        lapsedAt: addDays(expiresOn, 1),
        remediationPlan: "Supplier to complete the outstanding actions from the assessment and submit new evidence for review.",
        remediationDeadline: failed ? addDays(today, -rng.int(3, 14)) : addDays(today, rng.int(21, 60)),
      };
    }
  }
}

export const assuranceRecordId = (subject: string | number, standardId: string) => `asr-${subject}-${standardId}`;

// ───────────────────────────── Orders and contracts ─────────────────────────────

export type OrderLineSpec = {
  catalogueItemId: string;
  priceId: string;
  price: PriceSpec;
  /** Agreed price of the first tier; never above the list price. */
  agreedPrice: number;
  fundingType: OrderFundingType;
  plannedDeliveryDate: Date | null;
  quantities: { organisationId: string; quantity: number }[];
};

export type ContractSpec = {
  id: string;
  status: ContractStatus;
  paymentState: PaymentState;
  solutionId: string;
  renewsContractId: string | null;
  remindersSent: number[];
  patientsCovered: number;
  terminationReason?: string | null;
  terminatedOn?: Date | null;
};

export type OrderSpec = {
  id: string;
  callOffNumber: number;
  revision: number;
  organisationId: string;
  createdById: string;
  description: string;
  status: OrderStatus;
  orderType: OrderType;
  frameworkId: string;
  supplierId: number;
  supplierContactId: string | null;
  contact: { name: string; email: string; phone: string | null };
  commencementDate: Date;
  initialPeriodMonths: number;
  maximumTermMonths: number;
  createdAt: Date;
  completedAt: Date | null;
  renewsContractId: string | null;
  replacesContractId: string | null;
  recipientIds: string[];
  lines: OrderLineSpec[];
  contract: ContractSpec | null;
};

/** Contract end date: commencement + maximum term − 1 day (domain.md). */
export const contractEndDate = (commencementDate: Date, maximumTermMonths: number) =>
  addDays(addMonths(commencementDate, maximumTermMonths), -1);

/** Indicative totals: one-off costs + monthly cost × maximum term. */
export function orderValues(lines: OrderLineSpec[], maximumTermMonths: number) {
  const costs = indicativeCosts(
    lines.map((line) => ({ price: line.price, quantity: line.quantities.reduce((sum, q) => sum + q.quantity, 0), agreedPrice: line.agreedPrice })),
    maximumTermMonths,
  );
  return { annualValue: moneyToDecimalString(costs.yearly), totalValue: moneyToDecimalString(costs.total) };
}

export const callOffId = (callOffNumber: number, revision: number) =>
  `C${String(callOffNumber).padStart(6, "0")}-${String(revision).padStart(2, "0")}`;

// ───────────────────────────── Rows and their insertion ─────────────────────────────

export type SeedRows = {
  suppliers: Prisma.SupplierCreateManyInput[];
  supplierContacts: Prisma.SupplierContactCreateManyInput[];
  organisations: Prisma.OrganisationCreateManyInput[];
  users: Prisma.UserCreateManyInput[];
  catalogueItems: Prisma.CatalogueItemCreateManyInput[];
  listingRevisions: Prisma.ListingRevisionCreateManyInput[];
  solutionCapabilities: Prisma.SolutionCapabilityCreateManyInput[];
  solutionEpics: Prisma.SolutionEpicCreateManyInput[];
  solutionIntegrations: Prisma.SolutionIntegrationCreateManyInput[];
  solutionHostingTypes: Prisma.SolutionHostingTypeCreateManyInput[];
  solutionApplicationTypes: Prisma.SolutionApplicationTypeCreateManyInput[];
  frameworkSolutions: Prisma.FrameworkSolutionCreateManyInput[];
  prices: Prisma.PriceCreateManyInput[];
  priceTiers: Prisma.PriceTierCreateManyInput[];
  assuranceRecords: Prisma.AssuranceRecordCreateManyInput[];
  orders: Prisma.OrderCreateManyInput[];
  orderItems: Prisma.OrderItemCreateManyInput[];
  orderRecipients: Prisma.OrderRecipientCreateManyInput[];
  orderItemRecipientQuantities: Prisma.OrderItemRecipientQuantityCreateManyInput[];
  orderMilestones: Prisma.OrderMilestoneCreateManyInput[];
  contracts: Prisma.ContractCreateManyInput[];
  terminationFlags: Prisma.TerminationFlagCreateManyInput[];
  terminationNotices: Prisma.TerminationNoticeCreateManyInput[];
  shortlists: Prisma.ShortlistCreateManyInput[];
};

export function emptyRows(): SeedRows {
  return {
    suppliers: [], supplierContacts: [], organisations: [], users: [], catalogueItems: [], listingRevisions: [],
    solutionCapabilities: [], solutionEpics: [], solutionIntegrations: [], solutionHostingTypes: [],
    solutionApplicationTypes: [], frameworkSolutions: [], prices: [], priceTiers: [], assuranceRecords: [],
    orders: [], orderItems: [], orderRecipients: [], orderItemRecipientQuantities: [], orderMilestones: [],
    contracts: [], terminationFlags: [], terminationNotices: [], shortlists: [],
  };
}

export function addRows(target: SeedRows, source: Partial<SeedRows>): SeedRows {
  for (const key of Object.keys(source) as (keyof SeedRows)[]) {
    const rows = source[key] as unknown[] | undefined;
    if (rows) for (const row of rows) (target[key] as unknown[]).push(row);
  }
  return target;
}

export function listingRows(spec: ListingSpec): Partial<SeedRows> {
  const published = spec.publishedAt !== null;
  const revisions: Prisma.ListingRevisionCreateManyInput[] = [];
  if (published) {
    revisions.push({
      id: revisionId(spec.id, 1),
      catalogueItemId: spec.id,
      number: 1,
      status: "APPROVED",
      content: listingContent(spec),
      createdById: spec.authorId,
      submittedAt: addDays(spec.publishedAt!, -3),
      reviewedAt: spec.publishedAt,
      reviewedById: spec.reviewerId,
      createdAt: addDays(spec.publishedAt!, -10),
    });
  }
  if (spec.openRevision) {
    const number = revisions.length + 1;
    const status = spec.openRevision.status;
    const changed = spec.openRevision.summary;
    revisions.push({
      id: revisionId(spec.id, number),
      catalogueItemId: spec.id,
      number,
      status,
      content: listingContent(spec, { summary: changed }),
      createdById: spec.authorId,
      submittedAt: status === "DRAFT" ? null : addDays(spec.createdAt, 1),
      reviewedAt: status === "CHANGES_REQUESTED" ? addDays(spec.createdAt, 2) : null,
      reviewedById: status === "CHANGES_REQUESTED" ? spec.reviewerId : null,
      reviewComments: spec.openRevision.reviewComments ? { comments: spec.openRevision.reviewComments } : undefined,
      createdAt: spec.createdAt,
    });
  }

  const prices = spec.prices.map((p, i): Prisma.PriceCreateManyInput => ({
    id: priceId(spec.id, i),
    catalogueItemId: spec.id,
    provisioningType: p.provisioningType,
    priceType: p.priceType,
    calculationType: p.calculationType,
    billingPeriod: p.billingPeriod,
    unitDescription: p.unitDescription,
    unitDefinition: p.unitDefinition,
    rangeDescription: p.rangeDescription,
    status: p.status,
    createdAt: spec.createdAt,
  }));

  return {
    catalogueItems: [
      {
        id: spec.id,
        kind: spec.kind,
        supplierId: spec.supplierId,
        parentSolutionId: spec.parentSolutionId,
        name: spec.name,
        publicationStatus: spec.publicationStatus,
        publishedRevisionId: published ? revisionId(spec.id, 1) : null,
        publishedAt: spec.publishedAt,
        summary: spec.summary,
        description: spec.description,
        features: spec.features,
        implementationTimescales: spec.implementationTimescales,
        serviceLevels: spec.serviceLevels,
        roadmap: spec.roadmap,
        aboutUrl: spec.aboutUrl,
        orderGuidance: spec.orderGuidance,
        practiceReorganisation: spec.practiceReorganisation,
        withdrawnAt: spec.withdrawnAt,
        withdrawnReason: spec.withdrawnReason,
        remediationDeadline: spec.remediationDeadline,
        createdAt: spec.createdAt,
      },
    ],
    listingRevisions: revisions,
    solutionCapabilities: spec.capabilities.map((c) => ({ catalogueItemId: spec.id, capabilityId: c.capabilityId, assessmentResult: c.result })),
    solutionEpics: spec.capabilities.flatMap((c) => c.epics.map((e) => ({ catalogueItemId: spec.id, epicId: e.epicId, result: e.result }))),
    solutionIntegrations: spec.integrations.map((integration, i) => ({ id: `${spec.id}-i${i + 1}`, catalogueItemId: spec.id, ...integration })),
    solutionHostingTypes: spec.hostingTypes.map((h) => ({ catalogueItemId: spec.id, ...h })),
    solutionApplicationTypes: spec.applicationTypes.map((a) => ({ catalogueItemId: spec.id, ...a })),
    frameworkSolutions: spec.frameworks.map((f) => ({ catalogueItemId: spec.id, ...f })),
    prices,
    priceTiers: spec.prices.flatMap((p, i) =>
      p.tiers.map((t, j) => ({ id: `${priceId(spec.id, i)}-t${j + 1}`, priceId: priceId(spec.id, i), lowerRange: t.lowerRange, upperRange: t.upperRange, price: money(t.price) })),
    ),
  };
}

const COMPLETED_PROGRESS = { prepare: "COMPLETED", items: "COMPLETED", implementation: "COMPLETED", review: "COMPLETED" };

export function orderRows(spec: OrderSpec): Partial<SeedRows> {
  const values = orderValues(spec.lines, spec.maximumTermMonths);
  const endDate = contractEndDate(spec.commencementDate, spec.maximumTermMonths);
  const items = spec.lines.map((line, i): Prisma.OrderItemCreateManyInput => ({
    id: `${spec.id}-item${i + 1}`,
    orderId: spec.id,
    catalogueItemId: line.catalogueItemId,
    priceId: line.priceId,
    priceSnapshot: priceSnapshot(line.priceId, line.price),
    agreedPrice: money(line.agreedPrice),
    fundingType: line.fundingType,
    estimationPeriod: line.price.billingPeriod === "ONE_OFF" ? null : line.price.billingPeriod,
    plannedDeliveryDate: line.plannedDeliveryDate,
    createdAt: spec.createdAt,
  }));
  const completed = spec.status !== "IN_PROGRESS";
  return {
    orders: [
      {
        id: spec.id,
        callOffNumber: spec.callOffNumber,
        revision: spec.revision,
        organisationId: spec.organisationId,
        createdById: spec.createdById,
        description: spec.description,
        status: spec.status,
        orderType: spec.orderType,
        frameworkId: spec.frameworkId,
        supplierId: spec.supplierId,
        supplierContactId: spec.supplierContactId,
        orderingPartyContactName: spec.contact.name,
        orderingPartyContactEmail: spec.contact.email,
        orderingPartyContactPhone: spec.contact.phone,
        commencementDate: spec.commencementDate,
        initialPeriodMonths: spec.initialPeriodMonths,
        maximumTermMonths: spec.maximumTermMonths,
        renewsContractId: spec.renewsContractId,
        replacesContractId: spec.replacesContractId,
        completedAt: spec.completedAt,
        completionKey: spec.completedAt ? `seed-${spec.id}` : null,
        progress: completed ? COMPLETED_PROGRESS : { prepare: "COMPLETED", items: "IN_PROGRESS" },
        createdAt: spec.createdAt,
      },
    ],
    orderItems: items,
    orderRecipients: spec.recipientIds.map((organisationId) => ({ orderId: spec.id, organisationId })),
    orderItemRecipientQuantities: spec.lines.flatMap((line, i) =>
      line.quantities.map((q) => ({ orderItemId: items[i].id!, organisationId: q.organisationId, quantity: q.quantity, deliveryDate: line.plannedDeliveryDate })),
    ),
    orderMilestones: completed
      ? [
          { id: `${spec.id}-m1`, orderId: spec.id, sequence: 1, title: "Go live", description: "The solution is live at every service recipient.", paymentTrigger: true, dueOn: spec.commencementDate },
          { id: `${spec.id}-m2`, orderId: spec.id, sequence: 2, title: "Service stable", description: "Ten working days of stable service after go-live.", paymentTrigger: false, dueOn: addDays(spec.commencementDate, 14) },
        ]
      : [],
    contracts: spec.contract
      ? [
          {
            id: spec.contract.id,
            orderId: spec.id,
            callOffNumber: spec.callOffNumber,
            organisationId: spec.organisationId,
            supplierId: spec.supplierId,
            solutionId: spec.contract.solutionId,
            frameworkId: spec.frameworkId,
            startDate: spec.commencementDate,
            endDate,
            status: spec.contract.status,
            renewsContractId: spec.contract.renewsContractId,
            paymentState: spec.contract.paymentState,
            annualValue: values.annualValue,
            totalValue: values.totalValue,
            patientsCovered: spec.contract.patientsCovered,
            remindersSent: spec.contract.remindersSent,
            terminationReason: spec.contract.terminationReason ?? null,
            terminatedOn: spec.contract.terminatedOn ?? null,
            createdAt: spec.completedAt ?? spec.createdAt,
          },
        ]
      : [],
  };
}

/** Days-before-end reminders already due for a contract ending on `endDate` (90/45, or 30/14 under 3 months). */
export function remindersDue(startDate: Date, endDate: Date, today: Date): number[] {
  const short = daysBetween(startDate, endDate) < 90;
  const left = daysBetween(today, endDate);
  return (short ? [30, 14] : [90, 45]).filter((d) => left <= d);
}

/** Reserves `count` call-off numbers from the database sequence, in order. */
export async function reserveCallOffNumbers(db: Db, count: number): Promise<number[]> {
  if (count === 0) return [];
  const rows = await db.$queryRawUnsafe<{ n: bigint }[]>(
    "SELECT nextval('orders_call_off_number_seq') AS n FROM generate_series(1, $1::int)",
    count,
  );
  return rows.map((r) => Number(r.n)).sort((a, b) => a - b);
}

/** Field → column: the schema maps every field to its snake_case name (addressLine1 → address_line_1). */
const columnNames = new Map<string, string>();
function columnFor(field: string): string {
  let column = columnNames.get(field);
  if (column === undefined) {
    column = field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`).replace(/(\d+)/g, "_$1");
    columnNames.set(field, column);
  }
  return column;
}

const tableColumns = new Map<string, Promise<Set<string>>>();
function columnsOf(db: Db, table: string): Promise<Set<string>> {
  let columns = tableColumns.get(table);
  if (!columns) {
    columns = db
      .$queryRawUnsafe<{ column_name: string }[]>(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1",
        table,
      )
      .then((rows) => new Set(rows.map((r) => r.column_name)));
    tableColumns.set(table, columns);
  }
  return columns;
}

/**
 * One INSERT … SELECT FROM json_populate_recordset per batch. createMany builds and binds
 * every value separately in the client, which made a 10,000-solution seed take tens of
 * minutes; this sends each batch as a single JSON parameter and lets PostgreSQL convert it.
 * Columns absent from every row keep their database default; updated_at (set by the Prisma
 * client, not the database) is filled with now().
 */
async function bulkInsert(db: Db, table: string, rows: readonly object[]): Promise<void> {
  const columns = await columnsOf(db, table);
  const names = new Set<string>();
  const records = rows.map((row) => {
    const record: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(row)) {
      const column = columnFor(field);
      names.add(column);
      record[column] = value;
    }
    return record;
  });
  const unknown = [...names].filter((name) => !columns.has(name));
  if (unknown.length > 0) throw new Error(`${table} has no column ${unknown.join(", ")}`);
  const list = [...names].map((name) => `"${name}"`);
  const values = [...list];
  if (columns.has("updated_at") && !names.has("updated_at")) {
    list.push('"updated_at"');
    values.push("now()");
  }
  await db.$executeRawUnsafe(
    `INSERT INTO "${table}" (${list.join(", ")}) SELECT ${values.join(", ")} FROM json_populate_recordset(NULL::"${table}", $1::json)`,
    JSON.stringify(records),
  );
}

/**
 * Inserts rows in foreign-key order. Circular links (an item's published revision, an
 * order's renewed or replaced contract) are written after both sides exist.
 */
export async function insertRows(db: Db, rows: SeedRows, log: (message: string) => void = () => {}): Promise<void> {
  const step = async <T extends object>(table: string, data: readonly T[], insert: (batch: T[]) => Promise<unknown> = (batch) => bulkInsert(db, table, batch)) => {
    if (data.length === 0) return;
    const started = Date.now();
    await inBatches(data, insert, 2000);
    log(`  ${table}: ${data.length} (${Date.now() - started} ms)`);
  };
  const parentsFirst = <T>(data: T[], hasParent: (row: T) => boolean) => [...data.filter((r) => !hasParent(r)), ...data.filter(hasParent)];
  const organisationDepth = (o: Prisma.OrganisationCreateManyInput) => (o.parentId ? (o.type === "GP_PRACTICE" ? 2 : 1) : 0);

  await step("suppliers", rows.suppliers);
  await step("supplier_contacts", rows.supplierContacts);
  await step("organisations", [...rows.organisations].sort((a, b) => organisationDepth(a) - organisationDepth(b)));
  await step("users", rows.users);
  await step("catalogue_items", parentsFirst(rows.catalogueItems, (i) => !!i.parentSolutionId).map((i) => ({ ...i, publishedRevisionId: null })));
  await step("listing_revisions", rows.listingRevisions);
  await step("catalogue_items (published revisions)", rows.catalogueItems.filter((i) => i.publishedRevisionId), (batch) =>
    db.$executeRawUnsafe(
      `UPDATE catalogue_items AS c SET published_revision_id = v.revision_id
         FROM unnest($1::text[], $2::text[]) AS v(item_id, revision_id) WHERE c.id = v.item_id`,
      batch.map((i) => i.id),
      batch.map((i) => i.publishedRevisionId),
    ),
  );
  await step("solution_capabilities", rows.solutionCapabilities);
  await step("solution_epics", rows.solutionEpics);
  await step("solution_integrations", rows.solutionIntegrations);
  await step("solution_hosting_types", rows.solutionHostingTypes);
  await step("solution_application_types", rows.solutionApplicationTypes);
  await step("framework_solutions", rows.frameworkSolutions);
  await step("prices", rows.prices);
  await step("price_tiers", rows.priceTiers);
  await step("assurance_records", rows.assuranceRecords);
  await step("orders", rows.orders.map((o) => ({ ...o, renewsContractId: null, replacesContractId: null })));
  await step("order_items", rows.orderItems);
  await step("order_recipients", rows.orderRecipients);
  await step("order_item_recipient_quantities", rows.orderItemRecipientQuantities);
  await step("order_milestones", rows.orderMilestones);
  await step("contracts", parentsFirst(rows.contracts, (c) => !!c.renewsContractId));
  await step("orders (contract links)", rows.orders.filter((o) => o.renewsContractId || o.replacesContractId), (batch) =>
    db.$executeRawUnsafe(
      `UPDATE orders AS o SET renews_contract_id = v.renews, replaces_contract_id = v.replaces
         FROM unnest($1::text[], $2::text[], $3::text[]) AS v(order_id, renews, replaces) WHERE o.id = v.order_id`,
      ...(["id", "renewsContractId", "replacesContractId"] as const).map((field) =>
        batch.map((o) => o[field] ?? null),
      ),
    ),
  );
  await step("termination_flags", rows.terminationFlags);
  await step("termination_notices", rows.terminationNotices);
  await step("shortlists", rows.shortlists);
}
