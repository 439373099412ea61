import { z } from "zod";
import type { AccountRequestStatus, UserRole } from "../../../generated/prisma/client";
import { recordAudit } from "~/modules/audit/audit.server";
import { consume, RATE_LIMITS, type RateLimitDecision } from "~/modules/rate-limits/rate-limits.server";
import { emailAddressSchema, emailDomainAllowed, sendInvitation } from "~/modules/users/colleagues.server";
import { rolesForOrganisationType, USER_EMAIL_DOMAIN_REFUSED } from "~/modules/users/user-rules";
import { queueEmail } from "~/services/email/index.server";
import { emailTemplate } from "~/services/email/templates";
import type { Actor } from "~/utils/auth.server";
import { isUniqueViolation, type Db, type DbClient } from "~/utils/db.server";
import { appUrl } from "~/utils/env.server";
import { roleLabel, scopeFor } from "~/utils/permissions";

/**
 * Requests for an account (issue 14). Anyone may ask, on the public form, for an account at an
 * organisation found by its ODS code. The organisation's account managers decide (commercial
 * staff where it has none, and staff may decide any); approving sends the ordinary invitation,
 * declining tells the person why. One request per address waits at a time (a partial unique
 * index). Someone who already has an account is not told so on the page, which would let the
 * form find out who has one: they are emailed instead.
 */
export const REQUESTABLE_ROLES = ["BUYER", "ACCOUNT_MANAGER", "SUPPLIER", "SUPPLIER_ACCOUNT_MANAGER"] as const satisfies readonly UserRole[];

export const accountRequestSchema = z.object({
  name: z.string({ error: "Enter your full name" }).trim().min(1, "Enter your full name").max(100, "Name must be 100 characters or fewer"),
  email: emailAddressSchema,
  odsCode: z
    .string({ error: "Enter your organisation's ODS code" })
    .trim()
    .toUpperCase()
    .min(1, "Enter your organisation's ODS code")
    .max(20, "ODS codes are 20 characters or fewer")
    .regex(/^[A-Z0-9-]+$/, "An ODS code is letters, numbers and hyphens, like A81001 or QE1"),
  role: z.enum(REQUESTABLE_ROLES, { error: "Select what you need to do" }),
  reason: z.string().trim().max(500, "Why you need an account must be 500 characters or fewer").optional().default(""),
});

export type AccountRequestInput = z.infer<typeof accountRequestSchema>;

export type SubmitRequestResult =
  | { ok: true }
  | { ok: false; field: "email" | "odsCode" | "role"; message: string }
  | { ok: false; field: "form"; message: string; limited: Extract<RateLimitDecision, { allowed: false }> };

const requestReceived = emailTemplate((p: { name: string; organisation: string; role: string; decider: string }) => ({
  subject: "Your request for a Buying Catalogue account",
  greeting: `Dear ${p.name},`,
  paragraphs: [
    `We have your request for an account at ${p.organisation} as ${p.role.toLowerCase()}. ${p.decider} will decide, and you will get an email either way.`,
    "If you did not ask for an account, you can ignore this email.",
  ],
}));

const alreadyHaveAccount = emailTemplate((p: { name: string }) => ({
  subject: "You already have a Buying Catalogue account",
  greeting: `Dear ${p.name},`,
  paragraphs: [
    "Someone asked for a Buying Catalogue account with this email address, which already has one. If it was you, log in, or reset your password if you have forgotten it.",
    "If it was not you, you can ignore this email.",
  ],
  link: { text: "Reset your password", url: appUrl("/forgotten-password") },
}));

const requestToDecide = emailTemplate((p: { name: string; email: string; organisation: string; role: string; url: string }) => ({
  subject: `Account request: ${p.name} at ${p.organisation}`,
  paragraphs: [`${p.name} (${p.email}) asked for an account at ${p.organisation} as ${p.role.toLowerCase()}. Approve it to send them an invitation, or decline it with a reason.`],
  link: { text: "Decide the request", url: p.url },
}));

const requestDeclined = emailTemplate((p: { name: string; organisation: string; reason: string }) => ({
  subject: "Your request for a Buying Catalogue account was declined",
  greeting: `Dear ${p.name},`,
  paragraphs: [`Your request for an account at ${p.organisation} was declined, for this reason:`, p.reason, "If you think this is wrong, contact your organisation's account manager or the Buying Catalogue team."],
}));

/** Who decides requests for an organisation: its active account managers, or else commercial staff. */
async function decidersOf(db: DbClient, organisation: { id: string; type: string }) {
  const managerRole: UserRole = organisation.type === "SUPPLIER" ? "SUPPLIER_ACCOUNT_MANAGER" : "ACCOUNT_MANAGER";
  const managers = await db.user.findMany({ where: { organisationId: organisation.id, role: managerRole, isActive: true }, select: { email: true } });
  if (managers.length > 0) return { emails: managers.map((m) => m.email), who: "Your organisation's account manager", path: organisation.type === "SUPPLIER" ? "/supplier/account-requests" : "/buyer/account-requests" };
  const staff = await db.user.findMany({ where: { role: "AUTHORITY", isActive: true }, select: { email: true } });
  return { emails: staff.map((s) => s.email), who: "The Buying Catalogue team", path: "/admin/account-requests" };
}

export async function submitAccountRequest(db: Db, input: AccountRequestInput, context: { network: string; ip: string }, now = new Date()): Promise<SubmitRequestResult> {
  const limit = await consume(db, context.network, RATE_LIMITS.accountRequestsPerNetwork, now);
  if (!limit.allowed) return { ok: false, field: "form", message: "There have been too many account requests from your network.", limited: limit };
  const organisation = await db.organisation.findUnique({ where: { odsCode: input.odsCode }, select: { id: true, name: true, type: true } });
  if (!organisation) return { ok: false, field: "odsCode", message: `No organisation in the Buying Catalogue has the ODS code ${input.odsCode}. Check it with your practice manager or ICB, or contact the Buying Catalogue team` };
  if (!rolesForOrganisationType(organisation.type).includes(input.role)) {
    return { ok: false, field: "role", message: organisation.type === "SUPPLIER" ? `${organisation.name} is a supplier: select supplier or supplier account manager` : `${organisation.name} buys through the catalogue: select buyer or account manager` };
  }
  if (!(await emailDomainAllowed(db, input.email, organisation.type))) return { ok: false, field: "email", message: USER_EMAIL_DOMAIN_REFUSED };

  const existing = await db.user.findUnique({ where: { email: input.email }, select: { id: true, name: true } });
  if (existing) {
    await queueEmail(db, { to: input.email, ...alreadyHaveAccount({ name: existing.name }), dedupeKey: `account-request-existing:${existing.id}:${now.toISOString().slice(0, 10)}` });
    return { ok: true };
  }
  try {
    await db.$transaction(async (tx) => {
      const request = await tx.accountRequest.create({ data: { name: input.name, email: input.email, organisationId: organisation.id, role: input.role, reason: input.reason || null, ip: context.ip } });
      await recordAudit(tx, { actor: null, action: "accountRequest.create", objectType: "AccountRequest", objectId: request.id, after: { email: input.email, organisationId: organisation.id, role: input.role }, ip: context.ip });
      const deciders = await decidersOf(tx, organisation);
      for (const to of deciders.emails) {
        await queueEmail(tx, { to, ...requestToDecide({ name: input.name, email: input.email, organisation: organisation.name, role: roleLabel(input.role), url: appUrl(deciders.path) }), dedupeKey: `account-request:${request.id}:${to}` });
      }
      await queueEmail(tx, { to: input.email, ...requestReceived({ name: input.name, organisation: organisation.name, role: roleLabel(input.role), decider: deciders.who }), dedupeKey: `account-request-received:${request.id}` });
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return { ok: false, field: "email", message: "A request for an account with this email address is already waiting for a decision. You will get an email when it is decided" };
  }
  return { ok: true };
}

/** The requests `actor` may decide: their own organisation's, or any for commercial staff. */
function decidable(actor: Actor) {
  const scope = scopeFor(actor.role, "decide", "accountRequest");
  if (scope === "all") return {};
  if (scope === "own-organisation" || scope === "own-supplier") return { organisationId: actor.organisationId };
  throw new Response("Forbidden", { status: 403 });
}

export async function listAccountRequests(db: Db, actor: Actor) {
  const where = decidable(actor);
  const [pending, decided] = await Promise.all([
    db.accountRequest.findMany({ where: { ...where, status: "PENDING" }, orderBy: { createdAt: "asc" }, include: { organisation: { select: { name: true, odsCode: true } } }, take: 200 }),
    db.accountRequest.findMany({ where: { ...where, status: { not: "PENDING" } }, orderBy: { decidedAt: "desc" }, include: { organisation: { select: { name: true } }, decidedBy: { select: { name: true } } }, take: 20 }),
  ]);
  return { pending, decided };
}

export const declineSchema = z.object({
  declineReason: z.string({ error: "Enter why you are declining the request" }).trim().min(1, "Enter why you are declining the request").max(500, "The reason must be 500 characters or fewer"),
});

export type DecideResult = { ok: true; status: AccountRequestStatus } | { ok: false; notFound?: boolean; message: string };

const auditActor = (actor: Actor) => ({ userId: actor.userId, role: actor.role, organisationId: actor.organisationId });

/**
 * Approves or declines a waiting request within the decider's scope (another organisation's
 * request is not found). The request is claimed by a conditional UPDATE first, so a double
 * submit, or two managers at once, decide it once; an approval whose invitation cannot be
 * sent (the address got an account meanwhile) goes back to waiting with the reason.
 */
export async function decideAccountRequest(
  db: Db,
  actor: Actor,
  requestId: string,
  decision: { approve: true } | { approve: false; declineReason: string },
  now = new Date(),
): Promise<DecideResult> {
  const where = { ...decidable(actor), id: typeof requestId === "string" && requestId.length <= 50 ? requestId : "__none__" };
  const request = await db.accountRequest.findFirst({ where, include: { organisation: { select: { id: true, name: true, type: true } } } });
  if (!request) return { ok: false, notFound: true, message: "That account request could not be found" };
  const status: AccountRequestStatus = decision.approve ? "APPROVED" : "DECLINED";
  const claimed = await db.accountRequest.updateMany({ where: { id: request.id, status: "PENDING" }, data: { status, decidedById: actor.userId, decidedAt: now, declineReason: decision.approve ? null : decision.declineReason } });
  if (claimed.count !== 1) return { ok: false, message: "This request has already been decided" };

  if (decision.approve) {
    const invited = await sendInvitation(db, actor, request.organisation, { email: request.email, role: request.role }, now);
    if (!invited.ok) {
      await db.accountRequest.update({ where: { id: request.id }, data: { status: "PENDING", decidedById: null, decidedAt: null } });
      return { ok: false, message: `The invitation could not be sent: ${invited.message}` };
    }
    await db.$transaction(async (tx) => {
      await tx.accountRequest.update({ where: { id: request.id }, data: { invitationId: invited.invitationId } });
      await recordAudit(tx, { actor: auditActor(actor), action: "accountRequest.approve", objectType: "AccountRequest", objectId: request.id, after: { invitationId: invited.invitationId } });
    });
  } else {
    await db.$transaction(async (tx) => {
      await recordAudit(tx, { actor: auditActor(actor), action: "accountRequest.decline", objectType: "AccountRequest", objectId: request.id, after: { reason: decision.declineReason } });
      await queueEmail(tx, { to: request.email, ...requestDeclined({ name: request.name, organisation: request.organisation.name, reason: decision.declineReason }), dedupeKey: `account-request-declined:${request.id}` });
    });
  }
  return { ok: true, status };
}
