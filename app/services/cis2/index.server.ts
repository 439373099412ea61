import * as oidc from "openid-client";
import { appUrl, env, isLoopbackUrl } from "~/utils/env.server";

/**
 * NHS Care Identity Service 2 (issue 14): the OpenID Connect provider NHS staff sign in to
 * national services with, by smartcard or an authenticator. The authorization code flow with
 * PKCE (S256), state and nonce, through `openid-client`, which checks the ID token's
 * signature, iss, aud, exp and nonce, the state and the PKCE verifier. This file is the only
 * code that talks to CIS2; routes see `Cis2Provider` and `Cis2Error` only.
 *
 * Configured by CIS2_ISSUER, CIS2_CLIENT_ID, CIS2_CLIENT_SECRET (all or none) and CIS2_SCOPES.
 */

/** What one sign-in attempt keeps in the browser between leaving for CIS2 and coming back. */
export type Cis2Checks = { state: string; nonce: string; codeVerifier: string };

/** Who CIS2 says signed in: the subject, and the email only with whether CIS2 verified it. */
export type Cis2Identity = { sub: string; email: string | null; emailVerified: boolean | null };

export type Cis2ErrorKind =
  /** CIS2 answered the callback with an error (the person cancelled, or was not allowed). */
  | "provider-error"
  /** The code or the ID token was refused: replayed, expired, wrong nonce, state or verifier. */
  | "token-error"
  /** CIS2 could not be reached or did not answer properly: try later. */
  | "unavailable";

export class Cis2Error extends Error {
  constructor(
    readonly kind: Cis2ErrorKind,
    message: string,
    /** The OAuth error code CIS2 sent, if it sent one (`access_denied`, `invalid_grant`). */
    readonly providerError: string | null = null,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = "Cis2Error";
  }
}

export interface Cis2Provider {
  /** Where to send the browser to sign in. */
  authorizationUrl(checks: Cis2Checks): Promise<URL>;
  /** Exchanges the code in `callbackUrl` and validates the answer; throws `Cis2Error`. */
  completeSignIn(callbackUrl: URL, checks: Cis2Checks): Promise<Cis2Identity>;
}

export const CIS2_CALLBACK_PATH = "/login/cis2/callback";
/** Seconds each request to CIS2 may take. */
const TIMEOUT_SECONDS = 10;

export function newCis2Checks(): Cis2Checks {
  return { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier: oidc.randomPKCECodeVerifier() };
}

type Cis2Settings = { issuer: string; clientId: string; clientSecret: string; scopes: string; redirectUri: string };

function cis2Settings(): Cis2Settings | null {
  const config = env();
  // env.server.ts refuses half a configuration, so one of them set means all three are.
  if (!config.CIS2_ISSUER || !config.CIS2_CLIENT_ID || !config.CIS2_CLIENT_SECRET) return null;
  return { issuer: config.CIS2_ISSUER, clientId: config.CIS2_CLIENT_ID, clientSecret: config.CIS2_CLIENT_SECRET, scopes: config.CIS2_SCOPES, redirectUri: appUrl(CIS2_CALLBACK_PATH) };
}

export function cis2Enabled(): boolean {
  return cis2Settings() !== null;
}

/**
 * Discovery happens once per process and is kept; a failed one is not kept, so the next sign-in
 * tries again (CIS2 being down for a minute must not turn the button off until a restart).
 */
let discovered: { key: string; configuration: Promise<oidc.Configuration> } | undefined;

function configurationFor(settings: Cis2Settings): Promise<oidc.Configuration> {
  const key = JSON.stringify([settings.issuer, settings.clientId, settings.clientSecret]);
  if (discovered?.key === key) return discovered.configuration;
  const configuration = oidc
    .discovery(new URL(settings.issuer), settings.clientId, { client_secret: settings.clientSecret }, oidc.ClientSecretPost(settings.clientSecret), {
      timeout: TIMEOUT_SECONDS,
      // Plain HTTP only for a provider on this machine (the tests' own); env.server.ts refuses it elsewhere in production.
      execute: new URL(settings.issuer).protocol === "http:" && isLoopbackUrl(settings.issuer) ? [oidc.allowInsecureRequests] : [],
    })
    .catch((error: unknown) => {
      if (discovered?.key === key) discovered = undefined;
      throw new Cis2Error("unavailable", "NHS CIS2 discovery failed", null, { cause: error });
    });
  discovered = { key, configuration };
  return configuration;
}

/** Maps what openid-client throws onto what the person can do about it. */
function asCis2Error(error: unknown): Cis2Error {
  if (error instanceof Cis2Error) return error;
  if (error instanceof oidc.AuthorizationResponseError) {
    return new Cis2Error("provider-error", "NHS CIS2 returned an error", boundedCode(error.error), { cause: error });
  }
  if (error instanceof oidc.ResponseBodyError) {
    if (error.status >= 500) return new Cis2Error("unavailable", "NHS CIS2 failed", boundedCode(error.error), { cause: error });
    return new Cis2Error("token-error", "NHS CIS2 refused the code", boundedCode(error.error), { cause: error });
  }
  if (error instanceof oidc.ClientError && error.code === "OAUTH_RESPONSE_IS_NOT_CONFORM") {
    return new Cis2Error("unavailable", "NHS CIS2 answered with an unexpected status", null, { cause: error });
  }
  // fetch failures are TypeErrors; AbortSignal.timeout gives a TimeoutError.
  if (error instanceof TypeError || (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError"))) {
    return new Cis2Error("unavailable", "NHS CIS2 could not be reached", null, { cause: error });
  }
  return new Cis2Error("token-error", "NHS CIS2's answer failed validation", null, { cause: error });
}

/** OAuth error codes are short ASCII words; anything else is not repeated anywhere. */
function boundedCode(code: unknown): string | null {
  return typeof code === "string" && /^[\x20-\x7e]{1,60}$/.test(code) ? code : null;
}

const stringClaim = (value: unknown): string | null => (typeof value === "string" && value.length > 0 && value.length <= 500 ? value : null);
// Only a JSON `true` is a verification; some providers send strings, which are not trusted.
const booleanClaim = (value: unknown): boolean | null => (typeof value === "boolean" ? value : null);

class OpenIdCis2 implements Cis2Provider {
  constructor(private readonly settings: Cis2Settings) {}

  async authorizationUrl(checks: Cis2Checks): Promise<URL> {
    const configuration = await configurationFor(this.settings);
    return oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.settings.redirectUri,
      scope: this.settings.scopes,
      response_type: "code",
      state: checks.state,
      nonce: checks.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(checks.codeVerifier),
      code_challenge_method: "S256",
    });
  }

  async completeSignIn(callbackUrl: URL, checks: Cis2Checks): Promise<Cis2Identity> {
    try {
      const configuration = await configurationFor(this.settings);
      const tokens = await oidc.authorizationCodeGrant(configuration, callbackUrl, {
        pkceCodeVerifier: checks.codeVerifier,
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        idTokenExpected: true,
      });
      const idToken = tokens.claims();
      if (!idToken) throw new Cis2Error("token-error", "NHS CIS2 sent no ID token");
      const sub = stringClaim(idToken.sub);
      if (!sub) throw new Cis2Error("token-error", "NHS CIS2 sent no subject");
      let profile: Record<string, unknown> = idToken;
      // CIS2, like most providers, puts the profile and email in userinfo rather than the ID token.
      if (stringClaim(idToken.email) === null && configuration.serverMetadata().userinfo_endpoint) {
        // The subject must be the ID token's: openid-client refuses userinfo about anyone else.
        profile = { ...(await oidc.fetchUserInfo(configuration, tokens.access_token, sub)), sub };
      }
      // The email and whether it is verified come from the same source, never mixed.
      const email = stringClaim(profile.email);
      return { sub, email, emailVerified: email ? booleanClaim(profile.email_verified) : null };
    } catch (error) {
      throw asCis2Error(error);
    }
  }
}

/** The configured provider, or null when CIS2 sign-in is off. */
export function cis2(): Cis2Provider | null {
  const settings = cis2Settings();
  return settings ? new OpenIdCis2(settings) : null;
}
