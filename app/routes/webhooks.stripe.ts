import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { handleStripeEvent } from "~/modules/contracts/billing.server";
import { verifiedWebhookEvent, WebhookRejected } from "~/services/payments/index.server";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { refusedUnread } from "~/utils/form-body.server";

/**
 * Stripe's webhook: no session and no CSRF token (Stripe is not a browser); the request
 * authenticates by its signature, checked against STRIPE_WEBHOOK_SECRET with the SDK. Each
 * event is handled once; replays and events this catalogue does not use answer 200 so that
 * Stripe stops retrying them.
 *
 * Hostile deliveries get a 4xx and never reach the database: a body over MAX_BODY_BYTES is
 * refused before (or while) it is read, a signature timestamped more than 5 minutes from now
 * either way is refused, and a correctly signed event of an unexpected shape is refused after
 * the signature is checked.
 */
export const MAX_BODY_BYTES = 512 * 1024;

const refuse = (status: number, error: string, headers?: HeadersInit) => json({ error }, { status, headers });

class BodyTooLarge extends Error {}

/** The body as text, reading no more than `maxBytes` of it. */
async function readBody(request: Request, maxBytes: number): Promise<string> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new BodyTooLarge();
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return refuse(405, "Method not allowed", { Allow: "POST" });
  const secret = env().STRIPE_WEBHOOK_SECRET;
  if (!secret) return refuse(503, "Stripe webhooks are not configured on this server");
  const signature = request.headers.get("stripe-signature");
  if (!signature) return refuse(400, "Missing Stripe-Signature header");
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) return refusedUnread(request, refuse(413, "The event is too large"));
  let payload: string;
  try {
    payload = await readBody(request, MAX_BODY_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLarge) return refuse(413, "The event is too large", { Connection: "close" });
    return refuse(400, "The event could not be read");
  }
  try {
    const event = verifiedWebhookEvent(payload, signature, secret);
    return json({ received: true, outcome: await handleStripeEvent(db(), event) });
  } catch (error) {
    if (error instanceof WebhookRejected) return refuse(400, error.message);
    throw error;
  }
}

export async function loader() {
  return json({ error: "Method not allowed" }, { status: 405, headers: { Allow: "POST" } });
}
