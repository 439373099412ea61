import path from "node:path";
import { z } from "zod";

/**
 * Typed environment, validated once at start-up so a misconfigured deployment fails
 * fast with a readable message instead of half-working. Every part has an embedded
 * default (DESIGN.md §3), so none of these is needed on a fresh machine.
 */
const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  APP_URL: z.url().optional(),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL").optional(),
  DATA_DIR: z.string().default(".data"),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(5433),
  // Tests start a throwaway embedded database that is deleted when the server stops.
  EMBEDDED_PG_EPHEMERAL: z.enum(["true", "false"]).default("false"),
  SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  MEILISEARCH_URL: z.url().optional(),
  MEILISEARCH_KEY: z.string().optional(),
  STRIPE_SECRET_KEY: z.string().startsWith("sk_").optional(),
  STRIPE_WEBHOOK_SECRET: z.string().startsWith("whsec_").optional(),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL").optional(),
  EMAIL_FROM: z.string().default("Buying Catalogue <noreply@buyingcatalogue.example.nhs.uk>"),
  RUN_JOBS_IN_PROCESS: z.enum(["true", "false"]).default("true"),
  SECURE_COOKIES: z.enum(["true", "false"]).optional(),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;
export function env(): Env {
  if (cached) return cached;
  // An empty variable means "not set", as shells and CI systems often export them empty.
  const present = Object.fromEntries(Object.entries(process.env).filter(([, value]) => value !== ""));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`).join("\n");
    throw new Error(`Invalid environment:\n${problems}`);
  }
  cached = parsed.data;
  return cached;
}

export function dataDir(...parts: string[]) {
  return path.resolve(env().DATA_DIR, ...parts);
}

/** Tests change process.env between cases. */
export function resetEnvForTests() {
  cached = undefined;
}
