import nodemailer from "nodemailer";

/**
 * Where an email goes once the outbox hands it over (DESIGN.md §3):
 * - "smtp": to the SMTP server in SMTP_URL (production).
 * - "mailbox": nowhere further. Every email is a row in `emails` that the admin mailbox page
 *   shows; without SMTP that page is the destination, which is how a fresh machine and the
 *   tests see what would have been sent.
 *
 * Email.status means the same with either: QUEUED = waiting in the outbox (retries
 * included); SENT = delivered to this deployment's destination (accepted by the SMTP
 * server, or published in the mailbox); FAILED = the last attempt failed and the outbox
 * gave up (its message is DEAD).
 */
export type OutgoingEmail = {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  /** Stable across retries, so a receiving system can recognise a repeat. */
  messageId: string;
};

export interface EmailTransport {
  readonly kind: "smtp" | "mailbox";
  send(email: OutgoingEmail): Promise<void>;
}

export function smtpTransport(smtpUrl: string): EmailTransport {
  const transporter = nodemailer.createTransport(smtpUrl);
  return {
    kind: "smtp",
    async send(email) {
      await transporter.sendMail({
        from: email.from,
        to: email.to,
        subject: email.subject,
        text: email.text,
        html: email.html ?? undefined,
        messageId: email.messageId,
      });
    },
  };
}

export const mailboxTransport: EmailTransport = {
  kind: "mailbox",
  // The email row is already in the mailbox: there is nothing more to deliver.
  send: async () => {},
};
