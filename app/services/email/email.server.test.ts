import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { drainOutbox, OUTBOX_MAX_ATTEMPTS } from "~/modules/outbox/outbox.server";
import { useTestDatabase } from "~/test/database";
import { resetEnvForTests } from "~/utils/env.server";
import { emailTransport, queueEmail } from "./index.server";
import { emailTemplate, renderEmail } from "./templates";
import { smtpTransport } from "./transports.server";
import { startSmtpServer } from "~/test/smtp-server";

const database = useTestDatabase();

// The email settings of whoever runs the tests stay out (each test file has its own process).
beforeAll(() => {
  delete process.env.SMTP_URL;
  delete process.env.EMAIL_FROM;
  resetEnvForTests();
});

const headerOf = (data: string, name: string) => new RegExp(`^${name}: (.*)$`, "mi").exec(data)?.[1];

describe("smtpTransport", () => {
  it("delivers the message to the SMTP server with its subject and recipient", async () => {
    const smtp = await startSmtpServer();
    try {
      await smtpTransport(smtp.url).send({
        from: "Buying Catalogue <noreply@buyingcatalogue.example.nhs.uk>",
        to: "practice.manager@nhs.net",
        subject: "Your order C000042-01 is complete",
        text: "Your order is complete.",
        html: "<p>Your order is complete.</p>",
        messageId: "<outbox-1@buyingcatalogue.example.nhs.uk>",
      });
    } finally {
      await smtp.close();
    }
    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(mail.from).toBe("noreply@buyingcatalogue.example.nhs.uk");
    expect(mail.to).toEqual(["practice.manager@nhs.net"]);
    expect(headerOf(mail.data, "Subject")).toBe("Your order C000042-01 is complete");
    expect(headerOf(mail.data, "To")).toBe("practice.manager@nhs.net");
    expect(headerOf(mail.data, "Message-ID")).toBe("<outbox-1@buyingcatalogue.example.nhs.uk>");
    expect(mail.data).toContain("Your order is complete.");
  });
});

describe("queueEmail and the email.send handler", () => {
  beforeEach(async () => {
    await database.db.email.deleteMany();
    await database.db.outboxMessage.deleteMany();
  });
  afterEach(() => {
    delete process.env.SMTP_URL;
    resetEnvForTests();
  });

  const lapseWarning = {
    to: "supplier.contact@example-supplier.co.uk",
    ...renderEmail({
      subject: "DSPT assurance for Example EPR has lapsed",
      paragraphs: ["Your Data Security and Protection Toolkit assurance lapsed on 30 June 2026."],
      link: { text: "Upload new evidence", url: "https://buyingcatalogue.example.nhs.uk/supplier/assurance" },
    }),
  };

  it("without SMTP, delivers to the mailbox: the email is SENT and readable there", async () => {
    expect(emailTransport().kind).toBe("mailbox");
    const queued = await database.db.$transaction((tx) => queueEmail(tx, lapseWarning));
    expect(queued).toMatchObject({ status: "QUEUED", sentAt: null });

    expect(await drainOutbox(database.db, { batchSize: 10 })).toEqual({ done: 1, failed: 0, dead: 0 });
    const email = await database.db.email.findUniqueOrThrow({ where: { id: queued!.id }, include: { outboxMessage: true } });
    expect(email).toMatchObject({
      status: "SENT",
      to: lapseWarning.to,
      subject: lapseWarning.subject,
      textBody: lapseWarning.text,
      htmlBody: lapseWarning.html,
    });
    expect(email.sentAt).toBeInstanceOf(Date);
    expect(email.outboxMessage).toMatchObject({ topic: "email.send", status: "DONE" });
  });

  it("is not queued at all when the transaction rolls back", async () => {
    await expect(
      database.db.$transaction(async (tx) => {
        await queueEmail(tx, lapseWarning);
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect(await database.db.email.count()).toBe(0);
    expect(await database.db.outboxMessage.count()).toBe(0);
  });

  it("queues one email per dedupeKey", async () => {
    const first = await queueEmail(database.db, { ...lapseWarning, dedupeKey: "assurance-lapsed:rec-1" });
    const second = await queueEmail(database.db, { ...lapseWarning, dedupeKey: "assurance-lapsed:rec-1" });
    expect(first).not.toBeNull();
    expect(second).toBeNull();
    expect(await database.db.email.count()).toBe(1);
  });

  it("refuses an address that is not one", async () => {
    await expect(queueEmail(database.db, { ...lapseWarning, to: "not an address" })).rejects.toThrow();
  });

  it("with SMTP_URL, sends through the SMTP server and marks the email SENT", async () => {
    const smtp = await startSmtpServer();
    process.env.SMTP_URL = smtp.url;
    resetEnvForTests();
    try {
      const queued = await queueEmail(database.db, lapseWarning);
      expect(await drainOutbox(database.db, { batchSize: 10 })).toEqual({ done: 1, failed: 0, dead: 0 });
      expect(smtp.received).toHaveLength(1);
      expect(headerOf(smtp.received[0].data, "Subject")).toBe(lapseWarning.subject);
      expect(headerOf(smtp.received[0].data, "Message-ID")).toBe(`<outbox-${queued!.outboxMessageId}@buyingcatalogue.example.nhs.uk>`);
      expect(await database.db.email.findUniqueOrThrow({ where: { id: queued!.id } })).toMatchObject({ status: "SENT" });
    } finally {
      await smtp.close();
    }
  });

  it("keeps the email QUEUED while the SMTP server refuses it, and FAILED once the outbox gives up", async () => {
    const smtp = await startSmtpServer({ rejectRecipients: true });
    process.env.SMTP_URL = smtp.url;
    resetEnvForTests();
    try {
      const queued = (await queueEmail(database.db, lapseWarning))!;
      expect(await drainOutbox(database.db, { batchSize: 10 })).toEqual({ done: 0, failed: 1, dead: 0 });
      const message = await database.db.outboxMessage.findUniqueOrThrow({ where: { id: queued.outboxMessageId! } });
      expect(message.lastError).toContain("550");
      expect(await database.db.email.findUniqueOrThrow({ where: { id: queued.id } })).toMatchObject({ status: "QUEUED" });

      // Jump to the last attempt rather than wait through the backoff.
      await database.db.outboxMessage.update({
        where: { id: message.id },
        data: { attempts: OUTBOX_MAX_ATTEMPTS - 1, availableAt: new Date(Date.now() - 1000) },
      });
      expect(await drainOutbox(database.db, { batchSize: 10 })).toEqual({ done: 0, failed: 0, dead: 1 });
      expect(await database.db.email.findUniqueOrThrow({ where: { id: queued.id } })).toMatchObject({ status: "FAILED", sentAt: null });
    } finally {
      await smtp.close();
    }
  });
});

describe("templates", () => {
  it("gives plain text and escaped HTML, both signed", () => {
    const email = renderEmail({
      subject: "Contract flagged",
      greeting: "Dear O'Brien & Partners,",
      paragraphs: ["<script>alert(1)</script> lapsed.", { list: ["Example EPR", "Example Pathology <beta>"] }],
      link: { text: "Review the flag", url: "https://buyingcatalogue.example.nhs.uk/buyer/contracts/1?a=1&b=2" },
    });
    expect(email.text).toBe(
      [
        "Dear O'Brien & Partners,",
        "<script>alert(1)</script> lapsed.",
        "* Example EPR\n* Example Pathology <beta>",
        "Review the flag: https://buyingcatalogue.example.nhs.uk/buyer/contracts/1?a=1&b=2",
        "Buying Catalogue, NHS England",
      ].join("\n\n"),
    );
    expect(email.html).toContain("<p>Dear O&#39;Brien &amp; Partners,</p>");
    expect(email.html).toContain("<p>&lt;script&gt;alert(1)&lt;/script&gt; lapsed.</p>");
    expect(email.html).toContain("<li>Example Pathology &lt;beta&gt;</li>");
    expect(email.html).toContain('href="https://buyingcatalogue.example.nhs.uk/buyer/contracts/1?a=1&amp;b=2"');
    expect(email.html).toContain("<p>Buying Catalogue, NHS England</p>");
    expect(email.html).not.toContain("<script>");
  });

  it("makes a typed function of a template", () => {
    const contractEnding = emailTemplate((p: { callOffId: string; endsOn: string }) => ({
      subject: `Contract ${p.callOffId} ends on ${p.endsOn}`,
      paragraphs: [`Your contract ${p.callOffId} ends on ${p.endsOn}.`],
    }));
    const email = contractEnding({ callOffId: "C000042-01", endsOn: "31 March 2027" });
    expect(email.subject).toBe("Contract C000042-01 ends on 31 March 2027");
    expect(email.text).toBe("Your contract C000042-01 ends on 31 March 2027.\n\nBuying Catalogue, NHS England");
  });

  it("refuses links that are not web addresses", () => {
    expect(() => renderEmail({ subject: "x", paragraphs: [], link: { text: "Click", url: "javascript:alert(1)" } })).toThrow(
      "absolute http(s) URLs",
    );
    expect(() => renderEmail({ subject: "x", paragraphs: [], link: { text: "Click", url: "/relative" } })).toThrow();
  });
});
