/**
 * The allow-list of buyer and staff email domains (domain.md: nhs.net, nhs.uk and their
 * subdomains). Invitations and invitation acceptance consult it (users/colleagues.server.ts);
 * removing a domain stops new accounts there but leaves existing accounts as they are.
 */
import { ActionRefused, assertCan } from "~/modules/admin/guard.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { domainCandidates } from "~/modules/users/user-rules";
import type { Actor } from "~/utils/auth.server";
import type { Db, DbClient } from "~/utils/db.server";

export async function listEmailDomains(db: DbClient, actor: Actor) {
  assertCan(actor, "emailDomain", "manage");
  const domains = await db.allowedEmailDomain.findMany({ orderBy: { domain: "asc" }, select: { id: true, domain: true, createdAt: true, createdBy: { select: { name: true } } } });
  return domains.map((d) => ({ id: d.id, domain: d.domain, createdAt: d.createdAt, addedBy: d.createdBy?.name ?? null }));
}

export async function getEmailDomain(db: DbClient, actor: Actor, id: string) {
  assertCan(actor, "emailDomain", "manage");
  const domain = await db.allowedEmailDomain.findUnique({ where: { id }, select: { id: true, domain: true } });
  if (!domain) return null;
  // Active accounts at the domain or its subdomains, so staff know who the removal touches.
  const users = await db.user.count({ where: { isActive: true, OR: [{ email: { endsWith: `@${domain.domain}` } }, { email: { endsWith: `.${domain.domain}` } }] } });
  return { ...domain, users };
}

/** `domain` is already validated and lowercase (emailDomainSchema). */
export async function addEmailDomain(db: Db, actor: Actor, domain: string) {
  assertCan(actor, "emailDomain", "manage");
  return db.$transaction(async (tx) => {
    const covering = await tx.allowedEmailDomain.findFirst({ where: { domain: { in: domainCandidates(domain) } }, orderBy: { domain: "asc" }, select: { domain: true } });
    if (covering) {
      throw new ActionRefused(covering.domain === domain ? `${domain} is already allowed.` : `${domain} is already allowed because ${covering.domain} and its subdomains are.`);
    }
    const created = await tx.allowedEmailDomain.create({ data: { domain, createdById: actor.userId } });
    await recordAudit(tx, { actor, action: "emailDomain.add", objectType: "AllowedEmailDomain", objectId: created.id, after: { domain } });
    return created;
  });
}

export async function removeEmailDomain(db: Db, actor: Actor, id: string) {
  assertCan(actor, "emailDomain", "manage");
  return db.$transaction(async (tx) => {
    const domain = await tx.allowedEmailDomain.findUnique({ where: { id } });
    if (!domain) throw new ActionRefused("This domain has already been removed.");
    await tx.allowedEmailDomain.delete({ where: { id } });
    await recordAudit(tx, { actor, action: "emailDomain.remove", objectType: "AllowedEmailDomain", objectId: id, before: { domain: domain.domain } });
    return domain;
  });
}
