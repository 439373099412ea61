import type { RequestHandler, Response as ExpressResponse } from "express";

/**
 * What the HTTP server checks before any route runs (server.ts), so hostile requests get a
 * 4xx with a message instead of a 500 from deeper down:
 *
 * - proxy headers (X-Forwarded-Host, -Proto, -For) are dropped unless TRUST_PROXY says a
 *   proxy sets them, so nobody chooses their own host or address;
 * - a Host header that is not a host name (the framework builds the request URL from it);
 * - addresses: percent-encoding that does not decode is a 400; a control character (NUL,
 *   tab, line breaks) in the path is a 404, as no page or id has one; NUL in the query is a
 *   400 (PostgreSQL text cannot hold it and no person types it); over 8 KB is a 414;
 * - a state-changing request whose Origin is another site (or "null") is a 403: the framework
 *   would otherwise abort it with a 500, after its own same-origin check.
 *
 * Form bodies are checked by the guard every action runs (form-body.server.ts), the Stripe
 * webhook by its route.
 */
const MAX_URL_LENGTH = 8 * 1024;
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})?)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;
const CONTROL = /[\u0000-\u001f\u007f]/;
const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

function refuse(res: ExpressResponse, status: number, message: string) {
  res.status(status).set({ "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" }).send(message);
}

/** Decodes one query name or value as a form would (`+` is a space); null when it does not decode. */
function decodeQueryPart(part: string): string | null {
  try {
    return decodeURIComponent(part.replace(/\+/g, " "));
  } catch {
    return null;
  }
}

/** Why an address is refused, or null when it is fine. */
export function addressProblem(rawUrl: string): { status: 400 | 404 | 414; message: string } | null {
  if (rawUrl.length > MAX_URL_LENGTH) return { status: 414, message: "The address is too long." };
  const queryAt = rawUrl.indexOf("?");
  const pathname = queryAt < 0 ? rawUrl : rawUrl.slice(0, queryAt);
  const query = queryAt < 0 ? "" : rawUrl.slice(queryAt + 1);
  let path: string;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    return { status: 400, message: "The address is not valid: part of it is wrongly encoded." };
  }
  if (CONTROL.test(path)) return { status: 404, message: "Page not found" };
  for (const pair of query.split("&")) {
    if (pair === "") continue;
    const equals = pair.indexOf("=");
    const parts = equals < 0 ? [pair] : [pair.slice(0, equals), pair.slice(equals + 1)];
    for (const part of parts) {
      const decoded = decodeQueryPart(part);
      if (decoded === null) return { status: 400, message: "The address is not valid: part of it is wrongly encoded." };
      if (decoded.includes("\u0000")) return { status: 400, message: "The address contains a character that cannot be used (NUL). Remove it and try again." };
    }
  }
  return null;
}

/** The host a same-origin form post names in its Origin header. */
function expectedHost(headers: Record<string, string | string[] | undefined>): string | undefined {
  const forwarded = headers["x-forwarded-host"];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
  return first || (headers.host as string | undefined);
}

export function originAllowed(origin: string | undefined, headers: Record<string, string | string[] | undefined>): boolean {
  if (origin === undefined) return true;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  return host !== "" && host === expectedHost(headers);
}

export function requestHygiene({ trustProxy }: { trustProxy: boolean }): RequestHandler {
  return (req, res, next) => {
    if (!trustProxy) {
      delete req.headers["x-forwarded-host"];
      delete req.headers["x-forwarded-proto"];
      delete req.headers["x-forwarded-for"];
    }
    const host = expectedHost(req.headers);
    if (!host || !HOST.test(host)) return refuse(res, 400, "The request has no valid Host header.");
    const problem = addressProblem(req.originalUrl);
    if (problem) return refuse(res, problem.status, problem.message);
    if (STATE_CHANGING.has(req.method) && !originAllowed(req.headers.origin, req.headers)) {
      return refuse(res, 403, "This form was sent from another website, so it was not accepted. Go to the Buying Catalogue and try again there.");
    }
    next();
  };
}

/**
 * Signed-in responses (pages, data requests, downloads, anything) are never stored by a
 * browser or a shared cache: `Cache-Control: private, no-store`, set as the headers go out so
 * that it wins over whatever a route set. "Signed in" is having a session cookie.
 */
export function privateWhenSignedIn(): RequestHandler {
  return (req, res, next) => {
    if (!/(?:^|;\s*)__session=/.test(req.headers.cookie ?? "")) return next();
    const writeHead = res.writeHead;
    res.writeHead = function (this: typeof res, ...args: Parameters<typeof writeHead>) {
      this.setHeader("Cache-Control", "private, no-store");
      return writeHead.apply(this, args);
    } as typeof res.writeHead;
    next();
  };
}
