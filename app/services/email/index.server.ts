import { z } from "zod";
import type { Email } from "../../../generated/prisma/client";
import { enqueue, registerOutboxHandler } from "~/modules/outbox/outbox.server";
import type { DbClient } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { mailboxTransport, smtpTransport, type EmailTransport } from "./transports.server";

/**
 * Email is never sent from a request: `queueEmail` stores the email and an outbox message in
 * the caller's transaction, and the job worker delivers it through the transport this
 * deployment has (transports.server.ts explains the statuses). Templates for the content
 * are in templates.ts.
 */
export const EMAIL_SEND_TOPIC = "email.send";

export type EmailToQueue = {
  to: string;
  subject: string;
  text: string;
  html?: string | null;
  /** Makes queueing idempotent: a second email with the same key is not queued. */
  dedupeKey?: string;
};

const address = z.email();

/** The queued email, or null when one with the same dedupeKey was queued before. */
export async function queueEmail(tx: DbClient, email: EmailToQueue): Promise<Email | null> {
  // A bad address would only surface later as a DEAD message; refuse it while the caller can react.
  const to = address.parse(email.to.trim());
  // The Email row is the message's content (found by outboxMessageId), so the payload stays empty.
  const outboxMessageId = await enqueue(tx, EMAIL_SEND_TOPIC, {}, { dedupeKey: email.dedupeKey });
  if (outboxMessageId === null) return null;
  return tx.email.create({
    data: {
      to,
      // Line breaks in a subject would break the header; a template never means them.
      subject: email.subject.replace(/\s+/g, " ").trim(),
      textBody: email.text,
      htmlBody: email.html ?? null,
      outboxMessageId,
    },
  });
}

let current: { smtpUrl: string | undefined; transport: EmailTransport } | undefined;

/** SMTP when SMTP_URL is set, otherwise the mailbox; rebuilt if the setting changes. */
export function emailTransport(): EmailTransport {
  const smtpUrl = env().SMTP_URL;
  if (!current || current.smtpUrl !== smtpUrl) {
    current = { smtpUrl, transport: smtpUrl ? smtpTransport(smtpUrl) : mailboxTransport };
  }
  return current.transport;
}

/** `<outbox-42@buyingcatalogue.example.nhs.uk>`: the sender's domain keeps it globally unique. */
function messageIdFor(idempotencyKey: string, from: string): string {
  const domain = /@([^\s>]+)/.exec(from)?.[1] ?? "buying-catalogue.invalid";
  return `<${idempotencyKey}@${domain}>`;
}

/**
 * Sent with no transaction open; marked SENT when the message completes. A worker that dies
 * between the two sends again with the same Message-ID, which mail systems use to drop the repeat.
 */
registerOutboxHandler(EMAIL_SEND_TOPIC, async (message, { db, idempotencyKey, finalAttempt }) => {
  const email = await db.email.findFirst({ where: { outboxMessageId: message.id } });
  if (!email) throw new Error(`No email is linked to outbox message ${message.id}.`);
  const from = env().EMAIL_FROM;
  try {
    await emailTransport().send({
      from,
      to: email.to,
      subject: email.subject,
      text: email.textBody,
      html: email.htmlBody,
      messageId: messageIdFor(idempotencyKey, from),
    });
  } catch (error) {
    if (finalAttempt) await db.email.update({ where: { id: email.id }, data: { status: "FAILED" } });
    throw error;
  }
  return async (tx) => {
    await tx.email.update({ where: { id: email.id }, data: { status: "SENT", sentAt: new Date() } });
  };
});
