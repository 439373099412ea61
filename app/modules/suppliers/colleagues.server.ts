import { randomBytes } from "node:crypto";
import { z } from "zod";
import { recordAudit } from "~/modules/audit/audit.server";
import { queueEmail } from "~/services/email/index.server";
import { emailTemplate } from "~/services/email/templates";
import type { Actor } from "~/utils/auth.server";
import type { Db } from "~/utils/db.server";
import { hashPassword } from "~/utils/password.server";
import { scopeFor } from "~/utils/permissions";
import { hashToken } from "~/utils/session.server";
import { siteUrl } from "./notify.server";

/**
 * A supplier account manager's colleagues: inviting them (a random token, stored only as its
 * hash, valid for 7 days, sent through the outbox) and deactivating them. The invitee accepts
 * on /invitations/:token by choosing a name and password.
 */

export const INVITATION_DAYS = 7;
const DAY_MS = 86_400_000;
const SUPPLIER_ROLES = ["SUPPLIER", "SUPPLIER_ACCOUNT_MANAGER"] as const;

/** The supplier's own organisation, and only for roles the matrix lets manage users there. */
function colleaguesOf(actor: Actor, action: "read" | "invite" | "deactivate") {
  if (scopeFor(actor.role, action, "user") !== "own-supplier" || actor.supplierId === null) throw new Response("Forbidden", { status: 403 });
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
  return { users, invitations };
}

export const inviteSchema = z.object({
  email: z
    .string()
    .trim()
    .min(1, "Enter their email address")
    .max(254, "Email address must be 254 characters or fewer")
    .pipe(z.email("Enter an email address in the correct format, like name@example.com"))
    .transform((e) => e.toLowerCase()),
  role: z.enum(SUPPLIER_ROLES, { error: "Select what they can do" }),
});

const invitationEmail = emailTemplate((p: { inviter: string; organisation: string; url: string; days: number }) => ({
  subject: `${p.inviter} invited you to the Buying Catalogue`,
  paragraphs: [
    `${p.inviter} invited you to manage ${p.organisation}'s listings in the NHS Buying Catalogue.`,
    `Accept the invitation within ${p.days} days to set up your account. If you were not expecting it, you can ignore this email.`,
  ],
  link: { text: "Accept the invitation", url: p.url },
}));

export type InviteResult = { ok: true } | { ok: false; field: "email"; message: string };

export async function inviteColleague(db: Db, actor: Actor, input: z.infer<typeof inviteSchema>, now = new Date()): Promise<InviteResult> {
  const where = colleaguesOf(actor, "invite");
  if (await db.user.findUnique({ where: { email: input.email }, select: { id: true } })) {
    return { ok: false, field: "email", message: "Someone already has an account with this email address" };
  }
  const token = randomBytes(32).toString("base64url");
  await db.$transaction(async (tx) => {
    // A new invitation replaces any earlier one to the same address.
    await tx.invitation.updateMany({ where: { ...where, email: input.email, acceptedAt: null, revokedAt: null }, data: { revokedAt: now } });
    const invitation = await tx.invitation.create({
      data: { email: input.email, role: input.role, organisationId: where.organisationId, tokenHash: hashToken(token), expiresAt: new Date(now.getTime() + INVITATION_DAYS * DAY_MS), invitedById: actor.userId },
    });
    await recordAudit(tx, { actor: auditActor(actor), action: "user.invite", objectType: "Invitation", objectId: invitation.id, after: { email: input.email, role: input.role } });
    await queueEmail(tx, {
      to: input.email,
      ...invitationEmail({ inviter: actor.name, organisation: actor.organisationName, url: siteUrl(`/invitations/${token}`), days: INVITATION_DAYS }),
      dedupeKey: `invitation:${invitation.id}`,
    });
  });
  return { ok: true };
}

export async function deactivateColleague(db: Db, actor: Actor, userId: string): Promise<{ ok: boolean; message?: string }> {
  const where = colleaguesOf(actor, "deactivate");
  if (userId === actor.userId) return { ok: false, message: "You cannot deactivate your own account" };
  return db.$transaction(async (tx) => {
    const user = await tx.user.findFirst({ where: { ...where, id: userId, isActive: true }, select: { id: true, email: true } });
    if (!user) return { ok: false, message: "That colleague could not be found" };
    await tx.user.update({ where: { id: user.id }, data: { isActive: false } });
    // Signed out everywhere at once.
    await tx.session.deleteMany({ where: { userId: user.id } });
    await recordAudit(tx, { actor: auditActor(actor), action: "user.deactivate", objectType: "User", objectId: user.id, before: { isActive: true }, after: { isActive: false } });
    return { ok: true };
  });
}

/** The open invitation a token belongs to, or null if unknown, used, revoked or expired. */
export async function findInvitation(db: Db, token: string, now = new Date()) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  return db.invitation.findFirst({
    where: { tokenHash: hashToken(token), acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
    include: { organisation: { select: { name: true } } },
  });
}

export const acceptSchema = z
  .object({
    name: z.string().trim().min(1, "Enter your full name").max(100, "Name must be 100 characters or fewer"),
    password: z.string().min(12, "Password must be at least 12 characters").max(200, "Password must be 200 characters or fewer"),
    confirmPassword: z.string(),
  })
  .refine((v) => v.password === v.confirmPassword, { message: "Enter the same password twice", path: ["confirmPassword"] });

export async function acceptInvitation(db: Db, token: string, input: { name: string; password: string }, now = new Date()): Promise<{ ok: true; userId: string } | { ok: false; message: string }> {
  const invitation = await findInvitation(db, token, now);
  if (!invitation) return { ok: false, message: "This invitation has expired or has already been used" };
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
