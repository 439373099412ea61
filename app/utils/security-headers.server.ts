import { randomBytes } from "node:crypto";

export const newNonce = () => randomBytes(16).toString("base64");

/**
 * Headers every response carries (DESIGN.md §7): a nonce-based CSP with no unsafe-inline,
 * HSTS, frame denial. Styles come only from our stylesheet; scripts only from our origin
 * or inline with this response's nonce.
 */
export function securityHeaders(nonce: string, { hsts, formActions = [] }: { hsts: boolean; formActions?: string[] }): Record<string, string> {
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    // Other origins a form here may post to and be redirected to: NHS CIS2 sign-in (its issuer's origin).
    ["form-action 'self'", ...formActions].join(" "),
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "object-src 'none'",
  ].join("; ");
  return {
    "Content-Security-Policy": csp,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    ...(hsts ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } : {}),
  };
}
