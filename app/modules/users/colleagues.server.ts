import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { OrganisationType, UserRole } from "../../../generated/prisma/client";
import { withNewPassword } from "~/modules/accounts/new-password.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { siteUrl } from "~/modules/suppliers/notify.server";
import { queueEmail } from "~/services/email/index.server";
import { emailTemplate } from "~/services/email/templates";
import type { Actor } from "~/utils/auth.server";
import type { Db, DbClient } from "~/utils/db.server";
import { hashPassword } from "~/utils/password.server";
import { scopeFor } from "~/utils/permissions";
import { hashToken } from "~/utils/session.server";
import { domainCandidates, emailDomainOf, needsAllowedEmailDomain, rolesForOrganisationType, USER_EMAIL_DOMAIN_REFUSED, USER_ROLES } from "./user-rules";

/**
 * An account manager's colleagues (a buyer organisation's or a supplier's): inviting them (a
 * random token, stored only as its hash, valid for 7 days, sent through the outbox) and
 * deactivating them. Commercial staff invite people to any organisation through
 * `sendInvitation` too. The invitee accepts on /invitations/:token by choosing a name and
 * password.
 */

export const INVITATION_DAYS = 7;
const DAY_MS = 86_400_000;

/** The account manager's own organisation, and only for roles the matrix lets manage users there. */
function colleaguesOf(actor: Actor, action: "read" | "invite" | "deactivate") {
  const scope = scopeFor(actor.role, action, "user");
  const allowed = scope === "own-organisation" || (scope === "own-supplier" && actor.supplierId !== null);
  if (!allowed) throw new Response("Forbidden", { status: 403 });
  return { organisationId: actor.organisationId };
}
const auditActor = (actor: Actor) => ({ userId: actor.userId, role: actor.role, organisationId: actor.organisationId });

export async function listColleagues(db: Db, actor: Actor, now = new Date()) {
  const where = colleaguesOf(actor, "read");
  const [users, invitations] = await Promise.all([
    db.user.findMany({ where, orderBy: [{ isActive: "desc" }, { name: "asc" }], select: { id: true, name: true, email: true, role: true, isActive: true, lastLoginAt: true } }),
    db.invitation.findMany({
      where: { ...where, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
      orderBy: { createdAt: "desc" },
      select: { id: true, email: true, role: true, expiresAt: true },
    }),
  ]);
  return { users, invitations, roles: rolesForOrganisationType(actor.organisationType) };
}

export const emailAddressSchema = z
  .string({ error: "Enter their email address" })
  .trim()
  .min(1, "Enter their email address")
  .max(254, "Email address must be 254 characters or fewer")
  .pipe(z.email("Enter an email address in the correct format, like name@example.com"))
  .transform((e) => e.toLowerCase());

export const inviteSchema = z.object({
  email: emailAddressSchema,
  role: z.enum(USER_ROLES, { error: "Select what they can do" }),
});

const WHAT_THEY_DO: Record<OrganisationType, string> = {
  SUPPLIER: "manage {org}'s listings",
  EXECUTIVE_AGENCY: "run the catalogue for {org}",
  GP_PRACTICE: "find and buy IT for {org}",
  ICB: "find and buy IT for {org}",
  CCG: "find and buy IT for {org}",
  SUB_ICB_LOCATION: "find and buy IT for {org}",
  CSU: "find and buy IT for {org}",
};

const invitationEmail = emailTemplate((p: { inviter: string; organisation: string; organisationType: OrganisationType; url: string; days: number }) => ({
  subject: `${p.inviter} invited you to the Buying Catalogue`,
  paragraphs: [
    `${p.inviter} invited you to ${WHAT_THEY_DO[p.organisationType].replace("{org}", p.organisation)} in the NHS Buying Catalogue.`,
    `Accept the invitation within ${p.days} days to set up your account. If you were not expecting it, you can ignore this email.`,
  ],
  link: { text: "Accept the invitation", url: p.url },
}));

export type InviteResult = { ok: true; invitationId: string } | { ok: false; field: "email" | "role"; message: string };

/** Whether `email` may have an account in an organisation of `type`: on the allow-list where one applies. */
export async function emailDomainAllowed(db: DbClient, email: string, type: OrganisationType): Promise<boolean> {
  if (!needsAllowedEmailDomain(type)) return true;
  const candidates = domainCandidates(emailDomainOf(email));
  return candidates.length > 0 && (await db.allowedEmailDomain.count({ where: { domain: { in: candidates } } })) > 0;
}

/**
 * Invites `email` to `organisation` as `role`, the one way anyone is invited: the role must
 * fit the organisation, the address must be new and, for buyers and staff, on an allowed
 * domain. Any earlier open invitation to the same address there is replaced. Audited; the
 * email goes through the outbox in the same transaction.
 */
export async function sendInvitation(
  db: Db,
  actor: Actor,
  organisation: { id: string; name: string; type: OrganisationType },
  input: { email: string; role: UserRole },
  now = new Date(),
): Promise<InviteResult> {
  if (!rolesForOrganisationType(organisation.type).includes(input.role)) return { ok: false, field: "role", message: "Select a role people in this organisation can have" };
  if (!(await emailDomainAllowed(db, input.email, organisation.type))) return { ok: false, field: "email", message: USER_EMAIL_DOMAIN_REFUSED };
  if (await db.user.findUnique({ where: { email: input.email }, select: { id: true } })) {
    return { ok: false, field: "email", message: "Someone already has an account with this email address" };
  }
  const token = randomBytes(32).toString("base64url");
  const invitationId = await db.$transaction(async (tx) => {
    await tx.invitation.updateMany({ where: { organisationId: organisation.id, email: input.email, acceptedAt: null, revokedAt: null }, data: { revokedAt: now } });
    const invitation = await tx.invitation.create({
      data: { email: input.email, role: input.role, organisationId: organisation.id, tokenHash: hashToken(token), expiresAt: new Date(now.getTime() + INVITATION_DAYS * DAY_MS), invitedById: actor.userId },
    });
    await recordAudit(tx, { actor: auditActor(actor), action: "user.invite", objectType: "Invitation", objectId: invitation.id, after: { email: input.email, role: input.role, organisationId: organisation.id } });
    await queueEmail(tx, {
      to: input.email,
      ...invitationEmail({ inviter: actor.name, organisation: organisation.name, organisationType: organisation.type, url: siteUrl(`/invitations/${token}`), days: INVITATION_DAYS }),
      dedupeKey: `invitation:${invitation.id}`,
    });
    return invitation.id;
  });
  return { ok: true, invitationId };
}

export async function inviteColleague(db: Db, actor: Actor, input: z.infer<typeof inviteSchema>, now = new Date()): Promise<InviteResult> {
  const { organisationId } = colleaguesOf(actor, "invite");
  return sendInvitation(db, actor, { id: organisationId, name: actor.organisationName, type: actor.organisationType }, input, now);
}

/**
 * Deactivates a user and signs them out everywhere at once, audited. `where` narrows which
 * users the caller may touch (their own organisation, or anyone for commercial staff).
 */
export async function deactivateUser(tx: DbClient, actor: Actor, where: { id: string; organisationId?: string }): Promise<boolean> {
  const user = await tx.user.findFirst({ where: { ...where, isActive: true }, select: { id: true } });
  if (!user) return false;
  await tx.user.update({ where: { id: user.id }, data: { isActive: false } });
  await tx.session.deleteMany({ where: { userId: user.id } });
  await recordAudit(tx, { actor: auditActor(actor), action: "user.deactivate", objectType: "User", objectId: user.id, before: { isActive: true }, after: { isActive: false } });
  return true;
}

export async function deactivateColleague(db: Db, actor: Actor, userId: string): Promise<{ ok: boolean; message?: string }> {
  const where = colleaguesOf(actor, "deactivate");
  if (userId === actor.userId) return { ok: false, message: "You cannot deactivate your own account" };
  const done = await db.$transaction((tx) => deactivateUser(tx, actor, { ...where, id: userId }));
  return done ? { ok: true } : { ok: false, message: "That colleague could not be found" };
}

/** The open invitation a token belongs to, or null if unknown, used, revoked or expired. */
export async function findInvitation(db: Db, token: string, now = new Date()) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  return db.invitation.findFirst({
    where: { tokenHash: hashToken(token), acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
    include: { organisation: { select: { name: true, type: true } } },
  });
}

export const acceptSchema = withNewPassword({
  name: z.string().trim().min(1, "Enter your full name").max(100, "Name must be 100 characters or fewer"),
});

export async function acceptInvitation(db: Db, token: string, input: { name: string; password: string }, now = new Date()): Promise<{ ok: true; userId: string } | { ok: false; message: string }> {
  const invitation = await findInvitation(db, token, now);
  if (!invitation) return { ok: false, message: "This invitation has expired or has already been used" };
  // The domain may have been removed from the allow-list since the invitation was sent.
  if (!(await emailDomainAllowed(db, invitation.email, invitation.organisation.type))) return { ok: false, message: USER_EMAIL_DOMAIN_REFUSED };
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    const claimed = await tx.invitation.updateMany({ where: { id: invitation.id, acceptedAt: null, revokedAt: null }, data: { acceptedAt: now } });
    if (claimed.count !== 1 || (await tx.user.findUnique({ where: { email: invitation.email } }))) {
      return { ok: false as const, message: "This invitation has expired or has already been used" };
    }
    const user = await tx.user.create({ data: { email: invitation.email, name: input.name, passwordHash, organisationId: invitation.organisationId, role: invitation.role } });
    await recordAudit(tx, {
      actor: { userId: user.id, role: user.role, organisationId: user.organisationId },
      action: "user.acceptInvitation",
      objectType: "User",
      objectId: user.id,
      after: { email: user.email, role: user.role, invitationId: invitation.id },
    });
    return { ok: true as const, userId: user.id };
  });
}
