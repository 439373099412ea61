import type { Prisma } from "../../generated/prisma/client";
import {
  createAssuranceRecord,
  createOrderWithContract,
  createOrganisationWithUser,
  createPublishedSolution,
  createSupplier,
  ensureReferenceData,
} from "../../seed/factories";
import { addDays, toDbDate, type DateOnly } from "~/modules/dates";
import type { Actor } from "~/utils/auth.server";
import type { Db } from "~/utils/db.server";
import { actorFor } from "./actors";

/**
 * The world the assurance-lapse tests (scan, lapse queue, flags) share: a supplier with one
 * published solution, an assurance record of a standard, and live contracts for it held by
 * GP practices whose buyers have accounts; plus the people who act on it.
 *
 *   const world = await supplierWithContracts(db, { today, standardId: "CEPLUS", record: { status: "LAPSED", … }, contracts: [{ patients: 8_000 }] });
 */

export type ContractSpec = {
  /** The practice's list size (patients covered). */
  patients?: number;
  /** Commencement, in days from `today` (negative: already running). */
  startsInDays?: number;
  termMonths?: number;
};

export type SupplierWithContracts = Awaited<ReturnType<typeof supplierWithContracts>>;

export async function supplierWithContracts(
  db: Db,
  {
    today,
    standardId,
    record,
    solutionLevel = false,
    contracts = [],
  }: {
    today: DateOnly;
    standardId: string;
    /** The record is the solution's own (a product-level standard), not the supplier's. */
    solutionLevel?: boolean;
    /** The assurance record's state (status, dates, notices), on top of the factory's. */
    record: Partial<Prisma.AssuranceRecordUncheckedCreateInput>;
    contracts?: ContractSpec[];
  },
) {
  const { supplier, contact } = await createSupplier(db);
  const { item } = await createPublishedSolution(db, { supplierId: supplier.id, today: toDbDate(today) });
  const assurance = await createAssuranceRecord(db, {
    supplierId: supplier.id,
    catalogueItemId: solutionLevel ? item.id : undefined,
    standardId,
    today: toDbDate(today),
    overrides: record,
  });
  const held: { id: string; buyerEmail: string; buyerUserId: string; organisationId: string }[] = [];
  for (const { patients, startsInDays = -60, termMonths = 24 } of contracts) {
    const practice = await createOrganisationWithUser(db, patients === undefined ? {} : { practiceListSize: patients });
    const { contract } = await createOrderWithContract(db, {
      organisationId: practice.organisation.id,
      createdById: practice.user.id,
      solutionId: item.id,
      commencementDate: toDbDate(addDays(today, startsInDays)),
      maximumTermMonths: termMonths,
      today: toDbDate(today),
    });
    held.push({ id: contract.id, buyerEmail: practice.user.email, buyerUserId: practice.user.id, organisationId: practice.organisation.id });
  }
  return {
    supplier,
    /** The supplier's primary contact: who hears about its assurance while it has no users. */
    supplierContactEmail: contact.email,
    item,
    record: assurance,
    contracts: held,
    contractIds: held.map((c) => c.id),
    buyerEmails: held.map((c) => c.buyerEmail),
  };
}

/** A record that lapsed `daysAgo` days before `today` (expired the day before), its 7-day notice sent. */
export function lapsedRecord(today: DateOnly, daysAgo = 14): Partial<Prisma.AssuranceRecordUncheckedCreateInput> {
  return {
    status: "LAPSED",
    assuredOn: toDbDate(addDays(today, -daysAgo - 366)),
    expiresOn: toDbDate(addDays(today, -daysAgo - 1)),
    lastNoticeDays: 7,
    lapsedAt: new Date(),
  };
}

/**
 * Reference data, and the people the tests act as: commercial staff (and a colleague, for two
 * staff at once), a buyer and a supplier user (who must get 403 from every staff action).
 */
export async function assurancePeople(db: Db, today: DateOnly): Promise<{ staff: Actor; colleague: Actor; buyer: Actor; supplier: Actor; staffEmail: string }> {
  await ensureReferenceData(db, toDbDate(today));
  const staffUser = (await createOrganisationWithUser(db, { type: "EXECUTIVE_AGENCY" })).user;
  const colleagueUser = (await createOrganisationWithUser(db, { type: "EXECUTIVE_AGENCY" })).user;
  const buyerUser = (await createOrganisationWithUser(db)).user;
  const { organisation } = await createSupplier(db);
  const supplierUser = await db.user.create({
    data: { email: `someone@${organisation.odsCode.toLowerCase()}.example`, name: "Supplier User", passwordHash: "x", organisationId: organisation.id, role: "SUPPLIER_ACCOUNT_MANAGER" },
  });
  return {
    staff: await actorFor(db, staffUser.id),
    colleague: await actorFor(db, colleagueUser.id),
    buyer: await actorFor(db, buyerUser.id),
    supplier: await actorFor(db, supplierUser.id),
    staffEmail: staffUser.email,
  };
}
