import { z } from "zod";
import { recordAudit } from "~/modules/audit/audit.server";
import { assertCan } from "~/modules/admin/guard.server";
import type { Actor } from "~/utils/auth.server";
import type { Db, DbClient } from "~/utils/db.server";

/**
 * Terms of use (issue 14): staff publish numbered versions; a signed-in person accepts the
 * latest before going on (requireActor sends them to /terms/accept), and each acceptance is
 * recorded with when and from where. Someone accepting an invitation accepts them there.
 */

// Which version is latest is read at most every few seconds per process: a new version
// reaches every instance within that time, and no page view waits on a query for it.
const LATEST_TTL_MS = 5_000;
let latest: { at: number; terms: Promise<{ id: string; version: number } | null> } | undefined;

export function latestTermsId(db: DbClient, now = Date.now()): Promise<{ id: string; version: number } | null> {
  if (!latest || now - latest.at > LATEST_TTL_MS) {
    latest = { at: now, terms: db.termsOfUse.findFirst({ orderBy: { version: "desc" }, select: { id: true, version: true } }) };
  }
  return latest.terms;
}

/** Forgets the cached latest version (after publishing, and between tests). */
export function forgetLatestTerms() {
  latest = undefined;
}

// An acceptance is never withdrawn, so one seen stays true: only the unseen cost a query.
const accepted = new Set<string>();
const ACCEPTED_CACHE_MAX = 20_000;

/** The version this person still has to accept, or null when they are up to date. */
export async function termsToAccept(db: DbClient, userId: string): Promise<{ id: string; version: number } | null> {
  const terms = await latestTermsId(db);
  if (!terms) return null;
  const key = `${userId}:${terms.id}`;
  if (accepted.has(key)) return null;
  const found = await db.termsAcceptance.findUnique({ where: { userId_termsId: { userId, termsId: terms.id } }, select: { id: true } });
  if (!found) return terms;
  if (accepted.size >= ACCEPTED_CACHE_MAX) accepted.clear();
  accepted.add(key);
  return null;
}

export async function currentTerms(db: DbClient) {
  return db.termsOfUse.findFirst({ orderBy: { version: "desc" }, select: { id: true, version: true, summary: true, body: true, publishedAt: true } });
}

/** Records that `userId` accepted the terms with `termsId`, once however often it is posted. */
export async function acceptTerms(db: Db, user: { userId: string; role: Actor["role"]; organisationId: string }, termsId: string, context: { ip: string }) {
  await db.$transaction(async (tx) => {
    const created = await tx.termsAcceptance.createMany({ data: [{ userId: user.userId, termsId, ip: context.ip }], skipDuplicates: true });
    if (created.count === 0) return;
    const terms = await tx.termsOfUse.findUniqueOrThrow({ where: { id: termsId }, select: { version: true } });
    await recordAudit(tx, { actor: user, action: "terms.accept", objectType: "TermsOfUse", objectId: termsId, after: { version: terms.version }, ip: context.ip });
  });
}

export const publishTermsSchema = z.object({
  summary: z.string({ error: "Enter what has changed" }).trim().min(1, "Enter what has changed").max(500, "What has changed must be 500 characters or fewer"),
  body: z.string({ error: "Enter the terms of use" }).trim().min(50, "Enter the terms of use in full: at least 50 characters").max(50_000, "The terms of use must be 50,000 characters or fewer"),
});

/** Publishes the next version; everyone signed in is asked to accept it on their next page. */
export async function publishTerms(db: Db, actor: Actor, input: z.infer<typeof publishTermsSchema>) {
  assertCan(actor, "terms", "publish");
  const terms = await db.$transaction(async (tx) => {
    // The version number is taken under a lock, so two staff publishing at once get 2 and 3, not an error.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('terms_of_use.version'))`;
    const last = await tx.termsOfUse.findFirst({ orderBy: { version: "desc" }, select: { version: true } });
    const created = await tx.termsOfUse.create({ data: { version: (last?.version ?? 0) + 1, summary: input.summary, body: input.body, publishedById: actor.userId } });
    await recordAudit(tx, { actor: { userId: actor.userId, role: actor.role, organisationId: actor.organisationId }, action: "terms.publish", objectType: "TermsOfUse", objectId: created.id, after: { version: created.version, summary: created.summary } });
    return created;
  });
  forgetLatestTerms();
  return terms;
}

export async function termsHistory(db: Db, actor: Actor) {
  assertCan(actor, "terms", "publish");
  const [versions, users] = await Promise.all([
    db.termsOfUse.findMany({ orderBy: { version: "desc" }, select: { id: true, version: true, summary: true, publishedAt: true, _count: { select: { acceptances: true } } } }),
    db.user.count({ where: { isActive: true } }),
  ]);
  return { versions: versions.map((v) => ({ id: v.id, version: v.version, summary: v.summary, publishedAt: v.publishedAt, acceptances: v._count.acceptances })), activeUsers: users };
}
