import { describe, expect, it } from "vitest";
import { cis2RefusalMessage, matchCis2Account, normaliseEmail, type Cis2Candidate, type Cis2RefusalReason } from "./cis2-match";

const account = (overrides: Partial<Cis2Candidate> = {}): Cis2Candidate => ({ id: "u1", email: "pat.buyer@nhs.net", isActive: true, cis2Subject: null, ...overrides });

describe("matching an NHS CIS2 sign-in to an account", () => {
  it("signs in the account already linked to the subject, whatever the email says", () => {
    const linked = account({ cis2Subject: "555000111" });
    expect(matchCis2Account({ sub: "555000111" }, linked, null)).toEqual({ kind: "signIn", userId: "u1" });
    expect(matchCis2Account({ sub: "555000111", email: "someone.else@nhs.net", emailVerified: false }, linked, account({ id: "u2", email: "someone.else@nhs.net" }))).toEqual({ kind: "signIn", userId: "u1" });
  });

  it("refuses a linked account that has been deactivated", () => {
    expect(matchCis2Account({ sub: "s" }, account({ cis2Subject: "s", isActive: false }), null)).toEqual({ kind: "refuse", reason: "deactivated", userId: "u1" });
  });

  it("links an active, unlinked account by a verified email, in any case", () => {
    expect(matchCis2Account({ sub: "s", email: " Pat.Buyer@NHS.net ", emailVerified: true }, null, account())).toEqual({ kind: "link", userId: "u1" });
  });

  it("never matches on an email CIS2 has not verified", () => {
    for (const emailVerified of [false, null, undefined]) {
      expect(matchCis2Account({ sub: "s", email: "pat.buyer@nhs.net", emailVerified }, null, account())).toEqual({ kind: "refuse", reason: "unverified-email", userId: "u1" });
    }
    expect(matchCis2Account({ sub: "s", email: "nobody@nhs.net", emailVerified: false }, null, null)).toEqual({ kind: "refuse", reason: "unverified-email", userId: null });
  });

  it("refuses a person with no account, and one with no email at all: accounts are never made by signing in", () => {
    expect(matchCis2Account({ sub: "s", email: "new.person@nhs.net", emailVerified: true }, null, null)).toEqual({ kind: "refuse", reason: "unknown-person", userId: null });
    expect(matchCis2Account({ sub: "s" }, null, null)).toEqual({ kind: "refuse", reason: "unknown-person", userId: null });
    expect(matchCis2Account({ sub: "s", email: "   ", emailVerified: true }, null, null)).toEqual({ kind: "refuse", reason: "unknown-person", userId: null });
  });

  it("does not trust a candidate whose email is not the claims' email", () => {
    expect(matchCis2Account({ sub: "s", email: "pat@nhs.net", emailVerified: true }, null, account({ email: "other@nhs.net" }))).toEqual({ kind: "refuse", reason: "unknown-person", userId: null });
  });

  it("refuses a deactivated account found by email", () => {
    expect(matchCis2Account({ sub: "s", email: "pat.buyer@nhs.net", emailVerified: true }, null, account({ isActive: false }))).toEqual({ kind: "refuse", reason: "deactivated", userId: "u1" });
  });

  it("refuses an account already linked to a different subject: one person, one CIS2 identity", () => {
    expect(matchCis2Account({ sub: "new-subject", email: "pat.buyer@nhs.net", emailVerified: true }, null, account({ cis2Subject: "old-subject" }))).toEqual({
      kind: "refuse",
      reason: "subject-mismatch",
      userId: "u1",
    });
  });

  it("refuses to be called with an account that is not linked to the subject", () => {
    expect(() => matchCis2Account({ sub: "s" }, account({ cis2Subject: "t" }), null)).toThrow();
  });

  it("normalises emails and rejects empty or over-long ones", () => {
    expect(normaliseEmail(" A@B.nhs.uk ")).toBe("a@b.nhs.uk");
    expect(normaliseEmail("")).toBeNull();
    expect(normaliseEmail(null)).toBeNull();
    expect(normaliseEmail(`${"a".repeat(250)}@b.uk`)).toBeNull();
  });

  it("has a message for every refusal", () => {
    const reasons: Cis2RefusalReason[] = ["unknown-person", "unverified-email", "deactivated", "subject-mismatch", "bad-state", "token-error", "provider-error"];
    for (const reason of reasons) expect(cis2RefusalMessage(reason).title.length).toBeGreaterThan(10);
  });
});
