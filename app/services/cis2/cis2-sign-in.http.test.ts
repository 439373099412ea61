import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrganisationWithUser } from "../../../seed/factories";
import { startAppServer, Visitor, type AppServer } from "~/test/app-server";
import { useTestDatabase } from "~/test/database";
import { signInAtProvider, startOidcProvider, type OidcProvider } from "~/test/oidc-provider";

/**
 * Sign in with NHS CIS2 from end to end over HTTP (issue 14): the real app server (production
 * build) configured against a real OpenID provider (oidc-provider) on localhost, which the
 * test signs in at through its own login and consent pages. Everything the app does with the
 * provider is real: discovery, PKCE, the code exchange, ID token and userinfo validation.
 */
const database = useTestDatabase();
// The app's public address (APP_URL of startAppServer): the provider sends the browser here, and
// the test replays that address's path and query against the server's local port.
const APP_URL = "https://buying-catalogue.test.invalid";
const REDIRECT_URI = `${APP_URL}/login/cis2/callback`;

let provider: OidcProvider;
let app: AppServer;
let appWithoutCis2: AppServer;

beforeAll(async () => {
  provider = await startOidcProvider({ redirectUri: REDIRECT_URI });
  [app, appWithoutCis2] = await Promise.all([
    startAppServer({ databaseUrl: database.url, env: { ...provider.env, TRUST_PROXY: "true" } }),
    startAppServer({ databaseUrl: database.url, env: { TRUST_PROXY: "true" } }),
  ]);
}, 240_000);

afterAll(async () => {
  await Promise.all([app?.stop(), appWithoutCis2?.stop()]);
  await provider?.stop();
});

let subjects = 0;
const newSubject = () => `9${String(Date.now()).slice(-8)}${++subjects}`;

/** A person at the login page, each request from a new address so the per-network limit stays out of the way. */
async function visitor(server = app): Promise<Visitor> {
  const v = new Visitor(server.baseUrl);
  v.rotateAddress = true;
  return v.start();
}

/** Presses the CIS2 button; returns the authorization URL the app sent the browser to. */
async function startSignIn(v: Visitor, redirectTo = ""): Promise<URL> {
  const response = await v.post("/login/cis2", { redirectTo });
  expect(response.status, await response.clone().text()).toBe(302);
  const location = new URL(response.headers.get("location")!);
  expect(location.origin).toBe(provider.issuer);
  return location;
}

/** Back at our callback with what the provider sent: the path and query of its redirect. */
function callback(v: Visitor, returned: URL) {
  expect(`${returned.origin}${returned.pathname}`).toBe(REDIRECT_URI);
  return v.fetch(`${returned.pathname}${returned.search}`);
}

async function signInAs(subject: string, redirectTo = "") {
  const v = await visitor();
  const returned = await signInAtProvider((await startSignIn(v, redirectTo)).href, subject);
  return { v, returned, response: await callback(v, returned) };
}

async function refusals(since: Date) {
  const events = await database.db.auditEvent.findMany({ where: { action: "auth.ssoRefused", occurredAt: { gte: since } }, orderBy: { id: "asc" } });
  return events.map((event) => event.after as { reason: string; subject?: string; email?: string });
}

async function sessionsOf(userId: string) {
  return database.db.session.count({ where: { userId } });
}

describe("signing in with NHS CIS2", () => {
  it("offers the button on the login page, and lets the form post to the provider (CSP form-action)", async () => {
    const response = await (await visitor()).fetch("/login");
    const html = await response.text();
    expect(html).toContain("Sign in with NHS Care Identity Service 2");
    expect(html).toMatch(/<form[^>]*action="\/login\/cis2"/);
    expect(response.headers.get("content-security-policy")).toContain(`form-action 'self' ${provider.issuer}`);
  });

  it("sends the browser to the provider with PKCE (S256), state and nonce, and keeps them in a short-lived signed cookie", async () => {
    const v = await visitor();
    const response = await v.post("/login/cis2", { redirectTo: "/buyer/orders" });
    const location = new URL(response.headers.get("location")!);
    expect(Object.fromEntries(location.searchParams)).toMatchObject({
      client_id: provider.clientId,
      redirect_uri: REDIRECT_URI,
      response_type: "code",
      scope: "openid profile email",
      code_challenge_method: "S256",
    });
    for (const name of ["state", "nonce", "code_challenge"]) expect(location.searchParams.get(name)).toMatch(/^[\w-]{43,}$/);
    const cookie = response.headers.getSetCookie().find((line) => line.startsWith("__cis2="))!;
    expect(cookie).toMatch(/Max-Age=600/i);
    expect(cookie).toMatch(/Path=\/login\/cis2/i);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Secure/i);
  });

  it("refuses a start without the form's CSRF token", async () => {
    const v = await visitor();
    v.csrf = "not-the-token";
    const response = await v.post("/login/cis2");
    expect(response.status).toBe(403);
  });

  it("signs in the person whose CIS2 subject is linked, to where they were going, with no second factor", async () => {
    const subject = newSubject();
    const { user } = await createOrganisationWithUser(database.db, { email: `linked.${subject}@nhs.net` });
    await database.db.user.update({ where: { id: user.id }, data: { cis2Subject: subject } });
    // Which email CIS2 reports does not matter once the subject is linked.
    provider.people.set(subject, { email: "someone.else@nhs.net", email_verified: false });

    const { v, response } = await signInAs(subject, "/buyer/orders");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/buyer/orders");
    expect(v.cookies.has("__session")).toBe(true);
    expect(v.cookies.has("__cis2")).toBe(false);
    expect((await v.fetch("/buyer")).status).toBe(200);

    const session = await database.db.session.findFirstOrThrow({ where: { userId: user.id } });
    expect(session.method).toBe("cis2");
    const signIns = await database.db.auditEvent.findMany({ where: { action: "auth.ssoSignIn", objectId: user.id } });
    expect(signIns).toHaveLength(1);
    expect(signIns[0].after).toMatchObject({ method: "cis2" });
    expect((await database.db.user.findUniqueOrThrow({ where: { id: user.id } })).lastLoginAt).not.toBeNull();
  });

  it("links a verified email to its account the first time, records the link, and signs in", async () => {
    const subject = newSubject();
    const email = `first.time.${subject}@nhs.net`;
    const { user } = await createOrganisationWithUser(database.db, { email });
    provider.people.set(subject, { email: email.toUpperCase(), email_verified: true, name: "Pat First" });

    const { response } = await signInAs(subject, "//evil.example/steal");
    expect(response.status).toBe(302);
    // Never to another site, whatever redirectTo said.
    expect(response.headers.get("location")).toBe("/buyer");
    expect((await database.db.user.findUniqueOrThrow({ where: { id: user.id } })).cis2Subject).toBe(subject);
    const linked = await database.db.auditEvent.findMany({ where: { action: "auth.ssoLinked", objectId: user.id } });
    expect(linked).toHaveLength(1);
    expect(linked[0]).toMatchObject({ actorUserId: user.id, before: { cis2Subject: null }, after: { cis2Subject: subject } });
    expect(await database.db.auditEvent.count({ where: { action: "auth.ssoSignIn", objectId: user.id } })).toBe(1);

    // The second time the subject alone is enough, and nothing is linked again.
    provider.people.set(subject, { email: "changed.address@nhs.net", email_verified: true });
    expect((await signInAs(subject)).response.status).toBe(302);
    expect(await database.db.auditEvent.count({ where: { action: "auth.ssoLinked", objectId: user.id } })).toBe(1);
  });

  it("refuses a person with no account, creates nothing, and shows them how to ask for one", async () => {
    const since = new Date();
    const subject = newSubject();
    provider.people.set(subject, { email: `new.person.${subject}@nhs.net`, email_verified: true });
    const users = await database.db.user.count();

    const { v, response } = await signInAs(subject);
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("You do not have a Buying Catalogue account yet");
    expect(html).toContain('href="/request-account"');
    expect(html).toContain('href="/contact"');
    expect(html).toContain("nhsuk-button");
    expect(await database.db.user.count()).toBe(users);
    expect(v.cookies.has("__session")).toBe(false);
    expect(await refusals(since)).toEqual([expect.objectContaining({ reason: "unknown-person", subject, email: `new.person.${subject}@nhs.net` })]);
  });

  it("refuses an email CIS2 has not verified, even when an account has it, and links nothing", async () => {
    const since = new Date();
    const subject = newSubject();
    const email = `unverified.${subject}@nhs.net`;
    const { user } = await createOrganisationWithUser(database.db, { email });
    provider.people.set(subject, { email, email_verified: false });

    const { response } = await signInAs(subject);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("does not have a verified email address");
    expect((await database.db.user.findUniqueOrThrow({ where: { id: user.id } })).cis2Subject).toBeNull();
    expect(await sessionsOf(user.id)).toBe(0);
    expect(await refusals(since)).toEqual([expect.objectContaining({ reason: "unverified-email" })]);
  });

  it("refuses a deactivated account, linked or found by email", async () => {
    const since = new Date();
    const linkedSubject = newSubject();
    const linked = (await createOrganisationWithUser(database.db, { email: `gone.${linkedSubject}@nhs.net` })).user;
    await database.db.user.update({ where: { id: linked.id }, data: { cis2Subject: linkedSubject, isActive: false } });
    provider.people.set(linkedSubject, {});
    const emailSubject = newSubject();
    const byEmail = (await createOrganisationWithUser(database.db, { email: `gone.${emailSubject}@nhs.net` })).user;
    await database.db.user.update({ where: { id: byEmail.id }, data: { isActive: false } });
    provider.people.set(emailSubject, { email: byEmail.email, email_verified: true });

    for (const subject of [linkedSubject, emailSubject]) {
      const { response } = await signInAs(subject);
      expect(response.status).toBe(400);
      expect(await response.text()).toContain("Your Buying Catalogue account has been deactivated");
    }
    expect(await sessionsOf(linked.id)).toBe(0);
    expect(await sessionsOf(byEmail.id)).toBe(0);
    expect((await database.db.user.findUniqueOrThrow({ where: { id: byEmail.id } })).cis2Subject).toBeNull();
    const events = await database.db.auditEvent.findMany({ where: { action: "auth.ssoRefused", occurredAt: { gte: since } } });
    expect(events.map((e) => [e.objectId, (e.after as { reason: string }).reason])).toEqual([
      [linked.id, "deactivated"],
      [byEmail.id, "deactivated"],
    ]);
  });

  it("refuses to link an account already linked to a different CIS2 subject", async () => {
    const since = new Date();
    const subject = newSubject();
    const email = `taken.${subject}@nhs.net`;
    const { user } = await createOrganisationWithUser(database.db, { email });
    await database.db.user.update({ where: { id: user.id }, data: { cis2Subject: `other-${subject}` } });
    provider.people.set(subject, { email, email_verified: true });

    const { response } = await signInAs(subject);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("linked to a different NHS Care Identity Service 2 identity");
    expect((await database.db.user.findUniqueOrThrow({ where: { id: user.id } })).cis2Subject).toBe(`other-${subject}`);
    expect(await refusals(since)).toEqual([expect.objectContaining({ reason: "subject-mismatch" })]);
  });
});

describe("a CIS2 answer that does not belong to this browser's sign-in", () => {
  let person: { id: string; subject: string };

  beforeAll(async () => {
    const subject = newSubject();
    const { user } = await createOrganisationWithUser(database.db, { email: `checks.${subject}@nhs.net` });
    await database.db.user.update({ where: { id: user.id }, data: { cis2Subject: subject } });
    provider.people.set(subject, {});
    person = { id: user.id, subject };
  });

  it("refuses a wrong state, and a callback with no sign-in started in this browser", async () => {
    const since = new Date();
    const v = await visitor();
    const returned = await signInAtProvider((await startSignIn(v)).href, person.subject);
    const tampered = new URL(returned);
    tampered.searchParams.set("state", "x".repeat(43));
    const wrongState = await callback(v, tampered);
    expect(wrongState.status).toBe(400);
    expect(await wrongState.text()).toContain("Your log in could not be completed");
    expect(v.cookies.has("__cis2")).toBe(false);

    // The genuine answer, now that the attempt has been used up, is refused too.
    const afterwards = await callback(v, returned);
    expect(afterwards.status).toBe(400);
    const stranger = await callback(await visitor(), returned);
    expect(stranger.status).toBe(400);
    expect(await sessionsOf(person.id)).toBe(0);
    expect((await refusals(since)).map((r) => r.reason)).toEqual(["bad-state", "bad-state", "bad-state"]);
  });

  it("refuses a replayed code: the provider will not exchange it twice", async () => {
    const since = new Date();
    const v = await visitor();
    const returned = await signInAtProvider((await startSignIn(v)).href, person.subject);
    const attempt = v.cookies.get("__cis2")!;
    expect((await callback(v, returned)).status).toBe(302);
    expect(await sessionsOf(person.id)).toBe(1);

    // Replayed with the attempt's cookie put back, so only the provider can refuse it.
    const replayer = await visitor();
    replayer.cookies.set("__cis2", attempt);
    const replay = await callback(replayer, returned);
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain("did not confirm your log in");
    expect(replayer.cookies.has("__session")).toBe(false);
    expect(await sessionsOf(person.id)).toBe(1);
    expect(await refusals(since)).toEqual([expect.objectContaining({ reason: "token-error" })]);
  });

  it("refuses an ID token whose nonce is not this sign-in's", async () => {
    const since = new Date();
    const before = await sessionsOf(person.id);
    const v = await visitor();
    const authorization = await startSignIn(v);
    authorization.searchParams.set("nonce", "a-nonce-the-attacker-chose-for-their-own-id-token");
    const returned = await signInAtProvider(authorization.href, person.subject);
    const response = await callback(v, returned);
    expect(response.status).toBe(400);
    expect(await sessionsOf(person.id)).toBe(before);
    expect(await refusals(since)).toEqual([expect.objectContaining({ reason: "token-error" })]);
  });

  it("refuses an answer for another PKCE challenge (a code obtained outside this sign-in)", async () => {
    const before = await sessionsOf(person.id);
    const v = await visitor();
    const authorization = await startSignIn(v);
    authorization.searchParams.set("code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    const response = await callback(v, await signInAtProvider(authorization.href, person.subject));
    expect(response.status).toBe(400);
    expect(await sessionsOf(person.id)).toBe(before);
  });

  it("tells a person who cancelled at the provider what happened (error=access_denied)", async () => {
    const since = new Date();
    const v = await visitor();
    const returned = await signInAtProvider((await startSignIn(v)).href, person.subject, { abort: true });
    expect(returned.searchParams.get("error")).toBe("access_denied");
    const response = await callback(v, returned);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("You did not finish logging in");
    expect(await refusals(since)).toEqual([expect.objectContaining({ reason: "provider-error", providerError: "access_denied" })]);
  });
});

describe("hostile callbacks", () => {
  const hostile = [
    `code=${"A".repeat(5000)}&state=${"B".repeat(5000)}`,
    `code=${"c".repeat(3000)}`,
    "code=' OR 1=1 --&state=\"><script>alert(1)</script>",
    "state=%00%0d%0aSet-Cookie:%20x=1&code=%E0%A4%A",
    "error=<img src=x onerror=alert(1)>&error_description=" + "%F0%9F%92%A5".repeat(300),
    "error=access_denied&state=whatever",
    "code=abc&code=def&state=1&state=2",
    "iss=http://evil.example&code=x&state=y",
    "",
  ];

  it.each(hostile.map((query) => [query.slice(0, 60), query] as const))("%s: a clear 4xx, nothing signed in, never a 5xx", async (_label, query) => {
    const sessions = await database.db.session.count();
    const users = await database.db.user.count();
    const v = await visitor();
    // With and without a real attempt in progress.
    await startSignIn(v);
    for (const who of [v, await visitor()]) {
      const response = await who.fetch(`/login/cis2/callback?${query}`);
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      const html = await response.text();
      // Ours, or the request hygiene's in front of every route (a NUL in the address).
      if (response.status === 400) expect(html).toMatch(/Your log in could not be completed|cannot be used/);
      expect(html).not.toContain("<script>alert(1)</script>");
      expect(html).not.toContain("<img src=x");
      expect(response.headers.get("set-cookie") ?? "").not.toMatch(/(^|, )x=1/);
    }
    expect(await database.db.session.count()).toBe(sessions);
    expect(await database.db.user.count()).toBe(users);
  });

  it("refuses a long start form without a 5xx", async () => {
    const v = await visitor();
    const response = await v.post("/login/cis2", { redirectTo: "/".repeat(100_000) });
    expect(response.status).toBeLessThan(500);
  });
});

describe("without CIS2 configured", () => {
  it("shows no CIS2 button, and its routes answer 404", async () => {
    const v = await visitor(appWithoutCis2);
    const html = await (await v.fetch("/login")).text();
    expect(html).toContain("Log in to the Buying Catalogue");
    expect(html).not.toContain("Care Identity Service");
    expect((await v.post("/login/cis2")).status).toBe(404);
    expect((await v.fetch("/login/cis2")).status).toBe(404);
    expect((await v.fetch("/login/cis2/callback?code=x&state=y")).status).toBe(404);
    expect((await v.fetch("/login/cis2/callback?_data=routes%2Flogin_.cis2_.callback")).status).toBe(404);
  });
});
