import { enqueue, registerOutboxHandler } from "~/modules/outbox/outbox.server";
import type { DbClient } from "~/utils/db.server";
import { syncListings } from "./index.server";

/**
 * Keeping the index in step with the database through the outbox: whoever changes what a
 * buyer sees about a listing (publish, suspend, remediation, assurance, supplier details)
 * calls `enqueueSearchSync` inside the same transaction; the job worker re-projects the
 * listing from the database and upserts or removes its document in every engine. A failure
 * (Meilisearch down, a task that failed) throws, and the outbox retries with backoff.
 */
export const SEARCH_SYNC_TOPIC = "search.sync";

export type SearchSyncPayload = { catalogueItemId: string };

/**
 * No dedupe key: a repeat is harmless (the handler reads the current state), while a key
 * could swallow a second change made after the first message was handled.
 */
export async function enqueueSearchSync(tx: DbClient, catalogueItemId: string): Promise<void> {
  await enqueue(tx, SEARCH_SYNC_TOPIC, { catalogueItemId } satisfies SearchSyncPayload);
}

/** For changes that touch every listing of a supplier (its name, a supplier-level assurance). */
export async function enqueueSearchSyncForSupplier(tx: DbClient, supplierId: number): Promise<number> {
  const solutions = await tx.catalogueItem.findMany({ where: { supplierId, kind: "SOLUTION" }, select: { id: true } });
  for (const solution of solutions) await enqueueSearchSync(tx, solution.id);
  return solutions.length;
}

function payloadOf(payload: unknown): SearchSyncPayload {
  const id = (payload as Partial<SearchSyncPayload> | null)?.catalogueItemId;
  if (typeof id !== "string" || id.length === 0) throw new Error("search.sync needs { catalogueItemId: string }");
  return { catalogueItemId: id };
}

registerOutboxHandler(SEARCH_SYNC_TOPIC, async (message, { db }) => {
  // `db`, not the message's transaction: the PostgreSQL index must keep this update even if
  // Meilisearch fails and the message is retried (it is what buyers fall back to).
  await syncListings(db, [payloadOf(message.payload).catalogueItemId]);
});
