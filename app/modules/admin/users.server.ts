/**
 * Users across every organisation, for commercial staff: find them (organisation, role,
 * active, email), change a role (only to one that fits the organisation), deactivate (signed
 * out everywhere at once) or reactivate, and invite someone to any organisation. Audited.
 */
import { z } from "zod";
import type { Prisma, UserRole } from "../../../generated/prisma/client";
import { ActionRefused, assertCan } from "~/modules/admin/guard.server";
import { pageOf } from "~/modules/admin/paging";
import { recordAudit } from "~/modules/audit/audit.server";
import { deactivateUser, emailAddressSchema, emailDomainAllowed, sendInvitation, type InviteResult } from "~/modules/users/colleagues.server";
import { rolesForOrganisationType, USER_EMAIL_DOMAIN_REFUSED, USER_ROLES } from "~/modules/users/user-rules";
import type { Actor } from "~/utils/auth.server";
import type { Db, DbClient } from "~/utils/db.server";

export const USERS_PAGE_SIZE = 50;

export type UserFilter = { organisation?: string; role?: UserRole; active?: boolean; email?: string; page?: number };

/** An organisation by its ODS code (suppliers' organisations have codes like SUPPLIER-10000). */
export function findOrganisationByOds(db: DbClient, odsCode: string) {
  return db.organisation.findUnique({ where: { odsCode: odsCode.trim().toUpperCase() }, select: { id: true, odsCode: true, name: true, type: true } });
}

export async function listUsers(db: DbClient, actor: Actor, { organisation, role, active, email, page = 1 }: UserFilter) {
  assertCan(actor, "user", "manage");
  const where: Prisma.UserWhereInput = {
    ...(organisation ? { organisation: { odsCode: organisation.trim().toUpperCase() } } : {}),
    ...(role ? { role } : {}),
    ...(active !== undefined ? { isActive: active } : {}),
    ...(email ? { email: { contains: email.trim().toLowerCase() } } : {}),
  };
  const total = await db.user.count({ where });
  const { page: current, totalPages, skip, take } = pageOf(total, page, USERS_PAGE_SIZE);
  const users = await db.user.findMany({
    where,
    orderBy: [{ email: "asc" }],
    skip,
    take,
    select: { id: true, name: true, email: true, role: true, isActive: true, lastLoginAt: true, organisation: { select: { name: true, odsCode: true } } },
  });
  return { users, total, page: current, totalPages };
}

export async function getUser(db: DbClient, actor: Actor, id: string) {
  assertCan(actor, "user", "manage");
  const user = await db.user.findUnique({
    where: { id },
    select: {
      id: true,
      name: true,
      email: true,
      role: true,
      isActive: true,
      lastLoginAt: true,
      lockedUntil: true,
      createdAt: true,
      organisation: { select: { id: true, name: true, odsCode: true, type: true } },
      _count: { select: { sessions: true } },
    },
  });
  if (!user) return null;
  return { ...user, roles: rolesForOrganisationType(user.organisation.type), sessions: user._count.sessions };
}

export const roleSchema = z.object({ role: z.enum(USER_ROLES, { error: "Choose a role" }) });

export async function changeUserRole(db: Db, actor: Actor, id: string, role: UserRole) {
  assertCan(actor, "user", "manage");
  // Staff taking away their own access would lock the console with nobody noticing.
  if (id === actor.userId) throw new ActionRefused("You cannot change your own role.");
  return db.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id }, select: { role: true, organisation: { select: { type: true } } } });
    if (!before) throw new ActionRefused("This user no longer exists.");
    if (!rolesForOrganisationType(before.organisation.type).includes(role)) throw new ActionRefused("Choose a role people in this organisation can have.");
    if (before.role === role) return { changed: false };
    await tx.user.update({ where: { id }, data: { role } });
    await recordAudit(tx, { actor, action: "user.changeRole", objectType: "User", objectId: id, before: { role: before.role }, after: { role } });
    return { changed: true };
  });
}

export async function setUserActive(db: Db, actor: Actor, id: string, active: boolean) {
  assertCan(actor, "user", "manage");
  if (id === actor.userId) throw new ActionRefused(active ? "You are already active." : "You cannot deactivate your own account.");
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id }, select: { id: true, isActive: true, email: true, organisation: { select: { type: true } } } });
    if (!user) throw new ActionRefused("This user no longer exists.");
    if (user.isActive === active) throw new ActionRefused(active ? "This user is already active." : "This user is already deactivated.");
    if (!active) {
      await deactivateUser(tx, actor, { id });
      return;
    }
    // Reactivation lets someone sign in again: their address must still be allowed.
    if (!(await emailDomainAllowed(tx, user.email, user.organisation.type))) throw new ActionRefused(USER_EMAIL_DOMAIN_REFUSED);
    // A fresh start: failed attempts before deactivation do not lock them out now.
    await tx.user.update({ where: { id }, data: { isActive: true, failedLoginCount: 0, lockedUntil: null } });
    await recordAudit(tx, { actor, action: "user.reactivate", objectType: "User", objectId: id, before: { isActive: false }, after: { isActive: true } });
  });
}

export const staffInviteSchema = z.object({
  organisation: z
    .string({ error: "Enter the organisation's ODS code" })
    .trim()
    .min(1, "Enter the organisation's ODS code")
    .max(20, "The ODS code must be 20 characters or fewer")
    .regex(/^[A-Za-z0-9-]+$/, "The ODS code must be letters, numbers and hyphens, like A81001, QE1 or SUPPLIER-10000"),
  email: emailAddressSchema,
  role: z.enum(USER_ROLES, { error: "Choose a role" }),
});

export type StaffInviteResult = InviteResult | { ok: false; field: "organisation"; message: string };

/** Invites someone to any organisation: the same invitation, rules and email as an account manager's. */
export async function inviteUser(db: Db, actor: Actor, input: z.infer<typeof staffInviteSchema>, now = new Date()): Promise<StaffInviteResult> {
  assertCan(actor, "user", "manage");
  const organisation = await findOrganisationByOds(db, input.organisation);
  if (!organisation) return { ok: false, field: "organisation", message: "No organisation has this ODS code" };
  return sendInvitation(db, actor, organisation, { email: input.email, role: input.role }, now);
}
