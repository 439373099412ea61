import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { dataDir, env } from "~/utils/env.server";

/**
 * Two-factor secrets at rest (issue 14): AES-256-GCM, so a copy of the database alone cannot
 * make anyone's codes. The key is MFA_ENCRYPTION_KEY (required in production), or locally a
 * generated key kept beside the data, as the session secret is. Each secret is bound to its
 * user (the user's id is the additional authenticated data), so one person's encrypted
 * secret copied onto another's row does not decrypt.
 *
 * Stored as "v1.<iv>.<ciphertext>.<tag>" (base64url), so the format can change later.
 */
const VERSION = "v1";

let cachedKey: Buffer | undefined;

export function encryptionKey(): Buffer {
  if (cachedKey) return cachedKey;
  const configured = env().MFA_ENCRYPTION_KEY;
  if (configured) return (cachedKey = Buffer.from(configured, "hex"));
  const file = dataDir("mfa-encryption-key");
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    try {
      // "wx": of two processes starting at once, the second keeps the first one's key.
      writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600, flag: "wx" });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  const key = readFileSync(file, "utf8").trim();
  if (!/^[0-9a-fA-F]{64}$/.test(key)) throw new Error(`${file} is not a 64-character hexadecimal key`);
  return (cachedKey = Buffer.from(key, "hex"));
}

export function sealSecret(plain: string, userId: string, key: Buffer = encryptionKey()): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(userId));
  const ciphertext = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64url"), ciphertext.toString("base64url"), cipher.getAuthTag().toString("base64url")].join(".");
}

/** The secret, or null when the value was not sealed with this key for this user. */
export function openSecret(sealed: string, userId: string, key: Buffer = encryptionKey()): string | null {
  const [version, iv, ciphertext, tag, extra] = sealed.split(".");
  if (version !== VERSION || !iv || !ciphertext || !tag || extra !== undefined) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"), { authTagLength: 16 });
    decipher.setAAD(Buffer.from(userId));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}
