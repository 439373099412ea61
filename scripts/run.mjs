#!/usr/bin/env node
/**
 * The README's two commands, made to work on a fresh clone of a fresh machine:
 *   npm run demo  → install dependencies, generate the Prisma client, build, start the app
 *                   on embedded PostgreSQL with demo data (PORT or 3000).
 *   npm test      → the same preparation, plus Debian's Chromium for the browser tests, then
 *                   typecheck, unit + integration tests (vitest, real PostgreSQL), and the
 *                   Playwright journeys; ends with one "N passed, N failed" line.
 * Plain Node with no dependencies, because it runs before anything is installed.
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);
const mode = process.argv[2];

function run(command, args, { env = {}, allowFailure = false, capture = false } = {}) {
  const result = spawnSync(command, args, { stdio: capture ? ["inherit", "pipe", "inherit"] : "inherit", env: { ...process.env, ...env } });
  if (capture && result.stdout) process.stdout.write(result.stdout);
  if (result.status !== 0 && !allowFailure) {
    console.error(`\n✗ ${command} ${args.join(" ")} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
  return result;
}
const step = (message) => console.log(`\n▶ ${message}`);
const newer = (a, b) => !existsSync(b) || statSync(a).mtimeMs > statSync(b).mtimeMs;

function installDependencies() {
  const marker = "node_modules/.package-lock.json";
  if (existsSync(marker) && !newer("package-lock.json", marker) && !newer("package.json", marker)) return;
  // `npm install`, not `npm ci`: npm 11 records only this platform's optional packages in the
  // lockfile and `npm ci` then refuses it as out of sync. Versions are pinned exactly in
  // package.json and the lockfile is still honoured (install leaves it unchanged).
  step("Installing dependencies");
  run("npm", ["install", "--no-audit", "--no-fund"]);
}

function generateClient() {
  if (!newer("prisma/schema.prisma", "generated/prisma/client.ts")) return;
  step("Generating the Prisma client");
  run("node", ["scripts/prisma-generate.mjs"]);
}

function build() {
  step("Building the app (Remix, Tailwind)");
  run("npx", ["--no-install", "remix", "build"]);
}

const CHROMIUM = "/usr/bin/chromium";
function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  step("Installing Debian's Chromium for the browser tests");
  const sudo = process.getuid && process.getuid() !== 0 ? ["sudo"] : [];
  const apt = (args) => (sudo.length ? run("sudo", ["apt-get", ...args]) : run("apt-get", args));
  apt(["update", "-qq"]);
  run(sudo.length ? "sudo" : "apt-get", [...(sudo.length ? ["apt-get"] : []), "install", "-y", "-qq", "chromium", "fonts-liberation"], {
    env: { DEBIAN_FRONTEND: "noninteractive" },
  });
}

/** Counts from vitest's and Playwright's JSON reports, for the closing summary line. */
function countResults() {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const file of [".cache/vitest-results.json", ".cache/playwright-results.json"]) {
    if (!existsSync(file)) continue;
    const report = JSON.parse(readFileSync(file, "utf8"));
    if ("numPassedTests" in report) {
      passed += report.numPassedTests;
      failed += report.numFailedTests;
      skipped += report.numPendingTests + (report.numTodoTests ?? 0);
    } else if (report.stats) {
      passed += report.stats.expected;
      failed += report.stats.unexpected + (report.stats.flaky ?? 0);
      skipped += report.stats.skipped;
    }
  }
  return { passed, failed, skipped };
}

installDependencies();
generateClient();

/**
 * The demo runs in production mode, which fails closed (app/utils/env.server.ts), so it asks
 * for what a real deployment would configure: the embedded database, migrations on boot, its
 * own address for email links, and a session secret kept beside its data (the same file a
 * development server generates), unless the environment already sets them.
 */
function demoEnvironment() {
  const dataDir = process.env.DATA_DIR || ".data";
  const secretFile = path.join(dataDir, "session-secret");
  if (!process.env.SESSION_SECRET && !existsSync(secretFile)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(secretFile, randomBytes(32).toString("hex"), { mode: 0o600 });
  }
  return {
    NODE_ENV: "production",
    SEED_DEMO: "true",
    EMBEDDED_DATABASE: "true",
    AUTO_MIGRATE: "true",
    APP_URL: `http://localhost:${process.env.PORT || 3000}`,
    ...(process.env.SESSION_SECRET ? {} : { SESSION_SECRET: readFileSync(secretFile, "utf8").trim() }),
  };
}

if (mode === "demo") {
  build();
  step("Starting the Buying Catalogue with demo data");
  const result = spawnSync("node", ["--import", "tsx", "server.ts"], {
    stdio: "inherit",
    env: { ...demoEnvironment(), ...Object.fromEntries(Object.entries(process.env).filter(([, value]) => value !== "")) },
  });
  process.exit(result.status ?? 0);
} else if (mode === "test") {
  ensureChromium();
  build();
  step("Typechecking");
  run("npx", ["--no-install", "tsc", "--noEmit", "-p", "."]);
  step("Unit and integration tests (vitest, real PostgreSQL)");
  const unit = run("npx", ["--no-install", "vitest", "run", "--reporter=default", "--reporter=json", "--outputFile.json=.cache/vitest-results.json"], { allowFailure: true });
  step("End-to-end journeys (Playwright, Chromium, with and without JavaScript, axe)");
  const e2e = run("npx", ["--no-install", "playwright", "test"], { allowFailure: true, env: { PLAYWRIGHT_JSON_OUTPUT_NAME: ".cache/playwright-results.json" } });
  const { passed, failed, skipped } = countResults();
  console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
  process.exit(unit.status !== 0 || e2e.status !== 0 || failed > 0 || passed === 0 ? 1 : 0);
} else {
  console.error("Usage: node scripts/run.mjs demo|test");
  process.exit(2);
}
