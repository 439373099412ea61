import { beforeAll, describe, expect, it } from "vitest";
import { createOrganisationWithUser, ensureReferenceData } from "../../../seed/factories";
import { useTestDatabase } from "~/test/database";
import { hashToken } from "~/utils/session.server";
import { CHALLENGE_ATTEMPTS, CHALLENGE_MINUTES, timeStep, totpCodeAt } from "./totp";
import {
  answerSignInChallenge,
  confirmEnrolment,
  readSignInChallenge,
  regenerateRecoveryCodes,
  startEnrolment,
  startSignInChallenge,
  turnOffTwoFactor,
  twoFactorStatus,
} from "./two-factor.server";

const database = useTestDatabase();
const IP = "192.0.2.44";
/** 10 s into a time step, so the steps either side are plainly the previous and next. */
const T0 = new Date(timeStep(new Date("2026-12-03T10:00:00Z")) * 30_000 + 10_000);
const later = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const stepAt = (at: Date) => timeStep(at);

beforeAll(async () => {
  await ensureReferenceData(database.db);
});

async function staffUser() {
  return (await createOrganisationWithUser(database.db, { type: "EXECUTIVE_AGENCY" })).user;
}

/** A user with two-factor on, set up at T0 - 5 minutes; returns the secret and recovery codes. */
async function enrolled(options: { role?: "AUTHORITY" | "BUYER" } = {}) {
  const user = options.role === "BUYER" ? (await createOrganisationWithUser(database.db)).user : await staffUser();
  const enrolment = await startEnrolment(database.db, user.id);
  const secret = enrolment!.key.replaceAll(" ", "");
  const setUpAt = later(-300);
  const confirmed = await confirmEnrolment(database.db, user.id, totpCodeAt(secret, stepAt(setUpAt)), IP, setUpAt);
  if (!confirmed.ok) throw new Error(`set-up failed: ${confirmed.reason}`);
  return { user, secret, recoveryCodes: confirmed.recoveryCodes };
}

async function challengeFor(userId: string, at = T0, redirectTo: string | null = null) {
  const challenge = await startSignInChallenge(database.db, { userId, redirectTo }, at);
  if (!challenge) throw new Error("expected a challenge");
  return challenge;
}

const auditActions = async (userId: string) =>
  (await database.db.auditEvent.findMany({ where: { objectType: "User", objectId: userId }, orderBy: { id: "asc" } })).map((e) => ({ action: e.action, after: e.after }));

describe("setting up an authenticator", () => {
  it("keeps the secret sealed, shows the same one until confirmed, and turns two-factor on with 10 recovery codes", async () => {
    const user = await staffUser();
    expect(await twoFactorStatus(database.db, user.id)).toMatchObject({ enabledAt: null, pending: false, required: true });
    const first = await startEnrolment(database.db, user.id);
    const again = await startEnrolment(database.db, user.id);
    expect(again!.key).toBe(first!.key);
    expect(first!.qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    const secret = first!.key.replaceAll(" ", "");
    const row = await database.db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.totpSecret).toMatch(/^v1\./);
    expect(row.totpSecret).not.toContain(secret);
    expect(await twoFactorStatus(database.db, user.id)).toMatchObject({ pending: true, enabledAt: null });

    expect(await confirmEnrolment(database.db, user.id, "000000", IP, T0)).toMatchObject({ ok: false });
    const confirmed = await confirmEnrolment(database.db, user.id, totpCodeAt(secret, stepAt(T0)), IP, T0);
    expect(confirmed.ok).toBe(true);
    if (!confirmed.ok) return;
    expect(confirmed.recoveryCodes).toHaveLength(10);
    const stored = await database.db.recoveryCode.findMany({ where: { userId: user.id } });
    expect(stored).toHaveLength(10);
    expect(stored.map((c) => c.codeHash)).not.toContain(confirmed.recoveryCodes[0]);
    expect(await twoFactorStatus(database.db, user.id)).toMatchObject({ enabledAt: T0, pending: false, recoveryCodesLeft: 10 });
    // Never replaced while on.
    expect(await startEnrolment(database.db, user.id, { restart: true })).toBeNull();
    expect((await auditActions(user.id)).map((e) => e.action)).toContain("auth.mfaEnrol");
  });

  it("uses the confirming code's step: it cannot then sign in", async () => {
    const user = await staffUser();
    const secret = (await startEnrolment(database.db, user.id))!.key.replaceAll(" ", "");
    const code = totpCodeAt(secret, stepAt(T0));
    expect((await confirmEnrolment(database.db, user.id, code, IP, T0)).ok).toBe(true);
    const challenge = await challengeFor(user.id);
    expect(await answerSignInChallenge(database.db, challenge.token, { totp: code }, IP, T0)).toMatchObject({ ok: false, reason: "used" });
  });

  it("at first sign-in, staff confirm the set-up through the challenge and are signed in", async () => {
    const user = await staffUser();
    const challenge = await challengeFor(user.id, T0, "/admin/flags");
    expect(challenge.step).toBe("set-up");
    const open = await readSignInChallenge(database.db, challenge.token, T0);
    expect(open).toMatchObject({ step: "set-up", redirectTo: "/admin/flags", attemptsLeft: CHALLENGE_ATTEMPTS });
    const secret = (await startEnrolment(database.db, user.id))!.key.replaceAll(" ", "");
    const result = await answerSignInChallenge(database.db, challenge.token, { totp: totpCodeAt(secret, stepAt(T0)) }, IP, T0);
    expect(result).toMatchObject({ ok: true, userId: user.id, redirectTo: "/admin/flags" });
    if (result.ok) expect(result.recoveryCodes).toHaveLength(10);
    expect(await readSignInChallenge(database.db, challenge.token, T0)).toBeNull();
  });

  it("is not asked of people other than staff, whose password is enough", async () => {
    const { user } = await createOrganisationWithUser(database.db);
    expect(await startSignInChallenge(database.db, { userId: user.id, redirectTo: null }, T0)).toBeNull();
  });
});

describe("signing in with a code", () => {
  it("accepts a current code once; the same code again is refused as used", async () => {
    const { user, secret } = await enrolled();
    const code = totpCodeAt(secret, stepAt(T0));
    const first = await challengeFor(user.id);
    expect(await answerSignInChallenge(database.db, first.token, { totp: `${code.slice(0, 3)} ${code.slice(3)}` }, IP, T0)).toMatchObject({ ok: true, userId: user.id });
    // The challenge is used up…
    expect(await answerSignInChallenge(database.db, first.token, { totp: code }, IP, T0)).toEqual({ ok: false, reason: "ended" });
    // …and a new sign-in cannot replay the code, within its step or the next.
    const second = await challengeFor(user.id);
    expect(await answerSignInChallenge(database.db, second.token, { totp: code }, IP, later(25))).toMatchObject({ ok: false, reason: "used", attemptsLeft: CHALLENGE_ATTEMPTS - 1 });
    expect((await database.db.user.findUniqueOrThrow({ where: { id: user.id } })).totpLastStep).toBe(stepAt(T0));
    // The next step's code still works.
    expect(await answerSignInChallenge(database.db, second.token, { totp: totpCodeAt(secret, stepAt(T0) + 1) }, IP, later(25))).toMatchObject({ ok: true });
  });

  it("refuses codes outside the ±1 step window", async () => {
    const { user, secret } = await enrolled();
    const challenge = await challengeFor(user.id);
    for (const step of [stepAt(T0) - 2, stepAt(T0) + 2, stepAt(T0) + 100]) {
      expect(await answerSignInChallenge(database.db, challenge.token, { totp: totpCodeAt(secret, step) }, IP, T0)).toMatchObject({ ok: false, reason: "wrong" });
    }
    expect(await answerSignInChallenge(database.db, challenge.token, { totp: totpCodeAt(secret, stepAt(T0) - 1) }, IP, T0)).toMatchObject({ ok: true });
  });

  it("of two submissions of one code at the same moment, exactly one signs in", async () => {
    const { user, secret } = await enrolled();
    const code = totpCodeAt(secret, stepAt(T0));
    const [a, b] = await Promise.all([challengeFor(user.id), challengeFor(user.id)]);
    const results = await Promise.all([
      answerSignInChallenge(database.db, a.token, { totp: code }, IP, T0),
      answerSignInChallenge(database.db, b.token, { totp: code }, IP, T0),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ ok: false, reason: "used" });
  });

  it("of the same challenge answered twice at once with two good codes, one signs in and the other is told to sign in again", async () => {
    const { user, secret } = await enrolled();
    const challenge = await challengeFor(user.id);
    const results = await Promise.all([
      answerSignInChallenge(database.db, challenge.token, { totp: totpCodeAt(secret, stepAt(T0)) }, IP, T0),
      answerSignInChallenge(database.db, challenge.token, { totp: totpCodeAt(secret, stepAt(T0) + 1) }, IP, T0),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ reason: expect.stringMatching(/^(ended|used)$/) });
    // The loser's claim was undone with it: the step accepted is the winner's.
    const winner = results[0].ok ? stepAt(T0) : stepAt(T0) + 1;
    expect((await database.db.user.findUniqueOrThrow({ where: { id: user.id } })).totpLastStep).toBe(winner);
  });

  it("ends the challenge after 10 minutes", async () => {
    const { user, secret } = await enrolled();
    const challenge = await challengeFor(user.id);
    const expiry = later(CHALLENGE_MINUTES * 60);
    expect(await readSignInChallenge(database.db, challenge.token, new Date(expiry.getTime() - 1))).not.toBeNull();
    expect(await answerSignInChallenge(database.db, challenge.token, { totp: totpCodeAt(secret, stepAt(expiry)) }, IP, expiry)).toEqual({ ok: false, reason: "ended" });
    expect((await database.db.user.findUniqueOrThrow({ where: { id: user.id } })).totpLastStep).not.toBe(stepAt(expiry));
  });

  it("gives nothing to a token that is not a challenge, or to someone else's code on it", async () => {
    const victim = await enrolled();
    const attacker = await enrolled();
    const challenge = await challengeFor(victim.user.id);
    // The attacker's own good code on the victim's challenge is checked against the victim's secret.
    const attackerCode = totpCodeAt(attacker.secret, stepAt(T0));
    const victimCode = totpCodeAt(victim.secret, stepAt(T0));
    if (attackerCode !== victimCode) {
      expect(await answerSignInChallenge(database.db, challenge.token, { totp: attackerCode }, IP, T0)).toMatchObject({ ok: false, reason: "wrong" });
    }
    expect(await answerSignInChallenge(database.db, challenge.token, { recoveryCode: attacker.recoveryCodes[0] }, IP, T0)).toMatchObject({ ok: false, reason: "recovery-code" });
    // The attacker's recovery code was not used up by that.
    const attackerChallenge = await challengeFor(attacker.user.id);
    expect(await answerSignInChallenge(database.db, attackerChallenge.token, { recoveryCode: attacker.recoveryCodes[0] }, IP, T0)).toMatchObject({ ok: true, userId: attacker.user.id });
    // Tokens that are no challenge: made up, the hash itself (as read from the database), or junk.
    for (const token of ["A".repeat(43), hashToken(challenge.token), challenge.token.slice(1), "", null, ["x"], "' OR 1=1 --"]) {
      expect(await answerSignInChallenge(database.db, token, { totp: victimCode }, IP, T0)).toEqual({ ok: false, reason: "ended" });
    }
    expect(await answerSignInChallenge(database.db, challenge.token, { totp: victimCode }, IP, T0)).toMatchObject({ ok: true, userId: victim.user.id });
  });

  it(`ends the challenge at the ${CHALLENGE_ATTEMPTS}th wrong code, audited, while badly formed input changes nothing`, async () => {
    const { user, secret } = await enrolled();
    const challenge = await challengeFor(user.id);
    for (const junk of ["abcdef", "1234567", "9".repeat(5000), "1; DROP TABLE users", ""]) {
      expect(await answerSignInChallenge(database.db, challenge.token, { totp: junk }, IP, T0)).toEqual({ ok: false, reason: "format", attemptsLeft: CHALLENGE_ATTEMPTS });
    }
    const wrong = totpCodeAt(secret, stepAt(T0) + 5);
    for (let left = CHALLENGE_ATTEMPTS - 1; left > 0; left--) {
      expect(await answerSignInChallenge(database.db, challenge.token, { totp: wrong }, IP, T0)).toEqual({ ok: false, reason: "wrong", attemptsLeft: left });
    }
    expect(await answerSignInChallenge(database.db, challenge.token, { totp: wrong }, IP, T0)).toEqual({ ok: false, reason: "ended" });
    // Over: even the right code is refused now, and the person must sign in again.
    expect(await answerSignInChallenge(database.db, challenge.token, { totp: totpCodeAt(secret, stepAt(T0)) }, IP, T0)).toEqual({ ok: false, reason: "ended" });
    expect(await database.db.signInChallenge.count({ where: { userId: user.id } })).toBe(0);
    const failures = (await auditActions(user.id)).filter((e) => e.action === "auth.mfaFailed");
    expect(failures).toHaveLength(CHALLENGE_ATTEMPTS);
    expect(failures.at(-1)?.after).toMatchObject({ reason: "wrong", ended: true, attempt: CHALLENGE_ATTEMPTS });
  });

  it("limits wrong codes for one account across sign-ins, so a known password does not allow endless guessing", async () => {
    const { user, secret } = await enrolled();
    const wrong = totpCodeAt(secret, stepAt(T0) + 7);
    for (let i = 0; i < 2; i++) {
      const challenge = await challengeFor(user.id);
      for (let j = 0; j < CHALLENGE_ATTEMPTS; j++) await answerSignInChallenge(database.db, challenge.token, { totp: wrong }, IP, T0);
    }
    const next = await challengeFor(user.id);
    expect(await answerSignInChallenge(database.db, next.token, { totp: totpCodeAt(secret, stepAt(T0)) }, IP, later(1))).toEqual({ ok: false, reason: "throttled" });
    // After the window the right code works again.
    const afterwards = later(31 * 60);
    const fresh = await challengeFor(user.id, afterwards);
    expect(await answerSignInChallenge(database.db, fresh.token, { totp: totpCodeAt(secret, stepAt(afterwards)) }, IP, afterwards)).toMatchObject({ ok: true });
  });
});

describe("recovery codes at sign-in", () => {
  it("each works once, in any case and with or without hyphens, and is audited", async () => {
    const { user, recoveryCodes } = await enrolled();
    const [code] = recoveryCodes;
    const first = await challengeFor(user.id);
    expect(await answerSignInChallenge(database.db, first.token, { recoveryCode: ` ${code.toUpperCase().replaceAll("-", "")} ` }, IP, T0)).toMatchObject({ ok: true, recoveryCodesLeft: 9 });
    const second = await challengeFor(user.id);
    expect(await answerSignInChallenge(database.db, second.token, { recoveryCode: code }, IP, T0)).toMatchObject({ ok: false, reason: "recovery-code", attemptsLeft: CHALLENGE_ATTEMPTS - 1 });
    expect(await answerSignInChallenge(database.db, second.token, { recoveryCode: recoveryCodes[1] }, IP, T0)).toMatchObject({ ok: true, recoveryCodesLeft: 8 });
    expect((await auditActions(user.id)).filter((e) => e.action === "auth.recoveryCodeUsed").map((e) => e.after)).toEqual([{ recoveryCodesLeft: 9 }, { recoveryCodesLeft: 8 }]);
  });

  it("of one code used twice at once, exactly one signs in", async () => {
    const { user, recoveryCodes } = await enrolled();
    const [a, b] = await Promise.all([challengeFor(user.id), challengeFor(user.id)]);
    const results = await Promise.all([
      answerSignInChallenge(database.db, a.token, { recoveryCode: recoveryCodes[3] }, IP, T0),
      answerSignInChallenge(database.db, b.token, { recoveryCode: recoveryCodes[3] }, IP, T0),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await database.db.recoveryCode.count({ where: { userId: user.id, usedAt: { not: null } } })).toBe(1);
  });

  it("refuses badly formed codes without counting an attempt", async () => {
    const { user } = await enrolled();
    const challenge = await challengeFor(user.id);
    for (const junk of ["zzzz-zzzz-zzzz", "ab12-cd34", "<script>alert(1)</script>", "x".repeat(100_000)]) {
      expect(await answerSignInChallenge(database.db, challenge.token, { recoveryCode: junk }, IP, T0)).toEqual({ ok: false, reason: "format", attemptsLeft: CHALLENGE_ATTEMPTS });
    }
  });
});

describe("the account page's changes", () => {
  it("new recovery codes need a current code and replace the old ones", async () => {
    const { user, secret, recoveryCodes } = await enrolled();
    expect(await regenerateRecoveryCodes(database.db, user.id, "12345", IP, T0)).toEqual({ ok: false, reason: "format" });
    expect(await regenerateRecoveryCodes(database.db, user.id, totpCodeAt(secret, stepAt(T0) + 3), IP, T0)).toEqual({ ok: false, reason: "wrong" });
    const result = await regenerateRecoveryCodes(database.db, user.id, totpCodeAt(secret, stepAt(T0)), IP, T0);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.recoveryCodes).toHaveLength(10);
    expect(result.recoveryCodes).not.toContain(recoveryCodes[0]);
    // The code is used: not again, and not to sign in.
    expect(await regenerateRecoveryCodes(database.db, user.id, totpCodeAt(secret, stepAt(T0)), IP, T0)).toEqual({ ok: false, reason: "used" });
    const challenge = await challengeFor(user.id);
    expect(await answerSignInChallenge(database.db, challenge.token, { recoveryCode: recoveryCodes[0] }, IP, T0)).toMatchObject({ ok: false, reason: "recovery-code" });
    expect(await answerSignInChallenge(database.db, challenge.token, { recoveryCode: result.recoveryCodes![0] }, IP, T0)).toMatchObject({ ok: true });
    expect((await auditActions(user.id)).map((e) => e.action)).toContain("auth.recoveryCodesRegenerated");
  });

  it("commercial staff cannot turn two-factor off; others can, with a current code", async () => {
    const staff = await enrolled();
    expect(await turnOffTwoFactor(database.db, staff.user.id, totpCodeAt(staff.secret, stepAt(T0)), IP, T0)).toEqual({ ok: false, reason: "required" });
    expect((await twoFactorStatus(database.db, staff.user.id)).enabledAt).not.toBeNull();

    const buyer = await enrolled({ role: "BUYER" });
    expect((await challengeFor(buyer.user.id)).step).toBe("code");
    expect(await turnOffTwoFactor(database.db, buyer.user.id, "abcdef", IP, T0)).toEqual({ ok: false, reason: "format" });
    expect(await turnOffTwoFactor(database.db, buyer.user.id, totpCodeAt(buyer.secret, stepAt(T0)), IP, T0)).toEqual({ ok: true });
    expect(await twoFactorStatus(database.db, buyer.user.id)).toMatchObject({ enabledAt: null, pending: false, recoveryCodesLeft: 0, required: false });
    expect(await database.db.recoveryCode.count({ where: { userId: buyer.user.id } })).toBe(0);
    expect(await startSignInChallenge(database.db, { userId: buyer.user.id, redirectTo: null }, T0)).toBeNull();
    expect((await auditActions(buyer.user.id)).map((e) => e.action)).toContain("auth.mfaDisabled");
  });
});
