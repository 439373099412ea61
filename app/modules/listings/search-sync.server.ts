import { enqueueSearchSync } from "~/services/search/sync.server";
import type { DbClient } from "~/utils/db.server";

/** Tells search about every listing in `catalogueItemIds` once (a set, so repeats in one change go once). */
export async function queueSearchSync(tx: DbClient, catalogueItemIds: Iterable<string>): Promise<void> {
  for (const catalogueItemId of new Set(catalogueItemIds)) await enqueueSearchSync(tx, catalogueItemId);
}
