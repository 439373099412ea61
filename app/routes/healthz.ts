import { json } from "@remix-run/node";
import { outboxStats } from "~/modules/outbox/outbox.server";
import { searchHealth } from "~/services/search/index.server";
import { db } from "~/utils/db.server";

/**
 * For load balancers and the fresh-clone check: 200 when the database answers a query,
 * 503 when it does not. Also reports the outbox backlog, which shows whether the job
 * worker is keeping up.
 */
export async function loader() {
  const started = Date.now();
  const headers = { "Cache-Control": "no-store" };
  try {
    const outbox = await outboxStats(db());
    return json({ status: "ok", database: { status: "up", latencyMs: Date.now() - started }, outbox, search: searchHealth() }, { headers });
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : "unknown";
    return json({ status: "unavailable", database: { status: "down", error: reason } }, { status: 503, headers });
  }
}
