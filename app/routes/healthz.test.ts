import { afterAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "~/test/database";
import { createDb, setDb } from "~/utils/db.server";
import { loader } from "./healthz";

const database = useTestDatabase();

describe("GET /healthz", () => {
  it("answers 200 with the database up when it can query", async () => {
    const response = await loader();
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok", database: { status: "up" }, outbox: { pending: 0 } });
    expect(response.headers.get("Cache-Control")).toBe("no-store");
  });

  it("answers 503 when the database cannot be reached", async () => {
    // Port 1 on loopback: nothing listens there, so the query fails at once.
    const unreachable = createDb("postgresql://nobody:nothing@127.0.0.1:1/none");
    setDb(unreachable);
    try {
      const response = await loader();
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ status: "unavailable", database: { status: "down" } });
    } finally {
      setDb(database.db);
      await unreachable.$disconnect();
    }
  });
});

afterAll(() => setDb(undefined));
