import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { openSecret, sealSecret } from "./secret-box.server";

const key = randomBytes(32);
const SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

describe("two-factor secrets at rest", () => {
  it("are encrypted, differently each time, and open with the same key for the same user", () => {
    const a = sealSecret(SECRET, "user-1", key);
    const b = sealSecret(SECRET, "user-1", key);
    expect(a).not.toContain(SECRET);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(openSecret(a, "user-1", key)).toBe(SECRET);
    expect(openSecret(b, "user-1", key)).toBe(SECRET);
  });

  it("do not open for another user, with another key, or once changed", () => {
    const sealed = sealSecret(SECRET, "user-1", key);
    expect(openSecret(sealed, "user-2", key)).toBeNull();
    expect(openSecret(sealed, "user-1", randomBytes(32))).toBeNull();
    const [version, iv, ciphertext, tag] = sealed.split(".");
    const flipped = Buffer.from(ciphertext, "base64url");
    flipped[0] ^= 1;
    expect(openSecret([version, iv, flipped.toString("base64url"), tag].join("."), "user-1", key)).toBeNull();
    expect(openSecret([version, iv, ciphertext, tag.slice(0, 8)].join("."), "user-1", key)).toBeNull();
    for (const bad of ["", SECRET, "v2.a.b.c", "v1.a.b", `${sealed}.extra`]) expect(openSecret(bad, "user-1", key), bad).toBeNull();
  });
});
