import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "~/test/database";
import { AREAS, can, type Role } from "~/utils/permissions";
import { ancestorsOf, builtRoutes, refused, startAppServer, type AppServer, type BuiltRoute, type Visitor } from "../app-server";
import { HostileTally } from "./report";
import { addressOf, buildWorld, hasPublicIds, MARKERS, paramSets, ROLES, visitorsFor, type RoleName, type World } from "./world";

/**
 * Every route of the build, requested through the real HTTP server by every role: the
 * visitor and one account of each signed-in role. The route list comes from the build, so a
 * route added later is covered here without anyone adding it. For each route and role:
 *
 * - its data request (`?_data=<route id>`, which runs only that route's loader, not the
 *   layouts above it), its page, and a post to its action (valid CSRF token, empty form);
 * - never a 5xx;
 * - refused whenever a layout above it refuses that role (a data request or post must not
 *   get past the area's guard);
 * - with the victim's ids (world.ts), refused for everyone but commercial staff, except on
 *   routes whose ids are public (the catalogue, the open API);
 * - no response to anyone but staff contains any of the victim's private markers;
 * - signed-in answers carry Cache-Control: private, no-store.
 */
const database = useTestDatabase();
const routes = await builtRoutes();
const tally = new HostileTally("every-route-per-role");
const DB_ROLES: Record<RoleName, Role> = {
  visitor: "VISITOR",
  practiceBuyer: "BUYER",
  icbBuyer: "BUYER",
  icbAccountManager: "ACCOUNT_MANAGER",
  supplierAccountManager: "SUPPLIER_ACCOUNT_MANAGER",
  supplier: "SUPPLIER",
  commercialStaff: "AUTHORITY",
};
const roleNames = Object.keys(ROLES) as RoleName[];
const markers = Object.values(MARKERS);

let app: AppServer;
let world: World;
let visitors: Record<RoleName, Visitor>;

beforeAll(async () => {
  world = await buildWorld(database.db);
  app = await startAppServer({ databaseUrl: database.url, env: { TRUST_PROXY: "true" } });
  visitors = await visitorsFor(database.db, app.baseUrl, roleNames);
}, 240_000);

afterAll(async () => {
  tally.write();
  await app?.stop();
});

/** Whether the area the route is in (if any) lets this role in at all. */
function areaLetsIn(route: BuiltRoute, role: RoleName): boolean {
  const area = Object.values(AREAS).find((a) => route.path === a.path || route.path.startsWith(`${a.path}/`));
  return !area || can(DB_ROLES[role], area.permission.action as never, area.permission.entity);
}

async function check(label: string, role: RoleName, response: Response, problems: string[], { mustRefuse }: { mustRefuse: string | null }) {
  const body = await tally.record(label, response);
  if (response.status >= 500) problems.push(`${label}: ${response.status} ${body.slice(0, 200)}`);
  if (mustRefuse && !refused(response) && response.status < 400) problems.push(`${label}: answered ${response.status}, but ${mustRefuse}`);
  if (role !== "commercialStaff") {
    const leaked = markers.filter((marker) => body.includes(marker));
    if (leaked.length) problems.push(`${label}: leaked ${leaked.join(", ")}`);
  }
  if (role !== "visitor" && response.status < 300 && response.headers.get("cache-control") !== "private, no-store") {
    problems.push(`${label}: signed-in answer cached as "${response.headers.get("cache-control")}"`);
  }
}

describe("every route, as every role", () => {
  it("has the routes it should (the list is the build's)", () => {
    expect(routes.length).toBeGreaterThan(90);
    expect(routes.map((r) => r.id)).toEqual(expect.arrayContaining(["routes/buyer.orders.$orderId.contact", "routes/admin.users.$userId", "routes/api.v1.solutions._index"]));
  });

  it.each(routes.filter((r) => r.hasLoader || r.hasAction).map((r) => [r.id, r] as const))("%s", { timeout: 120_000 }, async (_id, route) => {
    const problems: string[] = [];
    const layouts = ancestorsOf(route, routes).filter((r) => r.hasLoader);
    for (const params of paramSets(route, world.ids)) {
      const address = addressOf(route, params);
      const victimIds = Object.keys(params).length > 0 && !hasPublicIds(route);
      for (const role of roleNames) {
        const visitor = visitors[role];
        // What the layouts above say to this role at this address.
        let layoutRefusal: string | null = null;
        for (const layout of layouts) {
          const answer = await visitor.fetch(`${address}?_data=${encodeURIComponent(layout.id)}`);
          await tally.record(`layout ${layout.id} at ${address} as ${role}`, answer);
          if (refused(answer) || answer.status >= 400) layoutRefusal = `the layout ${layout.id} refuses ${role}`;
        }
        if (!areaLetsIn(route, role)) layoutRefusal ??= `the area refuses ${role}`;
        const mustRefuse = layoutRefusal ?? (victimIds && role !== "commercialStaff" ? `these are the victim's ids and ${role} is not staff` : null);
        if (route.hasLoader) {
          await check(`data ${address} as ${role}`, role, await visitor.fetch(`${address}?_data=${encodeURIComponent(route.id)}`), problems, { mustRefuse });
          const page = await visitor.fetch(address, { headers: { accept: "text/html" } });
          await check(`page ${address} as ${role}`, role, page, problems, { mustRefuse });
        }
        // Signing out ends the session the other checks use: it has its own tests.
        if (route.hasAction && !(route.id === "routes/logout" && role !== "visitor")) {
          await check(`post ${address} as ${role}`, role, await visitor.post(`${address}?_data=${encodeURIComponent(route.id)}`), problems, { mustRefuse });
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("sends no 5xx at all, and counts what it sent", () => {
    expect(tally.serverErrors).toEqual([]);
    expect(tally.sent).toBeGreaterThan(1_000);
  });
});

describe("files in public/ beside the build", () => {
  // server.ts serves them by their first path segment only (a stat per request cost searches 2 % of their CPU).
  it("the favicon is served with its type; other paths go to the app, never to the disk", async () => {
    const favicon = await fetch(`${app.baseUrl}/favicon.svg`);
    expect(favicon.status).toBe(200);
    expect(favicon.headers.get("content-type")).toMatch(/^image\/svg\+xml/);
    expect(await favicon.text()).toContain("<svg");
    expect((await fetch(`${app.baseUrl}/favicon.svg/anything`)).status).toBe(404);
    // Not files: an app page and the app's own 404 for an unknown path.
    expect((await fetch(`${app.baseUrl}/cookies`)).status).toBe(200);
    const unknown = await fetch(`${app.baseUrl}/no-such-file.svg`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("content-type")).toMatch(/^text\/html/);
  });
});
