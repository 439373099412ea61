import { describe, expect, it } from "vitest";
import { createOrganisationWithUser, ensureReferenceData } from "../../../seed/factories";
import { consume } from "~/modules/rate-limits/rate-limits.server";
import { useTestDatabase } from "~/test/database";
import { describeRetention, pruneRetainedData } from "./retention.server";

const database = useTestDatabase();
const DAY = 24 * 60 * 60 * 1000;
const now = new Date("2026-06-01T03:15:00Z");
const daysAgo = (days: number) => new Date(now.getTime() - days * DAY);
const periods = { outboxDays: 30, loginAttemptsDays: 90, sessionsDays: 30 };

describe("the retention job", () => {
  it("removes only what is past its period, keeps everything else, and counts what it removed", async () => {
    const db = database.db;
    await ensureReferenceData(db);
    const { user } = await createOrganisationWithUser(db, { email: "retention@nhs.net" });
    const old = await db.outboxMessage.create({ data: { topic: "email.send", payload: {}, status: "DONE", processedAt: daysAgo(31) } });
    await db.outboxMessage.createMany({
      data: [
        { topic: "email.send", payload: {}, status: "DONE", processedAt: daysAgo(29) },
        // Never delivered: a person must look at these, however old.
        { topic: "email.send", payload: {}, status: "DEAD", processedAt: daysAgo(400) },
        { topic: "email.send", payload: {}, status: "PENDING", createdAt: daysAgo(400) },
      ],
    });
    // The mailbox keeps the email; it only loses the link to its delivered message.
    const email = await db.email.create({ data: { to: "someone@nhs.net", subject: "Old", textBody: "…", status: "SENT", outboxMessageId: old.id } });
    await db.loginAttempt.createMany({
      data: [
        { key: "account:a@nhs.net", succeeded: false, attemptedAt: daysAgo(91) },
        { key: "account:a@nhs.net", succeeded: true, attemptedAt: daysAgo(89) },
      ],
    });
    await db.session.createMany({
      data: [
        { id: "ended-long-ago", userId: user.id, csrfSecret: "x", expiresAt: daysAgo(31), createdAt: daysAgo(38) },
        { id: "ended-recently", userId: user.id, csrfSecret: "x", expiresAt: daysAgo(2), createdAt: daysAgo(9) },
        { id: "still-open", userId: user.id, csrfSecret: "x", expiresAt: new Date(now.getTime() + DAY), createdAt: now },
      ],
    });
    await consume(db, "192.0.2.1", { name: "retention-test", limit: 5, windowSeconds: 60 }, daysAgo(1));
    const minutes = (n: number) => new Date(now.getTime() + n * 60_000);
    await db.signInChallenge.createMany({
      data: [
        { id: "challenge-expired", userId: user.id, expiresAt: minutes(-1), createdAt: minutes(-6) },
        { id: "challenge-waiting", userId: user.id, expiresAt: minutes(4), createdAt: minutes(-1) },
      ],
    });
    await db.passwordReset.createMany({
      data: [
        // Used 31 days ago (its hour would have run out soon after): spent long enough.
        { tokenHash: "used-long-ago", userId: user.id, expiresAt: daysAgo(31), usedAt: daysAgo(31.02), createdAt: daysAgo(31.03) },
        // Never used, expired 31 days ago.
        { tokenHash: "expired-long-ago", userId: user.id, expiresAt: daysAgo(31), createdAt: daysAgo(31.04) },
        // Used 2 days ago, and one still open: kept.
        { tokenHash: "used-recently", userId: user.id, expiresAt: daysAgo(2), usedAt: daysAgo(2.01), createdAt: daysAgo(2.02) },
        { tokenHash: "still-open", userId: user.id, expiresAt: minutes(30), createdAt: minutes(-30) },
      ],
    });

    const summary = await pruneRetainedData(db, { now, periods });
    expect(summary).toEqual({ outboxMessages: 1, loginAttempts: 1, sessions: 1, rateLimitCounters: 1, signInChallenges: 1, passwordResets: 2 });
    expect((await db.signInChallenge.findMany()).map((c) => c.id)).toEqual(["challenge-waiting"]);
    expect((await db.passwordReset.findMany({ orderBy: { tokenHash: "asc" } })).map((r) => r.tokenHash)).toEqual(["still-open", "used-recently"]);
    expect(await db.outboxMessage.count()).toBe(3);
    expect(await db.email.findUniqueOrThrow({ where: { id: email.id } })).toMatchObject({ subject: "Old", outboxMessageId: null });
    expect((await db.session.findMany({ orderBy: { id: "asc" } })).map((s) => s.id)).toEqual(["ended-recently", "still-open"]);
    expect(describeRetention(summary, periods)).toBe(
      "Retention: removed 1 delivered outbox messages (older than 30 days), 1 sign-in attempts (older than 90 days), 1 sessions (ended more than 30 days ago), 1 spent rate-limit counters, " +
        "1 expired two-factor challenges and 2 forgotten-password links (spent more than 30 days ago).",
    );
    // A second run the same night finds nothing more.
    expect(await pruneRetainedData(db, { now, periods })).toEqual({ outboxMessages: 0, loginAttempts: 0, sessions: 0, rateLimitCounters: 0, signInChallenges: 0, passwordResets: 0 });
  });

  it("deletes in batches, so a large backlog goes in several statements and none is left", async () => {
    const db = database.db;
    await db.outboxMessage.createMany({ data: Array.from({ length: 6_000 }, () => ({ topic: "search.sync", payload: {}, status: "DONE" as const, processedAt: daysAgo(60) })) });
    const summary = await pruneRetainedData(db, { now, periods });
    expect(summary.outboxMessages).toBe(6_000);
    expect(await db.outboxMessage.count({ where: { status: "DONE", processedAt: { lt: daysAgo(30) } } })).toBe(0);
  });
});
