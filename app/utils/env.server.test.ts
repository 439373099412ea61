import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseEnv } from "./env.server";

const production = {
  NODE_ENV: "production",
  DATABASE_URL: "postgresql://catalogue@db.internal:5432/catalogue",
  SESSION_SECRET: "a-session-secret-of-at-least-thirty-two-characters",
  APP_URL: "https://buyingcatalogue.digital.nhs.uk",
  MFA_ENCRYPTION_KEY: "0123456789abcdef".repeat(4),
};

describe("the typed environment", () => {
  it("starts a fresh machine with embedded defaults outside production", () => {
    const config = parseEnv({});
    expect(config).toMatchObject({ NODE_ENV: "development", EMBEDDED_DATABASE: true, AUTO_MIGRATE: true, SEED_DEMO: false, TRUST_PROXY: false, DB_POOL_SIZE: 10 });
    expect(config.MEILISEARCH_INDEX).toBe("solutions");
  });

  it("in production, needs DATABASE_URL, SESSION_SECRET and APP_URL, and says which are missing", () => {
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrowError(/DATABASE_URL: is required[\s\S]*SESSION_SECRET: is required[\s\S]*APP_URL: is required/);
    for (const missing of ["DATABASE_URL", "SESSION_SECRET", "APP_URL"] as const) {
      expect(() => parseEnv({ ...production, [missing]: "" }), missing).toThrowError(new RegExp(`${missing}: is required`));
    }
    expect(parseEnv(production)).toMatchObject({ EMBEDDED_DATABASE: false, AUTO_MIGRATE: false });
  });

  it("in production, needs MFA_ENCRYPTION_KEY as 64 hex characters, except for a demo on the embedded database", () => {
    expect(() => parseEnv({ ...production, MFA_ENCRYPTION_KEY: "" })).toThrowError(/MFA_ENCRYPTION_KEY: is required/);
    for (const bad of ["0123", "g".repeat(64), "0".repeat(65)]) {
      expect(() => parseEnv({ ...production, MFA_ENCRYPTION_KEY: bad }), bad).toThrowError(/MFA_ENCRYPTION_KEY: must be 64 hexadecimal/);
    }
    const demo = { ...production, DATABASE_URL: "", MFA_ENCRYPTION_KEY: "", EMBEDDED_DATABASE: "true", APP_URL: "http://localhost:3000" };
    expect(parseEnv(demo).MFA_ENCRYPTION_KEY).toBeUndefined();
    expect(parseEnv({}).MFA_ENCRYPTION_KEY).toBeUndefined();
  });

  it("in production, uses the embedded database and migrates on boot only when asked (as the demo does)", () => {
    const demo = parseEnv({ ...production, DATABASE_URL: "", EMBEDDED_DATABASE: "true", AUTO_MIGRATE: "true", APP_URL: "http://localhost:3000" });
    expect(demo).toMatchObject({ EMBEDDED_DATABASE: true, AUTO_MIGRATE: true });
  });

  it("in production, refuses an APP_URL on localhost, so emails never link there", () => {
    for (const url of ["http://localhost:3000", "http://127.0.0.1", "http://app.localhost"]) {
      expect(() => parseEnv({ ...production, APP_URL: url }), url).toThrowError(/APP_URL: must be the service's public address/);
    }
    expect(() => parseEnv({ ...production, APP_URL: "javascript:alert(1)" })).toThrowError(/APP_URL/);
  });

  it("validates the settings that used to bypass it", () => {
    expect(() => parseEnv({ AUTO_MIGRATE: "yes" })).toThrowError(/AUTO_MIGRATE/);
    expect(() => parseEnv({ SEED_DEMO: "1" })).toThrowError(/SEED_DEMO/);
    expect(() => parseEnv({ DB_POOL_SIZE: "0" })).toThrowError(/DB_POOL_SIZE/);
    expect(() => parseEnv({ DB_POOL_SIZE: "many" })).toThrowError(/DB_POOL_SIZE/);
    expect(() => parseEnv({ MEILISEARCH_INDEX: "solutions; drop" })).toThrowError(/MEILISEARCH_INDEX/);
    expect(() => parseEnv({ TRUST_PROXY: "yes please" })).toThrowError(/TRUST_PROXY/);
    expect(parseEnv({ AUTO_MIGRATE: "false", SEED_DEMO: "true", DB_POOL_SIZE: "25" })).toMatchObject({ AUTO_MIGRATE: false, SEED_DEMO: true, DB_POOL_SIZE: 25 });
  });

  it("turns NHS CIS2 sign-in on with all three of its settings, off with none, and refuses half of them", () => {
    const cis2 = { CIS2_ISSUER: "https://am.nhsint.auth-ptl.cis2.spineservices.nhs.uk/openam/oauth2/realms/root/realms/NHSIdentity/realms/Healthcare", CIS2_CLIENT_ID: "catalogue", CIS2_CLIENT_SECRET: "s3cret" };
    expect(parseEnv({ ...production, ...cis2 })).toMatchObject({ ...cis2, CIS2_SCOPES: "openid profile email" });
    expect(parseEnv(production).CIS2_ISSUER).toBeUndefined();
    expect(() => parseEnv({ ...production, CIS2_ISSUER: cis2.CIS2_ISSUER })).toThrowError(/CIS2_CLIENT_ID: is needed too[\s\S]*CIS2_CLIENT_SECRET: is needed too/);
    expect(() => parseEnv({ ...cis2, CIS2_CLIENT_SECRET: "" })).toThrowError(/CIS2_CLIENT_SECRET: is needed too/);
    expect(() => parseEnv({ ...production, ...cis2, CIS2_ISSUER: "http://cis2.example.nhs.uk" })).toThrowError(/CIS2_ISSUER: must be an https/);
    expect(parseEnv({ ...production, ...cis2, CIS2_ISSUER: "http://localhost:4000" }).CIS2_ISSUER).toBe("http://localhost:4000");
    expect(parseEnv({ ...cis2, CIS2_SCOPES: "openid profile email nationalrbacaccess" }).CIS2_SCOPES).toBe("openid profile email nationalrbacaccess");
    expect(() => parseEnv({ ...cis2, CIS2_SCOPES: "profile email" })).toThrowError(/CIS2_SCOPES: must include openid/);
    expect(() => parseEnv({ ...cis2, CIS2_SCOPES: "openid\"><script>" })).toThrowError(/CIS2_SCOPES/);
  });

  it("reads TRUST_PROXY as a number of proxies, so `true` trusts only the load balancer in front", () => {
    expect(parseEnv({ TRUST_PROXY: "true" }).TRUST_PROXY).toBe(1);
    expect(parseEnv({ TRUST_PROXY: "2" }).TRUST_PROXY).toBe(2);
    expect(parseEnv({ TRUST_PROXY: "false" }).TRUST_PROXY).toBe(false);
    expect(parseEnv({ TRUST_PROXY: "loopback, 10.0.0.0/8" }).TRUST_PROXY).toEqual(["loopback", "10.0.0.0/8"]);
  });

  it("is the only reader of configuration: no other app or server file reads process.env for settings", () => {
    const root = path.resolve(__dirname, "../..");
    const files = [path.join(root, "server.ts"), ...walk(path.join(root, "app"))].filter((file) => /\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file) && !file.includes(`${path.sep}test${path.sep}`));
    // DATABASE_URL is also runtime state: the embedded database's address, set once it has started.
    const allowed = /process\.env\.DATABASE_URL|process\.env\.NODE_ENV === "development"/;
    const offenders = files.flatMap((file) =>
      readFileSync(file, "utf8")
        .split("\n")
        .filter((line) => /process\.env\b/.test(line) && !allowed.test(line) && !file.endsWith("env.server.ts"))
        .map((line) => `${path.relative(root, file)}: ${line.trim()}`),
    );
    expect(offenders).toEqual([]);
  });
});

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}
