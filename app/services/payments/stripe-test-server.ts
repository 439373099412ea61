import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { stripeClient } from "./index.server";
import { StripePayments } from "./stripe.server";

/**
 * A local HTTP server standing in for api.stripe.com in tests: the real stripe SDK is pointed
 * at it, so what it records is exactly what Stripe would receive. Created objects get ids
 * numbered by request ("sub_test5"), so two subscriptions never share an id.
 */
export type CapturedRequest = { method: string; path: string; idempotencyKey: string | undefined; body: URLSearchParams };

const RESPONSES: [RegExp, (n: number, path: string) => object][] = [
  [/^\/v1\/customers$/, () => ({ id: "cus_test1", object: "customer" })],
  [/^\/v1\/invoices$/, (n) => ({ id: `in_test${n}`, object: "invoice" })],
  [/^\/v1\/invoiceitems$/, (n) => ({ id: `ii_test${n}`, object: "invoiceitem" })],
  [/^\/v1\/invoices\/[^/]+\/send$/, (_, path) => ({ id: path.split("/")[3], object: "invoice", status: "open" })],
  [/^\/v1\/products$/, (n) => ({ id: `prod_test${n}`, object: "product" })],
  [/^\/v1\/subscriptions$/, (n) => ({ id: `sub_test${n}`, object: "subscription" })],
  [/^\/v1\/subscriptions\/[^/]+$/, (_, path) => ({ id: path.split("/")[3], object: "subscription" })],
  [/^\/v1\/subscription_items$/, (n) => ({ id: `si_test${n}`, object: "subscription_item" })],
];

const read = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let data = "";
    req.on("data", (chunk) => (data += chunk));
    req.on("end", () => resolve(data));
  });

export async function startStripeTestServer(): Promise<{
  requests: CapturedRequest[];
  provider: StripePayments;
  /** Subscription ids to treat as cancelled: read back as "canceled", and refusing new items as Stripe does. */
  cancelledSubscriptions: Set<string>;
  close: () => Promise<void>;
}> {
  const requests: CapturedRequest[] = [];
  const cancelledSubscriptions = new Set<string>();
  const server: Server = createServer(async (req, res) => {
    const body = new URLSearchParams(await read(req));
    const path = (req.url ?? "").split("?")[0];
    requests.push({ method: req.method ?? "", path, idempotencyKey: req.headers["idempotency-key"] as string | undefined, body });
    const subscription = path.match(/^\/v1\/subscriptions\/([^/]+)$/)?.[1] ?? (path === "/v1/subscription_items" ? body.get("subscription") : null);
    if (subscription && cancelledSubscriptions.has(subscription)) {
      const refused = req.method === "POST";
      res.writeHead(refused ? 400 : 200, { "Content-Type": "application/json", "Request-Id": "req_test" });
      res.end(
        JSON.stringify(
          refused
            ? { error: { message: "A canceled subscription can only update its cancellation_details and metadata.", type: "invalid_request_error" } }
            : { id: subscription, object: "subscription", status: "canceled" },
        ),
      );
      return;
    }
    const match = RESPONSES.find(([pattern]) => pattern.test(path));
    res.writeHead(match ? 200 : 404, { "Content-Type": "application/json", "Request-Id": "req_test" });
    res.end(JSON.stringify(match ? match[1](requests.length, path) : { error: { message: `No route for ${path}`, type: "invalid_request_error" } }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    requests,
    cancelledSubscriptions,
    provider: new StripePayments(stripeClient("sk_test_local", { host: "127.0.0.1", port, protocol: "http" })),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
