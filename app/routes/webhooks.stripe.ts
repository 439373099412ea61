import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { handleStripeEvent } from "~/modules/contracts/billing.server";
import { verifiedWebhookEvent } from "~/services/payments/index.server";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";

/**
 * Stripe's webhook: no session and no CSRF token (Stripe is not a browser); the request
 * authenticates by its signature, checked against STRIPE_WEBHOOK_SECRET with the SDK. Each
 * event is handled once; replays and events this catalogue does not use answer 200 so that
 * Stripe stops retrying them.
 */
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return json({ error: "Method not allowed" }, { status: 405 });
  const secret = env().STRIPE_WEBHOOK_SECRET;
  if (!secret) return json({ error: "Stripe webhooks are not configured on this server" }, { status: 503 });
  const signature = request.headers.get("stripe-signature");
  if (!signature) return json({ error: "Missing Stripe-Signature header" }, { status: 400 });
  const payload = await request.text();
  let event;
  try {
    event = verifiedWebhookEvent(payload, signature, secret);
  } catch {
    return json({ error: "Invalid signature" }, { status: 400 });
  }
  const outcome = await handleStripeEvent(db(), event);
  return json({ received: true, outcome });
}

export async function loader() {
  return json({ error: "Method not allowed" }, { status: 405, headers: { Allow: "POST" } });
}
