import type { EmailStatus } from "../../../generated/prisma/client";
import { pageOf } from "~/modules/admin/paging";
import { assertCan } from "~/modules/admin/guard.server";
import { maskSecrets } from "~/modules/admin/mask-secrets";
export { EMAIL_STATUSES } from "~/components/admin/labels";
import type { Actor } from "~/utils/auth.server";
import type { DbClient } from "~/utils/db.server";

/**
 * The admin mailbox: every email the system queued, sent or failed to send. Without SMTP this
 * is where they go (DESIGN.md §3), so staff and testers can read what people were told.
 */
export const MAILBOX_PAGE_SIZE = 50;

export async function listEmails(
  db: DbClient,
  actor: Actor,
  { recipient, status, page = 1 }: { recipient?: string; status?: EmailStatus; page?: number },
) {
  assertCan(actor, "mailbox", "read");
  const where = {
    ...(recipient ? { to: { contains: recipient.trim().toLowerCase().slice(0, 200), mode: "insensitive" as const } } : {}),
    ...(status ? { status } : {}),
  };
  const total = await db.email.count({ where });
  const { page: current, totalPages, skip, take } = pageOf(total, page, MAILBOX_PAGE_SIZE);
  const emails = await db.email.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip,
    take,
    select: { id: true, to: true, subject: true, status: true, createdAt: true, sentAt: true },
  });
  return { emails, total, page: current, totalPages };
}

/** One email as staff see it: secrets in its links masked (mask-secrets.ts). */
export async function getEmail(db: DbClient, actor: Actor, id: string) {
  assertCan(actor, "mailbox", "read");
  const email = await db.email.findUnique({
    where: { id },
    select: { id: true, to: true, subject: true, textBody: true, status: true, createdAt: true, sentAt: true, outboxMessage: { select: { attempts: true, lastError: true } } },
  });
  return email ? { ...email, subject: maskSecrets(email.subject), textBody: maskSecrets(email.textBody) } : null;
}
