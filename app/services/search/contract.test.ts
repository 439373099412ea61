import { describe } from "vitest";
import { useTestDatabase } from "~/test/database";
import { createMeilisearchEngine } from "./meilisearch-engine.server";
import { createPostgresEngine } from "./postgres-engine.server";
import { engineContract } from "./testing/contract";

const database = useTestDatabase();

describe("search engine contract: PostgreSQL", () => {
  engineContract(() => database.db, () => createPostgresEngine(() => database.db));
});

const meilisearchUrl = process.env.MEILISEARCH_URL;
describe.skipIf(!meilisearchUrl)(
  meilisearchUrl ? "search engine contract: Meilisearch" : "search engine contract: Meilisearch (skipped: MEILISEARCH_URL is not set)",
  () => {
    engineContract(
      () => database.db,
      () =>
        createMeilisearchEngine({
          host: meilisearchUrl!,
          apiKey: process.env.MEILISEARCH_KEY,
          // Its own index per run, so a shared server is not disturbed.
          indexUid: `contract_${Date.now()}`,
          taskTimeoutMs: 60_000,
        }),
    );
  },
);
