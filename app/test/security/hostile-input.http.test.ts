import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "~/test/database";
import { builtRoutes, startAppServer, type AppServer, type BuiltRoute, type Visitor } from "../app-server";
import { HostileTally } from "./report";
import { addressOf, buildWorld, entitledRole, ownIds, paramSets, visitorsFor, type Ids, type RoleName } from "./world";

/**
 * Hostile input on every route of the build, through the real HTTP server, sent as the
 * account that may use the route (its own ids, so requests get past the guards to the
 * parsing and rules behind them; the visitor on public routes). Nothing may answer 5xx, and
 * each class gets the 4xx it should:
 *
 * - NUL in a route parameter: 404; in the query: 400; percent-encoding that does not decode: 400;
 * - parameters and query values of the wrong type, out of range, huge, repeated, injected;
 * - posts: a non-form content type (text/plain with a boundary, JSON) 415; another site's
 *   Origin, or "null", 403; no CSRF token 403; NUL in a field 400; a form over 1 MB 413;
 *   malformed multipart 400; a file sent to a form that takes none 415;
 * - the fields of the route's own form (read from its page) filled with hostile values:
 *   huge, negative, not numbers, impossible dates, markup, SQL, other organisations' ids,
 *   every field twice.
 */
const database = useTestDatabase();
const routes = await builtRoutes();
const tally = new HostileTally("hostile-input");
const BOUNDARY = "----hostile-boundary";

let app: AppServer;
let ids: Ids;
let victimIds: Ids;
let visitors: Record<RoleName, Visitor>;

beforeAll(async () => {
  const world = await buildWorld(database.db);
  victimIds = world.ids;
  ids = await ownIds(database.db, world);
  app = await startAppServer({ databaseUrl: database.url, env: { TRUST_PROXY: "true" } });
  visitors = await visitorsFor(database.db, app.baseUrl, ["visitor", "practiceBuyer", "icbAccountManager", "supplierAccountManager", "commercialStaff"]);
}, 240_000);

afterAll(async () => {
  tally.write();
  await app?.stop();
});

type Expect = "4xx" | number | "any";

async function send(problems: string[], label: string, response: Response, expected: Expect) {
  await tally.record(label, response);
  const status = response.status;
  if (status >= 500) problems.push(`${label}: ${status}`);
  else if (expected === "4xx" && !(status >= 400 && status < 500)) problems.push(`${label}: expected a 4xx, got ${status}`);
  else if (typeof expected === "number" && status !== expected) problems.push(`${label}: expected ${expected}, got ${status}`);
}

/** Query strings of the wrong type, out of range, huge and repeated: answered, never failed. */
const HOSTILE_QUERIES = [
  "page=-1&perPage=99999999999999999999&listSize=-5&sort=%27%3B--&status=NOPE&from=2026-13-45&to=0000-00-00",
  "ids=%2C%2C%2C&ids=x&q=%3Cscript%3Ealert(1)%3C%2Fscript%3E&capability=C999999&framework=%27%20OR%201%3D1%20--",
  `q=${"a".repeat(3_000)}&recipient=${"b".repeat(2_000)}`,
  Array.from({ length: 150 }, (_, i) => `capability=C${i}&page=${i}`).join("&"),
  "page=1.5e308&perPage=NaN&listSize=Infinity&from=2026-02-30&redirectTo=%2F%2Fevil.example",
];

/** What the fields of a form are filled with, one set per post. */
const HOSTILE_VALUES = (victim: Ids): ((name: string) => string)[] => [
  () => "9".repeat(400),
  () => "-1",
  () => "1e309",
  () => "<script>alert(1)</script>' OR '1'='1' --",
  (name) => (/day/.test(name) ? "31" : /month/.test(name) ? "2" : /year/.test(name) ? "99999" : "2026-02-30"),
  // Other organisations' ids wherever an id could go.
  (name) => (/order/i.test(name) ? victim.draftOrder : /item/i.test(name) ? victim.draftListing : /recipient|organisation/i.test(name) ? victim.user : victim.contract),
  () => "",
];

/** The names of the fields (inputs, selects, text areas, buttons) on a page, without the CSRF token. */
function fieldNames(html: string): string[] {
  return [...new Set([...html.matchAll(/<(?:input|select|textarea|button)\b[^>]*\sname="([^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, "&")))].filter((n) => n !== "csrf");
}

function multipartBody(parts: { name: string; value: string; filename?: string }[]) {
  return (
    parts
      .map((p) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"\r\nContent-Type: application/pdf` : ""}\r\n\r\n${p.value}\r\n`)
      .join("") + `--${BOUNDARY}--\r\n`
  );
}

describe("hostile input on every route", () => {
  it.each(routes.filter((r) => r.hasLoader || r.hasAction).map((r) => [r.id, r] as const))("%s", { timeout: 120_000 }, async (_id, route: BuiltRoute) => {
    const problems: string[] = [];
    const role = entitledRole(route);
    const visitor = visitors[role];
    const [params] = paramSets(route, ids);
    const address = addressOf(route, params);
    const data = (suffix = "") => `${address}?_data=${encodeURIComponent(route.id)}${suffix}`;

    for (const name of Object.keys(params).filter((n) => n !== "*")) {
      const withParam = (value: string) => addressOf(route, { ...params, [name]: value });
      await send(problems, `NUL in :${name}`, await visitor.fetch(withParam(`${params[name]}\u0000`)), 404);
      await send(problems, `huge :${name}`, await visitor.fetch(withParam("z".repeat(3_000))), "any");
      await send(problems, `injected :${name}`, await visitor.fetch(withParam("' OR '1'='1")), "any");
      await send(problems, `other's :${name}`, await visitor.fetch(withParam(victimIds.draftOrder)), "any");
    }
    if (route.hasLoader) {
      await send(problems, "NUL in the query", await visitor.fetch(`${address}?q=%00&page=1`), 400);
      await send(problems, "NUL in a query name", await visitor.fetch(`${address}?%00=1`), 400);
      await send(problems, "badly encoded query", await visitor.fetch(`${address}?q=%E0%A4%A`), 400);
      await send(problems, "badly encoded path", await visitor.fetch(`${address}%ZZ`), "4xx");
      for (const query of HOSTILE_QUERIES) await send(problems, `data query ${query.slice(0, 60)}`, await visitor.fetch(data(`&${query}`)), "any");
      await send(problems, "page with a hostile query", await visitor.fetch(`${address}?${HOSTILE_QUERIES[0]}`), "any");
    }
    if (route.hasAction) {
      // Stripe's webhook takes signed JSON, not forms: every one of these is a 4xx there (webhook
      // tests cover the rest). Signing out as nobody is a redirect home whatever is sent.
      const asForm = (status: number): Expect => (route.id === "routes/webhooks.stripe" ? "4xx" : route.id === "routes/logout" ? "any" : status);
      const form = (fields: string) => ({ method: "POST", body: fields, headers: { "content-type": "application/x-www-form-urlencoded" } });
      const csrf = `csrf=${encodeURIComponent(visitor.csrf)}`;
      await send(problems, "text/plain with a boundary", await visitor.fetch(data(), { method: "POST", body: `${csrf}&a=1`, headers: { "content-type": "text/plain; boundary=form" } }), asForm(415));
      await send(problems, "JSON", await visitor.fetch(data(), { method: "POST", body: JSON.stringify({ csrf: visitor.csrf }), headers: { "content-type": "application/json" } }), asForm(415));
      await send(problems, "no content type", await visitor.fetch(data(), { method: "POST", body: csrf }), asForm(415));
      await send(problems, "another site's Origin", await visitor.fetch(data(), { ...form(csrf), headers: { ...form(csrf).headers, origin: "https://evil.example" } }), asForm(403));
      await send(problems, "Origin null", await visitor.fetch(data(), { ...form(csrf), headers: { ...form(csrf).headers, origin: "null" } }), asForm(403));
      await send(problems, "a garbled Origin", await visitor.fetch(data(), { ...form(csrf), headers: { ...form(csrf).headers, origin: "::::" } }), asForm(403));
      await send(problems, "no CSRF token", await visitor.fetch(data(), form("intent=save")), asForm(403));
      await send(problems, "NUL in a field", await visitor.fetch(data(), form(`${csrf}&name=a%00b`)), asForm(400));
      await send(problems, "NUL in a field name", await visitor.fetch(data(), form(`${csrf}&a%00=b`)), asForm(400));
      // Refused before it is read: a 413 (the guard reads and discards up to 8 MB so the client
      // sees it), or, where the route turns the account away before looking at forms, a
      // connection closed before the upload ends. Either way, never a 5xx.
      const oversized = await visitor.fetch(data(), form(`${csrf}&x=${"y".repeat(1_100_000)}`)).catch(() => null);
      if (oversized) await send(problems, "a form over 1 MB", oversized, asForm(413));
      else tally.closedEarly++;
      await send(problems, "malformed multipart", await visitor.fetch(data(), { method: "POST", body: `--${BOUNDARY}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${visitor.csrf}\r\n--${BOUNDARY}\r\nContent-Disp`, headers: { "content-type": `multipart/form-data; boundary=${BOUNDARY}` } }), route.id === "routes/logout" ? "any" : "4xx");
      await send(problems, "multipart without a boundary", await visitor.fetch(data(), { method: "POST", body: csrf, headers: { "content-type": "multipart/form-data" } }), asForm(400));
      const withFile = multipartBody([{ name: "csrf", value: visitor.csrf }, { name: "file", value: "%PDF-1.7 not really", filename: 'DSPT; 2026 \\"final\\".pdf' }]);
      await send(problems, "a file with ; and quotes in its name", await visitor.fetch(data(), { method: "POST", body: withFile, headers: { "content-type": `multipart/form-data; boundary=${BOUNDARY}` } }), "any");
      await send(problems, "multipart with NUL in a field", await visitor.fetch(data(), { method: "POST", body: multipartBody([{ name: "csrf", value: visitor.csrf }, { name: "name", value: "a\u0000b" }]), headers: { "content-type": `multipart/form-data; boundary=${BOUNDARY}` } }), route.id === "routes/logout" ? "any" : "4xx");

      // The route's own form, with hostile answers.
      const page = route.hasLoader ? await visitor.fetch(address, { headers: { accept: "text/html" } }) : null;
      const names = page && page.status === 200 ? fieldNames(await page.text()) : [];
      for (const name of ["intent", "id", "version"]) if (!names.includes(name)) names.push(name);
      for (const valueOf of HOSTILE_VALUES(victimIds)) {
        const fields = new URLSearchParams({ csrf: visitor.csrf });
        for (const name of names) fields.append(name, valueOf(name));
        await send(problems, `own form with ${valueOf("x").slice(0, 20) || "empty answers"}`, await visitor.fetch(data(), form(fields.toString())), "any");
      }
      const twice = new URLSearchParams({ csrf: visitor.csrf });
      for (const name of names) twice.append(name, "1"), twice.append(name, "2");
      await send(problems, "every field twice", await visitor.fetch(data(), form(twice.toString())), "any");
      // A double submit: the same post twice at once.
      const same = new URLSearchParams({ csrf: visitor.csrf });
      for (const name of names) same.append(name, "1");
      const [first, second] = await Promise.all([visitor.fetch(data(), form(same.toString())), visitor.fetch(data(), form(same.toString()))]);
      await send(problems, "double submit (first)", first, "any");
      await send(problems, "double submit (second)", second, "any");
    }
    expect(problems).toEqual([]);
  });

  it("sends no 5xx at all, and counts what it sent", () => {
    expect(tally.serverErrors).toEqual([]);
    expect(tally.sent).toBeGreaterThan(2_000);
  });
});
