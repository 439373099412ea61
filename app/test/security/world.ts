import { randomBytes } from "node:crypto";
import { seedDatabase } from "../../../seed/index";
import { createAssuranceRecord, createOrderWithContract, createOrganisationWithUser, createPublishedSolution, createSupplier } from "../../../seed/factories";
import type { Db } from "~/utils/db.server";
import { signedInVisitor, Visitor, type BuiltRoute } from "../app-server";

/**
 * The world the every-route tests request: the demo catalogue and its demo accounts, plus a
 * "victim" that none of the signed-in test accounts belongs to or deals with: an ICB (QV9)
 * and its practice, with an order in progress (for supplier one's solution: a supplier must
 * not see an order before it is placed), a completed order and contract, a shortlist, a further
 * competition; and a supplier with a draft listing, prices, an assurance record and evidence.
 *
 * Every private thing about the victim carries a marker string. Only commercial staff may
 * ever receive one: the tests look for the markers in every response to everyone else,
 * whatever the route, so a leak shows up even on a route nobody thought of.
 */
const tag = randomBytes(3).toString("hex");
export const MARKERS = {
  draftOrder: `VICTIM-DRAFT-ORDER-${tag}`,
  completedOrder: `VICTIM-COMPLETED-ORDER-${tag}`,
  contactEmail: `victim.contact.${tag}@victim.nhs.net`,
  contactPhone: `+44 1632 ${String(parseInt(tag, 16) % 1_000_000).padStart(6, "0")}`,
  shortlist: `VICTIM-SHORTLIST-${tag}`,
  competition: `VICTIM-COMPETITION-${tag}`,
  exclusionReason: `VICTIM-LEFT-OUT-${tag}`,
  draftListing: `VICTIM-DRAFT-LISTING-${tag}`,
  evidenceFile: `VICTIM-EVIDENCE-${tag}.pdf`,
  certificate: `VICTIM-CERT-${tag}`,
};

/** The demo accounts the tests act as (README "Demo accounts"), and the visitor. */
export const ROLES = {
  visitor: null,
  practiceBuyer: "practice.buyer@nhs.net",
  icbBuyer: "icb.buyer@nhs.net",
  icbAccountManager: "icb.manager@nhs.net",
  supplierAccountManager: "supplier.one@example-supplier.co.uk",
  supplier: "supplier.two@example-supplier.co.uk",
  commercialStaff: "commercial@nhs.net",
} as const;
export type RoleName = keyof typeof ROLES;

export type World = Awaited<ReturnType<typeof buildWorld>>;

export async function buildWorld(db: Db) {
  await seedDatabase(db, { today: new Date(), log: () => {} });
  const supplierOf = async (email: string) => (await db.user.findUniqueOrThrow({ where: { email }, include: { organisation: true } })).organisation.supplierId!;
  const supplierOne = await supplierOf(ROLES.supplierAccountManager);

  const icb = await createOrganisationWithUser(db, { type: "ICB", odsCode: "QV9", email: `victim.icb.${tag}@nhs.net` });
  const practice = await createOrganisationWithUser(db, { type: "GP_PRACTICE", parentId: icb.organisation.id, icbId: icb.organisation.id, email: `victim.practice.${tag}@nhs.net` });
  const victimSupplier = await createSupplier(db);
  const supplierUser = await db.user.create({
    data: { email: `victim.seller.${tag}@supplier.example`, name: "Val Seller", passwordHash: "unused", role: "SUPPLIER_ACCOUNT_MANAGER", organisationId: victimSupplier.organisation.id },
  });
  const published = await createPublishedSolution(db, { supplierId: victimSupplier.supplier.id, name: `Victim Supplier Solution ${tag}` });
  const draftListing = await db.catalogueItem.create({
    data: { id: `${victimSupplier.supplier.id}-099`, kind: "SOLUTION", supplierId: victimSupplier.supplier.id, name: MARKERS.draftListing, publicationStatus: "DRAFT" },
  });
  const solutionOfOne = await db.catalogueItem.findFirstOrThrow({ where: { supplierId: supplierOne, kind: "SOLUTION", publicationStatus: "PUBLISHED" } });

  const draftOrder = await db.order.create({
    data: {
      callOffNumber: 990_101,
      revision: 1,
      organisationId: practice.organisation.id,
      createdById: practice.user.id,
      supplierId: supplierOne,
      description: MARKERS.draftOrder,
      status: "IN_PROGRESS",
      orderType: "NEW",
      orderingPartyContactName: "Vic Tim",
      orderingPartyContactEmail: MARKERS.contactEmail,
      orderingPartyContactPhone: MARKERS.contactPhone,
    },
  });
  const completed = await createOrderWithContract(db, { organisationId: practice.organisation.id, createdById: practice.user.id, solutionId: published.item.id });
  await db.order.update({ where: { id: completed.order.id }, data: { description: MARKERS.completedOrder, orderingPartyContactEmail: MARKERS.contactEmail } });
  const orderItem = await db.orderItem.findFirstOrThrow({ where: { orderId: completed.order.id } });
  const contract = await db.contract.findFirstOrThrow({ where: { orderId: completed.order.id } });
  const shortlist = await db.shortlist.create({ data: { organisationId: practice.organisation.id, createdById: practice.user.id, name: MARKERS.shortlist, query: {}, resultIdsAtSave: [] } });
  const competition = await competitionOf(db, practice.organisation.id, practice.user.id, MARKERS.competition, [published.item.id, solutionOfOne.id]);

  const standard = await db.standard.findFirstOrThrow({ orderBy: { id: "asc" } });
  const record = await createAssuranceRecord(db, { supplierId: victimSupplier.supplier.id, standardId: standard.id, catalogueItemId: published.item.id });
  const evidence = await db.evidenceDocument.create({
    data: {
      supplierId: victimSupplier.supplier.id,
      assuranceRecordId: record.id,
      fileName: MARKERS.evidenceFile,
      storageKey: randomBytes(16).toString("hex"),
      mimeType: "application/pdf",
      sizeBytes: 1234,
      sha256: "0".repeat(64),
      uploadedById: supplierUser.id,
      certificateNumber: MARKERS.certificate,
    },
  });
  const price = await db.price.findFirstOrThrow({ where: { catalogueItemId: published.item.id } });
  const revision = await db.listingRevision.findFirstOrThrow({ where: { catalogueItemId: published.item.id } });
  const capability = await db.capability.findFirstOrThrow({ orderBy: { id: "asc" }, include: { epics: { take: 1 } } });
  const framework = await db.framework.findFirstOrThrow({ orderBy: { id: "asc" } });
  const domain = await db.allowedEmailDomain.findFirstOrThrow();
  const email = await db.email.create({ data: { to: practice.user.email, subject: `Victim email ${tag}`, textBody: `Private to staff: ${MARKERS.contactEmail}` } });

  return {
    ids: {
      draftOrder: draftOrder.id,
      completedOrder: completed.order.id,
      orderItem: orderItem.id,
      contract: contract.id,
      shortlist: shortlist.id,
      competition: competition.id,
      draftListing: draftListing.id,
      publishedSolution: published.item.id,
      price: price.id,
      standard: standard.id,
      assuranceRecord: record.id,
      evidence: evidence.id,
      revision: revision.id,
      capability: capability.id,
      epic: capability.epics[0]?.id ?? "E00001",
      framework: framework.id,
      supplier: String(victimSupplier.supplier.id),
      contact: victimSupplier.contact.id,
      user: practice.user.id,
      domain: domain.id,
      email: email.id,
      solutionOfOne: solutionOfOne.id,
      competitionSolution: published.item.id,
    },
  };
}

/**
 * A further competition of the organisation, led by `leadUserId`, between the first solution and
 * the others (left out, with a reason), each priced at its first price; the criteria not yet set.
 */
async function competitionOf(db: Db, organisationId: string, leadUserId: string, name: string, [included, ...leftOut]: string[]) {
  const framework = await db.framework.findFirstOrThrow({ where: { status: "LIVE" }, orderBy: { id: "asc" } });
  const price = await db.price.findFirstOrThrow({ where: { catalogueItemId: included }, orderBy: { id: "asc" } });
  return db.competition.create({
    data: {
      organisationId,
      leadUserId,
      shortlistName: name,
      name,
      kind: "FURTHER_COMPETITION",
      frameworkId: framework.id,
      solutions: {
        create: [
          { catalogueItemId: included, position: 1, included: true, priceId: price.id },
          ...leftOut.map((catalogueItemId, i) => ({ catalogueItemId, position: i + 2, included: false, exclusionReason: `${MARKERS.exclusionReason} ${name}` })),
        ],
      },
    },
  });
}

/** Routes whose ids are public (the catalogue, the open API): anyone may read what they show. */
const PUBLIC_ID_ROUTES = /^routes\/(solutions\.\$id|api\.v1\.|compare)/;
export const hasPublicIds = (route: BuiltRoute) => PUBLIC_ID_ROUTES.test(route.id);

/**
 * Ids for a route's parameters (the victim's, or an account's own), by what the parameter names on that route. A
 * route added later with parameters nobody listed here gets ids that exist nowhere, and is
 * still requested by everyone: it must refuse or say "not found", never fail.
 */
export type Ids = World["ids"];

export function paramSets(route: BuiltRoute, ids: Ids): Record<string, string>[] {
  const names = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]);
  const splat = route.path.includes("*");
  if (names.length === 0 && !splat) return [{}];
  const area = route.id.split(".")[0].replace("routes/", "");
  const value = (name: string, variant: "draft" | "completed"): string => {
    switch (`${area}:${name}`) {
      case "buyer:orderId":
        return variant === "draft" ? ids.draftOrder : ids.completedOrder;
      case "buyer:itemId":
        return ids.orderItem;
      case "buyer:contractId":
        return ids.contract;
      case "buyer:shortlistId":
        return ids.shortlist;
      case "buyer:competitionId":
        return ids.competition;
      case "buyer:solutionId":
        return ids.competitionSolution;
      case "buyer:element":
        return "features";
      case "supplier:itemId":
        return variant === "draft" ? ids.draftListing : ids.publishedSolution;
      case "supplier:section":
        return "details";
      case "supplier:priceId":
        return ids.price;
      case "supplier:standardId":
      case "admin:standardId":
        return ids.standard;
      case "supplier:recordId":
      case "admin:recordId":
        return ids.assuranceRecord;
      case "supplier:id":
      case "admin:id":
        return ids.evidence;
      case "admin:capabilityId":
        return ids.capability;
      case "admin:epicId":
        return ids.epic;
      case "admin:frameworkId":
        return ids.framework;
      case "admin:supplierId":
        return ids.supplier;
      case "admin:contactId":
        return ids.contact;
      case "admin:userId":
        return ids.user;
      case "admin:domainId":
        return ids.domain;
      case "admin:emailId":
        return ids.email;
      case "admin:revisionId":
        return ids.revision;
      case "solutions:id":
      case "api:id":
        return ids.publishedSolution;
      case "invitations:token":
        return randomBytes(32).toString("base64url");
      default:
        return `unknown-${name}-zz9`;
    }
  };
  const build = (variant: "draft" | "completed") => Object.fromEntries([...names.map((n) => [n, value(n, variant)]), ...(splat ? [["*", "no/such/page"]] : [])]);
  const sets = [build("draft"), build("completed")];
  return JSON.stringify(sets[0]) === JSON.stringify(sets[1]) ? [sets[0]] : sets;
}

/** The route's address with `params` filled in (each value percent-encoded). */
export function addressOf(route: BuiltRoute, params: Record<string, string>): string {
  return route.path
    .replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params[name] ?? ""))
    .replace("*", params["*"] ?? "");
}

/**
 * The ids of what the accounts that may use each area own (the practice buyer's orders, supplier
 * one's listings; staff see everything, so the victim's), for requests that must get past the
 * guards to the parsing and rules behind them.
 */
export async function ownIds(db: Db, world: World): Promise<Ids> {
  const buyer = await db.user.findUniqueOrThrow({ where: { email: ROLES.practiceBuyer } });
  const supplierUser = await db.user.findUniqueOrThrow({ where: { email: ROLES.supplierAccountManager }, include: { organisation: true } });
  const supplierId = supplierUser.organisation.supplierId!;
  const draftOrder = await db.order.create({
    data: { callOffNumber: 990_201, revision: 1, organisationId: buyer.organisationId, createdById: buyer.id, description: "Own order for hostile answers", status: "IN_PROGRESS", orderType: "NEW" },
  });
  const solution = await db.catalogueItem.findFirstOrThrow({ where: { supplierId, kind: "SOLUTION", publicationStatus: "PUBLISHED" } });
  const completed = await createOrderWithContract(db, { organisationId: buyer.organisationId, createdById: buyer.id, solutionId: solution.id });
  const orderItem = await db.orderItem.findFirstOrThrow({ where: { orderId: completed.order.id } });
  const contract = await db.contract.findFirstOrThrow({ where: { orderId: completed.order.id } });
  const shortlist = await db.shortlist.create({ data: { organisationId: buyer.organisationId, createdById: buyer.id, name: "Own shortlist", query: {}, resultIdsAtSave: [] } });
  const others = await db.catalogueItem.findMany({ where: { kind: "SOLUTION", publicationStatus: "PUBLISHED", id: { not: solution.id } }, orderBy: { id: "asc" }, take: 1 });
  const competition = await competitionOf(db, buyer.organisationId, buyer.id, "Own competition", [solution.id, ...others.map((o) => o.id)]);
  const price = await db.price.findFirstOrThrow({ where: { catalogueItemId: solution.id } });
  const record = await db.assuranceRecord.findFirstOrThrow({ where: { supplierId } });
  const evidence = await db.evidenceDocument.create({
    data: { supplierId, assuranceRecordId: record.id, fileName: "own.pdf", storageKey: randomBytes(16).toString("hex"), mimeType: "application/pdf", sizeBytes: 10, sha256: "0".repeat(64), uploadedById: supplierUser.id },
  });
  return {
    ...world.ids,
    draftOrder: draftOrder.id,
    completedOrder: completed.order.id,
    orderItem: orderItem.id,
    contract: contract.id,
    shortlist: shortlist.id,
    competition: competition.id,
    competitionSolution: solution.id,
    draftListing: solution.id,
    publishedSolution: solution.id,
    price: price.id,
    standard: record.standardId,
    assuranceRecord: record.id,
    evidence: evidence.id,
  };
}

/** Who may use a route's area (the visitor for public routes): the account hostile input is sent as. */
export function entitledRole(route: BuiltRoute): RoleName {
  // Colleague pages are the account managers'.
  if (route.path.startsWith("/buyer/users") || route.path.startsWith("/buyer/account-requests")) return "icbAccountManager";
  if (route.path === "/buyer" || route.path.startsWith("/buyer/")) return "practiceBuyer";
  if (route.path === "/supplier" || route.path.startsWith("/supplier/")) return "supplierAccountManager";
  if (route.path === "/admin" || route.path.startsWith("/admin/")) return "commercialStaff";
  // Everyone has an account page and terms to accept: a buyer stands for all of them.
  if (route.path === "/account" || route.path.startsWith("/account/") || route.path === "/terms/accept") return "practiceBuyer";
  return "visitor";
}

/** A visitor for each of `roles` on the server at `baseUrl` (signed in, or the visitor), each request from a new address. */
export async function visitorsFor(db: Db, baseUrl: string, roles: readonly RoleName[]): Promise<Record<RoleName, Visitor>> {
  const visitors = {} as Record<RoleName, Visitor>;
  for (const role of roles) {
    const email = ROLES[role];
    visitors[role] = email ? await signedInVisitor(db, baseUrl, email) : await new Visitor(baseUrl).start();
    visitors[role].rotateAddress = true;
  }
  return visitors;
}
