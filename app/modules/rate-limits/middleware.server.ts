import type { RequestHandler } from "express";
import type { Db } from "~/utils/db.server";
import { LeasedRateLimit } from "./leases.server";
import { consume, networkOf, openApiPolicy, RATE_LIMITS, tooManyRequests, type RateLimitPolicy } from "./rate-limits.server";

/**
 * The limits the HTTP server applies before any route runs (server.ts), by path and method,
 * so a route added later is covered without anyone remembering: the open API per network,
 * and every form post from someone not signed in. Forms with limits of their own (sign-in
 * failures, invitations) count those in their actions as well.
 */
const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const hasSession = (cookie: string | undefined) => /(?:^|;\s*)__session=/.test(cookie ?? "");

/** Which limit a request counts against, if any; `leased` for the busy one, counted ahead by the process (leases.server.ts). */
export function policyForRequest(method: string, path: string, cookie: string | undefined): { policy: RateLimitPolicy; json: boolean; leased?: true } | null {
  if (path === "/api" || path.startsWith("/api/")) return { policy: openApiPolicy(), json: true, leased: true };
  // Stripe's webhook authenticates by signature and must never be turned away by a limit.
  if (STATE_CHANGING.has(method) && !hasSession(cookie) && !path.startsWith("/webhooks/")) {
    return { policy: RATE_LIMITS.anonymousFormsPerNetwork, json: false };
  }
  return null;
}

export function rateLimits(db: () => Db): RequestHandler {
  const openApi = new LeasedRateLimit(db, openApiPolicy);
  return (req, res, next) => {
    const chosen = policyForRequest(req.method, req.path, req.headers.cookie);
    if (!chosen) return next();
    const network = networkOf(String(req.headers["x-catalogue-client-ip"] ?? "unknown"));
    (chosen.leased ? openApi.consume(network) : consume(db(), network, chosen.policy))
      .then(async (decision) => {
        if (decision.allowed) return next();
        const refusal = tooManyRequests(decision, { json: chosen.json });
        res.status(refusal.status);
        refusal.headers.forEach((value, name) => res.setHeader(name, value));
        res.send(await refusal.text());
      })
      .catch((error: unknown) => {
        // The counters are in the database: if it cannot answer, neither can the rest of the app.
        console.error(error);
        res.status(503).set({ "Content-Type": "text/plain; charset=utf-8", "Retry-After": "30" }).send("The service is unavailable. Try again in a few minutes.");
      });
  };
}
