import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { freePort } from "~/utils/embedded-postgres.server";
import type { Db } from "~/utils/db.server";
import { resetEnvForTests } from "~/utils/env.server";

/**
 * The real app server (server.ts, the production build) for tests that must go through HTTP:
 * hostile requests, data requests per role, two instances on one database. Each call starts
 * one process on a free port against the given database (a file's own test database), with
 * production settings, and waits until /healthz answers.
 *
 *   const app = await startAppServer({ databaseUrl: database.url });
 *   const response = await fetch(`${app.baseUrl}/solutions`);
 *   await app.stop();
 */
// import.meta.url, not __dirname: Playwright loads this file as an ES module too (playwright/cis2-journey.spec.ts).
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Shared by the servers and the test process, so sessions minted in a test are valid on them. */
export const TEST_SESSION_SECRET = "test-session-secret-for-http-tests-32chars";
export const TEST_STRIPE_WEBHOOK_SECRET = "whsec_http_tests";
/** Production needs a two-factor encryption key off the embedded database (env.server.ts). */
export const TEST_MFA_ENCRYPTION_KEY = "7e57".repeat(16);

export type AppServer = {
  baseUrl: string;
  /** The server.ts process (the primary when it forked web processes). */
  pid: number;
  /** Everything the process printed, for failure messages. */
  output: () => string;
  stop: () => Promise<void>;
};

/** `port`: a port chosen beforehand, for a server whose own address must be known first (its APP_URL). */
export async function startAppServer({ databaseUrl, env = {}, port: chosenPort }: { databaseUrl: string; env?: Record<string, string>; port?: number }): Promise<AppServer> {
  ensureFreshBuild();
  const port = chosenPort ?? (await freePort());
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "catalogue-http-"));
  let output = "";
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? os.tmpdir(),
      NODE_ENV: "production",
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      DATA_DIR: dataDir,
      SESSION_SECRET: TEST_SESSION_SECRET,
      MFA_ENCRYPTION_KEY: TEST_MFA_ENCRYPTION_KEY,
      APP_URL: "https://buying-catalogue.test.invalid",
      AUTO_MIGRATE: "false",
      SEED_DEMO: "false",
      RUN_JOBS_IN_PROCESS: "false",
      STRIPE_WEBHOOK_SECRET: TEST_STRIPE_WEBHOOK_SECRET,
      DB_POOL_SIZE: "5",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const baseUrl = `http://localhost:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    const state = await Promise.race([exited.then((code) => ({ exited: code })), new Promise<null>((resolve) => setTimeout(() => resolve(null), 200))]);
    if (state) throw new Error(`The app server exited (code ${state.exited}) before it was ready:\n${output}`);
    const healthy = await fetch(`${baseUrl}/healthz`).then((r) => r.ok, () => false);
    if (healthy) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`The app server was not ready after 90 s:\n${output}`);
    }
  }
  return {
    baseUrl,
    pid: child.pid!,
    output: () => output,
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        const stopped = await Promise.race([exited.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 10_000))]);
        if (!stopped) child.kill("SIGKILL");
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The server runs the production build, so it must be built from the code under test. `npm
 * test` builds first; a developer running one file gets a build when the one there is older
 * than any app file (one process builds while the others wait for it).
 */
function ensureFreshBuild() {
  const built = path.join(root, "build/index.js");
  if (existsSync(built) && statSync(built).mtimeMs >= newestSource()) return;
  const lock = path.join(root, ".cache/build-lock");
  mkdirSync(path.dirname(lock), { recursive: true });
  let mine = false;
  try {
    mkdirSync(lock);
    mine = true;
  } catch {
    // Another test file is building: wait for it.
  }
  if (mine) {
    try {
      // vitest runs with NODE_ENV=test, which would make a development build.
      const result = spawnSync("npx", ["--no-install", "remix", "build"], { cwd: root, encoding: "utf8", env: { ...process.env, NODE_ENV: "production" } });
      if (result.status !== 0) throw new Error(`remix build failed:\n${result.stdout}\n${result.stderr}`);
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
    return;
  }
  const deadline = Date.now() + 180_000;
  while (existsSync(lock) && Date.now() < deadline) spawnSync("sleep", ["0.5"]);
}

function newestSource(): number {
  let newest = statSync(path.join(root, "remix.config.js")).mtimeMs;
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      const stats = statSync(full);
      if (stats.isDirectory()) {
        if (name !== "test") walk(full);
      } else if (!/\.test\.tsx?$/.test(name)) newest = Math.max(newest, stats.mtimeMs);
    }
  };
  walk(path.join(root, "app"));
  return newest;
}

/** The route list of the build the servers run: every route, with whether it has a loader and an action. */
export async function builtRoutes(): Promise<BuiltRoute[]> {
  ensureFreshBuild();
  const build = (await import(pathToFileURL(path.join(root, "build/index.js")).href)) as ServerBuild;
  const manifest = build.assets.routes;
  const fullPath = (id: string): string => {
    const route = manifest[id];
    const parent = route.parentId ? fullPath(route.parentId) : "";
    return route.path ? `${parent.replace(/\/$/, "")}/${route.path}` : parent || "/";
  };
  return Object.values(manifest).map((route) => ({
    id: route.id,
    parentId: route.parentId,
    path: fullPath(route.id),
    hasLoader: route.hasLoader,
    hasAction: route.hasAction,
  }));
}

export type BuiltRoute = { id: string; parentId?: string; path: string; hasLoader: boolean; hasAction: boolean };

/** The route and its layouts above it, nearest first (not the root). */
export function ancestorsOf(route: BuiltRoute, routes: BuiltRoute[]): BuiltRoute[] {
  const byId = new Map(routes.map((r) => [r.id, r]));
  const chain: BuiltRoute[] = [];
  for (let id = route.parentId; id && id !== "root"; id = byId.get(id)?.parentId) {
    const parent = byId.get(id);
    if (parent) chain.push(parent);
  }
  return chain;
}

/** A person using the site over HTTP: a cookie jar, and the CSRF token their forms carry. */
export class Visitor {
  cookies = new Map<string, string>();
  csrf = "";
  /** Sends each request from a new client address (X-Forwarded-For; the server must trust one proxy). */
  rotateAddress = false;
  constructor(readonly baseUrl: string) {}

  cookieHeader() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  async fetch(pathname: string, init: RequestInit & { headers?: Record<string, string> } = {}): Promise<Response> {
    const headers: Record<string, string> = { ...(init.headers ?? {}) };
    if (this.cookies.size && !("cookie" in headers)) headers.cookie = this.cookieHeader();
    if (this.rotateAddress && !("x-forwarded-for" in headers)) headers["x-forwarded-for"] = nextClientAddress();
    const send = () => fetch(`${this.baseUrl}${pathname}`, { redirect: "manual", ...init, headers });
    // A connection the server closed after refusing an upload unread can be handed to the next
    // request from the pool: that one is sent again, once, on a new connection.
    const response = await send().catch((error: unknown) => {
      if ((error as { cause?: { code?: string } }).cause?.code === "ECONNRESET") return send();
      throw error;
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = pair.indexOf("=");
      const name = pair.slice(0, at);
      const value = pair.slice(at + 1);
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  /** Signed out: picks up the anonymous CSRF cookie and token, as a browser does on its first page. */
  async start(): Promise<this> {
    const response = await this.fetch("/?_data=root");
    this.csrf = ((await response.json()) as { csrfToken: string }).csrfToken;
    return this;
  }

  /** A urlencoded form post carrying this visitor's CSRF token. */
  post(pathname: string, fields: Record<string, string | string[]> = {}, headers: Record<string, string> = {}) {
    const body = new URLSearchParams();
    body.append("csrf", this.csrf);
    for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(name, v);
    return this.fetch(pathname, { method: "POST", body: body.toString(), headers: { "content-type": "application/x-www-form-urlencoded", ...headers } });
  }
}

/** A visitor signed in as `email`, by a session minted in the database as sign-in would (the sign-in form is tested on its own). */
export async function signedInVisitor(db: Db, baseUrl: string, email: string): Promise<Visitor> {
  process.env.SESSION_SECRET = TEST_SESSION_SECRET;
  resetEnvForTests();
  const { createSession, loadSession } = await import("~/utils/session.server");
  const user = await db.user.findUniqueOrThrow({ where: { email } });
  const [pair] = (await createSession(user.id, new Request(baseUrl))).split(";");
  const visitor = new Visitor(baseUrl);
  visitor.cookies.set(pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1));
  const session = await loadSession(new Request(baseUrl, { headers: { cookie: pair } }));
  if (!session) throw new Error(`No session for ${email}`);
  visitor.csrf = session.csrfSecret;
  return visitor;
}

let addressCount = 0;
/** A different client address each time, so per-network rate limits do not turn a sweep's own requests away. */
export function nextClientAddress(): string {
  addressCount++;
  return `10.${(addressCount >> 16) & 255}.${(addressCount >> 8) & 255}.${addressCount & 255}`;
}

/** Whether a response turned the request away: a redirect (a data request's is a 204 with X-Remix-Redirect), 401, 403 or 404. */
export function refused(response: Response): boolean {
  if (response.status === 204 && response.headers.has("x-remix-redirect")) return true;
  return [301, 302, 303, 307, 308, 401, 403, 404, 405, 410].includes(response.status);
}
