import { beforeAll, describe, expect, it } from "vitest";
import { createOrganisationWithUser, ensureReferenceData } from "../../../seed/factories";
import { DEMO_PASSWORD } from "../../../seed/demo";
import { useTestDatabase } from "~/test/database";
import { RATE_LIMITS } from "~/modules/rate-limits/rate-limits.server";
import { signIn } from "~/modules/users/sign-in.server";
import { hashToken } from "~/utils/session.server";
import { findPasswordReset, issuePasswordReset, PASSWORD_RESET_TOPIC, requestPasswordReset, resetPassword } from "./password-reset.server";

const database = useTestDatabase();
const db = () => database.db;

beforeAll(async () => {
  await ensureReferenceData(db());
});

/** The link emailed to `email` most recently: the token is only ever in the email. */
async function latestLinkFor(email: string): Promise<string> {
  const message = await db().email.findFirstOrThrow({ where: { to: email, subject: "Reset your Buying Catalogue password" }, orderBy: { createdAt: "desc" } });
  const token = /\/reset-password\/([A-Za-z0-9_-]{43})/.exec(message.textBody)?.[1];
  if (!token) throw new Error("no link in the email");
  return token;
}

async function person(email: string) {
  return (await createOrganisationWithUser(db(), { email })).user;
}

const ip = "192.0.2.50";

describe("asking for a forgotten-password link", () => {
  it("puts one outbox message on for a known and an unknown address alike, and nothing else", async () => {
    await person("known.reset@nhs.net");
    const before = await db().outboxMessage.count({ where: { topic: PASSWORD_RESET_TOPIC } });
    const emailsBefore = await db().email.count();
    expect(await requestPasswordReset(db(), { email: "known.reset@nhs.net", network: "net-a", ip })).toEqual({ ok: true });
    expect(await requestPasswordReset(db(), { email: "nobody.here@nhs.net", network: "net-a", ip })).toEqual({ ok: true });
    expect(await db().outboxMessage.count({ where: { topic: PASSWORD_RESET_TOPIC } })).toBe(before + 2);
    // No link exists and nothing is emailed until the worker handles the message.
    expect(await db().email.count()).toBe(emailsBefore);
    expect(await db().passwordReset.count({ where: { user: { email: "known.reset@nhs.net" } } })).toBe(0);
  });

  it("emails a link to an active account only, stores only the token's hash, and audits it", async () => {
    const user = await person("worker.reset@nhs.net");
    expect(await issuePasswordReset(db(), { email: user.email, ip })).toBe("sent");
    expect(await issuePasswordReset(db(), { email: "ghost.reset@nhs.net", ip })).toBe("no-account");
    expect(await db().email.count({ where: { to: "ghost.reset@nhs.net" } })).toBe(0);
    const token = await latestLinkFor(user.email);
    const stored = await db().passwordReset.findFirstOrThrow({ where: { userId: user.id } });
    expect(stored.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(stored.expiresAt.getTime() - stored.createdAt.getTime()).toBe(60 * 60_000);
    expect(await db().auditEvent.count({ where: { action: "auth.passwordResetRequested", objectId: user.id } })).toBe(1);
  });

  it("sends nothing for a deactivated account, and says so only in the audit trail", async () => {
    const user = await person("gone.reset@nhs.net");
    await db().user.update({ where: { id: user.id }, data: { isActive: false } });
    expect(await issuePasswordReset(db(), { email: user.email, ip })).toBe("deactivated");
    expect(await db().email.count({ where: { to: user.email } })).toBe(0);
    expect(await db().auditEvent.count({ where: { action: "auth.passwordResetRefused", objectId: user.id } })).toBe(1);
  });

  it(`sends at most ${RATE_LIMITS.passwordResetsPerAddress.limit} links an hour to one address, with the same answer after that`, async () => {
    const limit = RATE_LIMITS.passwordResetsPerAddress.limit;
    const before = await db().outboxMessage.count({ where: { topic: PASSWORD_RESET_TOPIC } });
    const now = new Date("2026-12-03T09:00:00Z");
    for (let i = 0; i < limit + 2; i++) {
      expect(await requestPasswordReset(db(), { email: "flooded@nhs.net", network: `net-flood-${i}`, ip }, now)).toEqual({ ok: true });
    }
    expect(await db().outboxMessage.count({ where: { topic: PASSWORD_RESET_TOPIC } })).toBe(before + limit);
  });

  it(`tells one network to wait after ${RATE_LIMITS.passwordResetsPerNetwork.limit} requests, whatever the addresses`, async () => {
    const now = new Date("2026-12-03T09:30:00Z");
    for (let i = 0; i < RATE_LIMITS.passwordResetsPerNetwork.limit; i++) {
      expect((await requestPasswordReset(db(), { email: `spray-${i}@nhs.net`, network: "net-spray", ip }, now)).ok).toBe(true);
    }
    const refused = await requestPasswordReset(db(), { email: "spray-last@nhs.net", network: "net-spray", ip }, now);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.limited.retryAfterSeconds).toBeGreaterThan(0);
  });
});

describe("using the link", () => {
  it("sets the password once, ends every session, clears a lockout and is audited", async () => {
    const user = await person("use.link@nhs.net");
    await db().user.update({ where: { id: user.id }, data: { lockedUntil: new Date(Date.now() + 600_000), failedLoginCount: 3 } });
    await db().session.createMany({
      data: [1, 2].map((n) => ({ id: `session-${n}-${user.id}`, userId: user.id, csrfSecret: "x", expiresAt: new Date(Date.now() + 3_600_000) })),
    });
    await issuePasswordReset(db(), { email: user.email, ip });
    const token = await latestLinkFor(user.email);
    expect((await findPasswordReset(db(), token)).state).toBe("valid");

    expect(await resetPassword(db(), token, "a brand new long password", { ip })).toEqual({ ok: true, userId: user.id });
    expect(await db().session.count({ where: { userId: user.id } })).toBe(0);
    const after = await db().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.lockedUntil).toBeNull();
    expect(after.passwordChangedAt).not.toBeNull();
    expect(await signIn(db(), { email: user.email, password: "a brand new long password", network: "net-ok" })).toMatchObject({ ok: true });
    expect(await signIn(db(), { email: user.email, password: DEMO_PASSWORD, network: "net-ok" })).toMatchObject({ ok: false });
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "auth.passwordReset", objectId: user.id } });
    expect(audit.after).toMatchObject({ sessionsEnded: 2 });
    expect(JSON.stringify(audit.after)).not.toContain(token);

    // Reused: refused, and the password stays the one just set.
    expect(await resetPassword(db(), token, "an attacker's long password", { ip })).toEqual({ ok: false, state: "used" });
    expect(await signIn(db(), { email: user.email, password: "a brand new long password", network: "net-ok" })).toMatchObject({ ok: true });
  });

  it("refuses an expired link and an altered one, changing nothing", async () => {
    const user = await person("expired.link@nhs.net");
    await issuePasswordReset(db(), { email: user.email, ip }, new Date(Date.now() - 61 * 60_000));
    const token = await latestLinkFor(user.email);
    const hashBefore = (await db().user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash;
    expect(await resetPassword(db(), token, "too late long password", { ip })).toEqual({ ok: false, state: "expired" });
    const altered = `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`;
    expect(await resetPassword(db(), altered, "forged long password!", { ip })).toEqual({ ok: false, state: "unknown" });
    for (const nasty of ["", "' OR 1=1 --", "x".repeat(10_000), null, 42, ["a"]]) {
      expect((await findPasswordReset(db(), nasty)).state).toBe("unknown");
    }
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toBe(hashBefore);
  });

  it("spends every other open link when one is used", async () => {
    const user = await person("two.links@nhs.net");
    await issuePasswordReset(db(), { email: user.email, ip });
    const first = await latestLinkFor(user.email);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await issuePasswordReset(db(), { email: user.email, ip });
    const second = await latestLinkFor(user.email);
    expect(second).not.toBe(first);
    expect((await resetPassword(db(), second, "the second long password", { ip })).ok).toBe(true);
    expect(await resetPassword(db(), first, "the first long password!", { ip })).toEqual({ ok: false, state: "used" });
  });

  it("is useless for an account deactivated after the link was sent", async () => {
    const user = await person("deactivated.later@nhs.net");
    await issuePasswordReset(db(), { email: user.email, ip });
    const token = await latestLinkFor(user.email);
    await db().user.update({ where: { id: user.id }, data: { isActive: false } });
    expect(await resetPassword(db(), token, "still not allowed pass", { ip })).toEqual({ ok: false, state: "unknown" });
  });

  it("sets the password once when the same form is posted twice at once", async () => {
    const user = await person("double.post@nhs.net");
    await issuePasswordReset(db(), { email: user.email, ip });
    const token = await latestLinkFor(user.email);
    const results = await Promise.all([resetPassword(db(), token, "first of two long words", { ip }), resetPassword(db(), token, "second of two long words", { ip })]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await db().auditEvent.count({ where: { action: "auth.passwordReset", objectId: user.id } })).toBe(1);
  });
});
