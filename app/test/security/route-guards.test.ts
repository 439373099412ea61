import path from "node:path";
import { flatRoutes } from "@remix-run/dev/dist/config/flat-routes.js";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { seedDatabase } from "../../../seed/index";
import { useTestDatabase } from "~/test/database";
import type { Permission } from "~/utils/permissions";
import { createSession } from "~/utils/session.server";
import { ROLES, type RoleName } from "./world";

/**
 * Every route module's loader and action must guard itself with a permission from the
 * matrix (app/utils/permissions.ts), not rely on a layout above it: a data request or a post
 * runs only the route it targets. This test lists every route module (app/routes, and the
 * root), calls each loader and action as the visitor and as every signed-in role, and
 * records the guards they call (requireActor, requirePermission, the console's assertCan).
 * One with no permission-carrying guard fails, unless it is listed below with why it has
 * none. So a route added later without a guard fails here, whoever adds it.
 */
const checks = vi.hoisted(() => ({ calls: [] as (Permission | undefined)[] }));

vi.mock("~/utils/auth.server", async (importOriginal) => {
  const real = await importOriginal<typeof import("~/utils/auth.server")>();
  return {
    ...real,
    requireActor: (request: Request, permission?: Permission, options?: Parameters<typeof real.requireActor>[2]) => {
      checks.calls.push(permission);
      return real.requireActor(request, permission as never, options);
    },
    requirePermission: (request: Request, permission: Permission, options?: Parameters<typeof real.requirePermission>[2]) => {
      checks.calls.push(permission);
      return real.requirePermission(request, permission as never, options);
    },
  };
});
vi.mock("~/modules/admin/guard.server", async (importOriginal) => {
  const real = await importOriginal<typeof import("~/modules/admin/guard.server")>();
  return {
    ...real,
    assertCan: (actor: Parameters<typeof real.assertCan>[0], entity: Permission["entity"], action: Permission["action"]) => {
      checks.calls.push({ entity, action } as Permission);
      return real.assertCan(actor, entity, action as never);
    },
  };
});

/** Route modules with no permission to check, and why that is right. Keep this list short. */
const UNGUARDED: Record<string, string> = {
  root: "the layout of every page: the signed-in person's own name, role, menu and CSRF token, nothing of any organisation",
  "routes/login": "the sign-in form is for people not yet signed in; CSRF, lockout and the per-network limit guard it",
  "routes/login_.cis2": "starts an NHS CIS2 sign-in for people not yet signed in; CSRF checked; 404 when CIS2 is off",
  "routes/login_.cis2_.callback": "CIS2's answer is the credential: state from this browser's signed cookie, code and ID token checked by openid-client; refusals audited and limited per network",
  "routes/logout": "ends the caller's own session and nothing else; CSRF checked",
  "routes/login_.two-factor": "the second step of signing in, before any session: the challenge cookie (the password was right) is the credential; CSRF, 5 tries and a per-account limit guard it",
  "routes/login_.two-factor_.set-up": "staff setting up two-factor at first sign-in, before any session: the challenge cookie is the credential, as on /login/two-factor",
  "routes/invitations.$token": "the invitation's secret token is the credential; CSRF and a per-network limit guard the form",
  "routes/forgotten-password._index": "asks for a reset link for an address, the same answer for any address; CSRF and per-network and per-address limits guard it",
  "routes/reset-password.$token": "the link's secret single-use token is the credential; CSRF and a per-network limit guard the form",
  "routes/terms-of-use": "the published terms of use, public like the cookies page",
  "routes/request-account._index": "the public form asking for an account, which someone without one must reach; CSRF and a per-network limit guard it, and it never says who has an account",
  "routes/healthz": "liveness for load balancers: up or down and queue counts, no data",
  "routes/webhooks.stripe": "Stripe authenticates by the event's signature, not a session",
  "routes/$": "the not-found page",
  "routes/resources.bench-baseline": "constant text, the benchmark's baseline",
};

type RouteModule = { loader?: (args: unknown) => unknown; action?: (args: unknown) => unknown };
const modules = import.meta.glob<RouteModule>(["../../routes/*.{ts,tsx}", "!../../routes/*.test.{ts,tsx}", "../../root.tsx"]);

const appDir = path.resolve(__dirname, "../..");
const manifest = flatRoutes(appDir, ["**/.*", "**/*.test.{ts,tsx}"]);
const fullPath = (id: string): string => {
  const route = manifest[id];
  if (!route) return "/";
  const parent = route.parentId ? fullPath(route.parentId) : "";
  return route.path ? `${parent.replace(/\/$/, "")}/${route.path}` : parent || "/";
};
const routeIdOf = (file: string) => (file.endsWith("root.tsx") ? "root" : `routes/${path.basename(file).replace(/\.tsx?$/, "")}`);

const database = useTestDatabase();
const cookies = {} as Record<RoleName, { cookie: string; csrf: string } | null>;

beforeAll(async () => {
  await seedDatabase(database.db, { today: new Date(), log: () => {} });
  for (const [role, email] of Object.entries(ROLES) as [RoleName, string | null][]) {
    if (!email) {
      cookies[role] = null;
      continue;
    }
    const user = await database.db.user.findUniqueOrThrow({ where: { email } });
    const cookie = (await createSession(user.id, new Request("http://test/"))).split(";")[0];
    const session = await database.db.session.findFirstOrThrow({ where: { userId: user.id }, orderBy: { createdAt: "desc" } });
    cookies[role] = { cookie, csrf: session.csrfSecret };
  }
}, 120_000);

/** The permissions a loader or action checked when called as `role`. */
async function guardsOf(run: RouteModule["loader"], routeId: string, method: "GET" | "POST", role: RoleName): Promise<(Permission | undefined)[]> {
  const params = Object.fromEntries([...fullPath(routeId).matchAll(/:(\w+)/g)].map((m) => [m[1], "guard-test-id"]));
  const url = `http://test${fullPath(routeId).replace(/:(\w+)/g, "guard-test-id").replace("*", "missing")}`;
  const session = cookies[role];
  const headers: Record<string, string> = session ? { cookie: session.cookie } : {};
  const init: RequestInit = method === "POST" ? { method, body: new URLSearchParams({ csrf: session?.csrf ?? "" }).toString(), headers: { ...headers, "content-type": "application/x-www-form-urlencoded" } } : { headers };
  checks.calls = [];
  try {
    await run!({ request: new Request(url, init), params, context: { cspNonce: "test" } });
  } catch {
    // Refusals are thrown responses; a handler that fails on a made-up id is fine here too.
  }
  return checks.calls;
}

describe("every route module's loader and action guards itself with a permission", () => {
  const files = Object.keys(modules).sort();

  it("finds the route modules", () => {
    expect(files.length).toBeGreaterThan(90);
  });

  it.each(files.map((file) => [routeIdOf(file), file] as const))("%s", { timeout: 120_000 }, async (routeId, file) => {
    const module = await modules[file]();
    const missing: string[] = [];
    for (const [name, method] of [["loader", "GET"], ["action", "POST"]] as const) {
      const run = module[name];
      if (!run || UNGUARDED[routeId]) continue;
      for (const role of Object.keys(ROLES) as RoleName[]) {
        const guards = await guardsOf(run, routeId, method, role);
        if (!guards.some((permission) => permission !== undefined)) missing.push(`${name} as ${role}: ${guards.length ? "guards without a permission only" : "no guard at all"}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("lists only route modules that exist, each with its reason", () => {
    const ids = new Set(files.map(routeIdOf));
    expect(Object.keys(UNGUARDED).filter((id) => !ids.has(id))).toEqual([]);
  });
});
