import { describe, expect, it } from "vitest";
import {
  checkTotp,
  groupedKey,
  isTotpSecret,
  newRecoveryCodes,
  newTotpSecret,
  normaliseRecoveryCode,
  normaliseTotpCode,
  otpauthUri,
  RECOVERY_CODE_COUNT,
  recoveryCodeHash,
  timeStep,
  totpCodeAt,
} from "./totp";

// RFC 6238 appendix B: the SHA-1 key is the ASCII "12345678901234567890".
const RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const at = (seconds: number) => new Date(seconds * 1000);

describe("a TOTP code", () => {
  it("is what RFC 6238's test vectors give, to 6 digits", () => {
    expect(totpCodeAt(RFC_SECRET, timeStep(at(59)))).toBe("287082");
    expect(totpCodeAt(RFC_SECRET, timeStep(at(1111111109)))).toBe("081804");
    expect(totpCodeAt(RFC_SECRET, timeStep(at(1234567890)))).toBe("005924");
    expect(totpCodeAt(RFC_SECRET, timeStep(at(20000000000)))).toBe("353130");
  });

  it("is accepted for the step before, the current step and the step after, and says which step it was", () => {
    const now = at(1_800_000_015); // step 60,000,000, 15 s in
    const current = timeStep(now);
    expect(current).toBe(60_000_000);
    for (const step of [current - 1, current, current + 1]) {
      expect(checkTotp(RFC_SECRET, totpCodeAt(RFC_SECRET, step), now)).toEqual({ ok: true, step });
    }
    expect(checkTotp(RFC_SECRET, totpCodeAt(RFC_SECRET, current - 2), now)).toEqual({ ok: false, reason: "wrong" });
    expect(checkTotp(RFC_SECRET, totpCodeAt(RFC_SECRET, current + 2), now)).toEqual({ ok: false, reason: "wrong" });
  });

  it("keeps its window exactly at the edges of a step", () => {
    const firstMs = new Date(60_000_000 * 30 * 1000);
    const lastMs = new Date(60_000_000 * 30 * 1000 + 29_999);
    expect(timeStep(firstMs)).toBe(60_000_000);
    expect(timeStep(lastMs)).toBe(60_000_000);
    const previous = totpCodeAt(RFC_SECRET, 59_999_999);
    const twoBefore = totpCodeAt(RFC_SECRET, 59_999_998);
    expect(checkTotp(RFC_SECRET, previous, lastMs)).toEqual({ ok: true, step: 59_999_999 });
    expect(checkTotp(RFC_SECRET, twoBefore, lastMs)).toEqual({ ok: false, reason: "wrong" });
    // One millisecond later the previous step is two behind.
    expect(checkTotp(RFC_SECRET, previous, new Date(lastMs.getTime() + 1))).toEqual({ ok: false, reason: "wrong" });
  });

  it("is refused as used when its step is not after the last step accepted", () => {
    const now = at(1_800_000_015);
    const current = timeStep(now);
    const code = totpCodeAt(RFC_SECRET, current);
    expect(checkTotp(RFC_SECRET, code, now, current)).toEqual({ ok: false, reason: "used" });
    expect(checkTotp(RFC_SECRET, code, now, current + 1)).toEqual({ ok: false, reason: "used" });
    expect(checkTotp(RFC_SECRET, code, now, current - 1)).toEqual({ ok: true, step: current });
    // The next step's code is still good after this one was used.
    expect(checkTotp(RFC_SECRET, totpCodeAt(RFC_SECRET, current + 1), now, current)).toEqual({ ok: true, step: current + 1 });
  });

  it("accepts spaces and hyphens as apps show them, and nothing but 6 digits", () => {
    const now = at(1_800_000_015);
    const code = totpCodeAt(RFC_SECRET, timeStep(now));
    expect(checkTotp(RFC_SECRET, ` ${code.slice(0, 3)} ${code.slice(3)} `, now)).toMatchObject({ ok: true });
    expect(checkTotp(RFC_SECRET, `${code.slice(0, 3)}-${code.slice(3)}`, now)).toMatchObject({ ok: true });
    for (const bad of ["", "12345", "1234567", "12345a", "abcdef", "１２３４５６", "123456\u0000", "' OR 1=1 --", "<script>", "9".repeat(10_000), `${code}0`]) {
      expect(normaliseTotpCode(bad), JSON.stringify(bad.slice(0, 20))).toBeNull();
      expect(checkTotp(RFC_SECRET, bad, now)).toEqual({ ok: false, reason: "format" });
    }
    for (const notText of [undefined, null, 123456, ["123456"], { code: "123456" }]) {
      expect(checkTotp(RFC_SECRET, notText, now)).toEqual({ ok: false, reason: "format" });
    }
  });
});

describe("a TOTP secret", () => {
  it("is 160 random bits as 32 base32 characters, shown in groups of four", () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(isTotpSecret(secret)).toBe(true);
    expect(newTotpSecret()).not.toBe(secret);
    expect(newTotpSecret((size) => Buffer.alloc(size, 0))).toBe("A".repeat(32));
    expect(groupedKey(RFC_SECRET)).toBe("GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ");
  });

  it("goes into an otpauth address with the service's name, SHA-1, 6 digits and 30 s", () => {
    const uri = new URL(otpauthUri(RFC_SECRET, "commercial@nhs.net"));
    expect(uri.protocol).toBe("otpauth:");
    expect(decodeURIComponent(uri.pathname)).toMatch(/NHS Buying Catalogue:commercial@nhs\.net$/);
    expect(Object.fromEntries(uri.searchParams)).toMatchObject({ secret: RFC_SECRET, issuer: "NHS Buying Catalogue", algorithm: "SHA1", digits: "6", period: "30" });
  });
});

describe("recovery codes", () => {
  it("are 10 different readable codes like ab12-cd34-ef56", () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(codes).size).toBe(RECOVERY_CODE_COUNT);
    for (const code of codes) expect(code).toMatch(/^[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}$/);
  });

  it("are read whatever their case, hyphens and spaces, and hash the same", () => {
    expect(normaliseRecoveryCode("AB12-CD34-EF56")).toBe("ab12cd34ef56");
    expect(normaliseRecoveryCode(" ab12 cd34 ef56 ")).toBe("ab12cd34ef56");
    expect(recoveryCodeHash("ab12-cd34-ef56")).toBe(recoveryCodeHash("AB12CD34EF56"));
    expect(recoveryCodeHash("ab12-cd34-ef56")).toMatch(/^[0-9a-f]{64}$/);
    expect(recoveryCodeHash("ab12-cd34-ef56")).not.toBe(recoveryCodeHash("ab12-cd34-ef57"));
  });

  it("refuse anything else", () => {
    for (const bad of ["", "ab12-cd34-ef5", "ab12-cd34-ef567", "gh12-cd34-ef56", "123456", "' OR 1=1 --", "a".repeat(100_000)]) {
      expect(normaliseRecoveryCode(bad), bad.slice(0, 20)).toBeNull();
    }
    expect(normaliseRecoveryCode(undefined)).toBeNull();
    expect(() => recoveryCodeHash("nope")).toThrow();
  });
});
