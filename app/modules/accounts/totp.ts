import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { HOTP, Secret, TOTP } from "otpauth";

/**
 * The rules of two-factor sign-in (issue 14), pure so they can be tested without a database
 * or a clock: time-based one-time passwords (RFC 6238) as every authenticator app makes them
 * (SHA-1, 6 digits, 30-second steps), and single-use recovery codes.
 */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** A code of the step before or after the current one is accepted too: phones' clocks drift. */
export const TOTP_WINDOW = 1;
export const TOTP_ISSUER = "NHS Buying Catalogue";
export const RECOVERY_CODE_COUNT = 10;
/** Wrong codes one sign-in may have before the person must sign in again with their password. */
export const CHALLENGE_ATTEMPTS = 5;
export const CHALLENGE_MINUTES = 10;

/** 160 bits, the length RFC 4226 recommends, as base32 (32 letters and digits). */
export function newTotpSecret(random: (size: number) => Buffer = randomBytes): string {
  return new Secret({ buffer: new Uint8Array(random(20)).buffer }).base32;
}

export function isTotpSecret(value: string): boolean {
  return /^[A-Z2-7]{16,128}$/.test(value);
}

/** The time step a moment is in: seconds since 1970 over 30. */
export function timeStep(at: Date): number {
  return Math.floor(at.getTime() / 1000 / TOTP_PERIOD_SECONDS);
}

export function totpCodeAt(secret: string, step: number): string {
  return HOTP.generate({ secret: Secret.fromBase32(secret), algorithm: "SHA1", digits: TOTP_DIGITS, counter: step });
}

/** The address an authenticator app reads from the QR code. */
export function otpauthUri(secret: string, accountName: string): string {
  return new TOTP({
    issuer: TOTP_ISSUER,
    label: accountName,
    secret: Secret.fromBase32(secret),
    algorithm: "SHA1",
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
  }).toString();
}

/** The key as a person types it into an app by hand: groups of four. */
export function groupedKey(secret: string): string {
  return secret.match(/.{1,4}/g)?.join(" ") ?? "";
}

/** Anything longer is not read at all: no one types a 6-digit or 12-character code that long. */
const MAX_INPUT_LENGTH = 64;

/**
 * A code as typed: spaces and hyphens (apps show "123 456") are dropped; 6 digits, or null.
 */
export function normaliseTotpCode(input: unknown): string | null {
  if (typeof input !== "string" || input.length > MAX_INPUT_LENGTH) return null;
  const code = input.replace(/[\s-]/g, "");
  return new RegExp(`^\\d{${TOTP_DIGITS}}$`).test(code) ? code : null;
}

export type TotpCheck = { ok: true; step: number } | { ok: false; reason: "format" | "wrong" | "used" };

/**
 * Checks a code against the secret at `at`, for the step before, the current step and the
 * one after. A code of a step at or before `lastStep` (the last one accepted) is refused as
 * used (RFC 6238 §5.2): the caller then claims the returned step atomically, so two
 * submissions of one code cannot both pass.
 */
export function checkTotp(secret: string, input: unknown, at: Date, lastStep: number | null = null): TotpCheck {
  const code = normaliseTotpCode(input);
  if (!code) return { ok: false, reason: "format" };
  const current = timeStep(at);
  let used = false;
  for (let step = current - TOTP_WINDOW; step <= current + TOTP_WINDOW; step++) {
    if (!sameCode(totpCodeAt(secret, step), code)) continue;
    if (lastStep !== null && step <= lastStep) {
      used = true;
      continue;
    }
    return { ok: true, step };
  }
  return { ok: false, reason: used ? "used" : "wrong" };
}

function sameCode(expected: string, given: string) {
  return expected.length === given.length && timingSafeEqual(Buffer.from(expected), Buffer.from(given));
}

// ───────── Recovery codes ─────────

/** 12 lowercase hexadecimal characters (48 random bits) shown as "ab12-cd34-ef56". */
export function newRecoveryCodes(random: (size: number) => Buffer = randomBytes): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => formatRecoveryCode(random(6).toString("hex")));
}

function formatRecoveryCode(hex: string) {
  return hex.match(/.{4}/g)!.join("-");
}

/** A recovery code as typed (any case, with or without hyphens and spaces), or null. */
export function normaliseRecoveryCode(input: unknown): string | null {
  if (typeof input !== "string" || input.length > MAX_INPUT_LENGTH) return null;
  const code = input.replace(/[\s-]/g, "").toLowerCase();
  return /^[0-9a-f]{12}$/.test(code) ? code : null;
}

/**
 * Recovery codes are stored as SHA-256 hashes: they are random (48 bits, and only 5 guesses
 * a sign-in), so a slow password hash would add nothing but make every sign-in slower.
 */
export function recoveryCodeHash(code: string): string {
  const normalised = normaliseRecoveryCode(code);
  if (!normalised) throw new Error("Not a recovery code");
  return createHash("sha256").update(normalised).digest("hex");
}

// ───────── Messages ─────────

export function totpMessage(reason: "format" | "wrong" | "used" | "missing"): string {
  switch (reason) {
    case "missing":
      return "Enter the 6-digit code from your authenticator app";
    case "format":
      return "Enter the 6-digit code from your authenticator app, using numbers only";
    case "wrong":
      return "The code is not correct. Enter the code your authenticator app shows now";
    case "used":
      return "That code has already been used. Wait for your authenticator app to show a new code and enter that";
  }
}

export function recoveryCodeMessage(reason: "format" | "wrong" | "missing"): string {
  switch (reason) {
    case "missing":
      return "Enter one of your recovery codes";
    case "format":
      return "Enter a recovery code in the format you were given it, like ab12-cd34-ef56";
    case "wrong":
      return "The recovery code is not correct or has already been used";
  }
}
