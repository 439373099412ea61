import path from "node:path";
import { z } from "zod";

/**
 * Typed environment, validated once at start-up so a misconfigured deployment fails
 * fast with a readable message instead of half-working. Every variable the app reads goes
 * through here (nothing else reads process.env for configuration). Every part has an
 * embedded default for local runs (DESIGN.md §3), so none of these is needed on a fresh
 * machine; with NODE_ENV=production the app fails closed: DATABASE_URL, SESSION_SECRET and
 * APP_URL are required (MFA_ENCRYPTION_KEY too, unless on the embedded database), the
 * embedded database starts only when EMBEDDED_DATABASE=true asks for it (the demo does), and
 * migrations run on boot only when AUTO_MIGRATE=true asks.
 */
const flag = z.enum(["true", "false"]).transform((value) => value === "true");

/**
 * Express's "trust proxy": `false`; a number of proxies in front (`true` means exactly one,
 * the load balancer, so a client cannot choose its own address by sending X-Forwarded-For);
 * or a comma-separated list of proxy addresses or subnets (`loopback`, `10.0.0.0/8`).
 */
const trustProxy = z
  .string()
  .regex(/^(true|false|\d{1,2}|[\w.:/]+(\s*,\s*[\w.:/]+)*)$/, "must be true, false, a number of proxies or a list of proxy addresses")
  .transform((value): boolean | number | string[] => {
    if (value === "false") return false;
    if (value === "true") return 1;
    if (/^\d+$/.test(value)) return Number(value);
    return value.split(",").map((part) => part.trim());
  });

const days = (fallback: number) => z.coerce.number().int().min(1).max(3650).default(fallback);

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "0.0.0.0"]);
export const isLoopbackUrl = (url: string) => LOOPBACK_HOSTS.has(new URL(url).hostname) || new URL(url).hostname.endsWith(".localhost");

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    APP_URL: z.url({ protocol: /^https?$/ }).optional(),
    DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL").optional(),
    /** Start (or reuse) the embedded PostgreSQL when DATABASE_URL is not set. Off in production unless asked. */
    EMBEDDED_DATABASE: flag.optional(),
    DATA_DIR: z.string().default(".data"),
    EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(5433),
    // Tests start a throwaway embedded database that is deleted when the server stops.
    EMBEDDED_PG_EPHEMERAL: flag.default(false),
    DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    /** Web processes serving requests (node:cluster), each with its own pool of DB_POOL_SIZE; `auto` is one per core. */
    WEB_CONCURRENCY: z.union([z.literal("auto"), z.coerce.number().int().min(1).max(64)]).default(1),
    /** Apply pending migrations when the app starts. Production runs `npm run db:deploy` as a release step instead. */
    AUTO_MIGRATE: flag.optional(),
    /** Load the demo catalogue into an empty database at start-up (`npm run demo`). */
    SEED_DEMO: flag.default(false),
    SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    /** AES-256 key for two-factor secrets at rest (64 hex characters); generated into DATA_DIR locally. */
    MFA_ENCRYPTION_KEY: z.string().regex(/^[0-9a-fA-F]{64}$/, "must be 64 hexadecimal characters (32 random bytes)").optional(),
    SECURE_COOKIES: z.enum(["true", "false"]).optional(),
    TRUST_PROXY: trustProxy.default(false),
    MEILISEARCH_URL: z.url().optional(),
    MEILISEARCH_KEY: z.string().optional(),
    MEILISEARCH_INDEX: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, "must be letters, digits, - or _").default("solutions"),
    STRIPE_SECRET_KEY: z.string().startsWith("sk_").optional(),
    STRIPE_WEBHOOK_SECRET: z.string().startsWith("whsec_").optional(),
    SMTP_URL: z.string().regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL").optional(),
    EMAIL_FROM: z.string().default("Buying Catalogue <noreply@buyingcatalogue.example.nhs.uk>"),
    RUN_JOBS_IN_PROCESS: z.enum(["true", "false"]).default("true"),
    /** Requests to the open API (/api/v1) per network per minute. */
    RATE_LIMIT_API_PER_MINUTE: z.coerce.number().int().min(1).max(10_000_000).default(600),
    /** How long delivered outbox messages, sign-in attempts and ended sessions are kept (the daily retention job). */
    RETENTION_OUTBOX_DAYS: days(30),
    RETENTION_LOGIN_ATTEMPTS_DAYS: days(90),
    RETENTION_SESSIONS_DAYS: days(30),
    /** NHS Care Identity Service 2 (OpenID Connect) sign-in: on when all three are set. */
    CIS2_ISSUER: z.url({ protocol: /^https?$/ }).optional(),
    CIS2_CLIENT_ID: z.string().max(500).optional(),
    CIS2_CLIENT_SECRET: z.string().max(2000).optional(),
    CIS2_SCOPES: z.string().regex(/^[\x21\x23-\x5b\x5d-\x7e]+( [\x21\x23-\x5b\x5d-\x7e]+)*$/, "must be scope names separated by single spaces").default("openid profile email"),
  })
  .superRefine((config, ctx) => {
    const problem = (variable: string, message: string) => ctx.addIssue({ code: "custom", path: [variable], message });
    // Half a CIS2 configuration is a mistake, never "off": say which parts are missing.
    const cis2 = { CIS2_ISSUER: config.CIS2_ISSUER, CIS2_CLIENT_ID: config.CIS2_CLIENT_ID, CIS2_CLIENT_SECRET: config.CIS2_CLIENT_SECRET };
    const missing = Object.entries(cis2).filter(([, value]) => !value).map(([name]) => name);
    if (missing.length > 0 && missing.length < 3) {
      for (const name of missing) problem(name, "is needed too: NHS CIS2 sign-in needs CIS2_ISSUER, CIS2_CLIENT_ID and CIS2_CLIENT_SECRET together (or none of them to turn it off)");
    }
    if (config.CIS2_SCOPES.split(" ").indexOf("openid") < 0) problem("CIS2_SCOPES", "must include openid");
    if (config.NODE_ENV !== "production") return;
    if (config.CIS2_ISSUER && new URL(config.CIS2_ISSUER).protocol !== "https:" && !isLoopbackUrl(config.CIS2_ISSUER)) {
      problem("CIS2_ISSUER", "must be an https:// address in production");
    }
    if (!config.DATABASE_URL && !config.EMBEDDED_DATABASE) {
      problem("DATABASE_URL", "is required in production (or EMBEDDED_DATABASE=true for a local demo on the embedded PostgreSQL)");
    }
    if (!config.SESSION_SECRET) problem("SESSION_SECRET", "is required in production (32 or more random characters)");
    // A key file beside the data would differ between instances: only a demo on the embedded database may use one.
    if (!config.MFA_ENCRYPTION_KEY && !config.EMBEDDED_DATABASE) {
      problem("MFA_ENCRYPTION_KEY", "is required in production (64 hexadecimal characters: `openssl rand -hex 32`)");
    }
    if (!config.APP_URL) problem("APP_URL", "is required in production: links in emails are built from it");
    else if (isLoopbackUrl(config.APP_URL) && !config.EMBEDDED_DATABASE) {
      problem("APP_URL", "must be the service's public address in production, not localhost");
    }
  })
  .transform((config) => {
    const production = config.NODE_ENV === "production";
    return {
      ...config,
      EMBEDDED_DATABASE: config.EMBEDDED_DATABASE ?? !production,
      AUTO_MIGRATE: config.AUTO_MIGRATE ?? !production,
    };
  });

export type Env = z.infer<typeof schema>;

/** Validates `variables` (process.env by default) without caching: for start-up checks and tests. */
export function parseEnv(variables: Record<string, string | undefined>): Env {
  // An empty variable means "not set", as shells and CI systems often export them empty.
  const present = Object.fromEntries(Object.entries(variables).filter(([, value]) => value !== "" && value !== undefined));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`).join("\n");
    throw new Error(`Invalid environment:\n${problems}`);
  }
  return parsed.data;
}

let cached: Env | undefined;
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

export function dataDir(...parts: string[]) {
  return path.resolve(env().DATA_DIR, ...parts);
}

/**
 * An absolute link to a page of this service, for emails and other messages read elsewhere:
 * APP_URL, which production requires; this server's local address only outside production.
 */
export function appUrl(pathname: string): string {
  const config = env();
  return new URL(pathname, config.APP_URL ?? `http://localhost:${config.PORT}`).href;
}

/** Tests change process.env between cases. */
export function resetEnvForTests() {
  cached = undefined;
}
