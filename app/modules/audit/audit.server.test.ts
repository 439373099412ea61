import { describe, expect, it } from "vitest";
import { useTestDatabase } from "~/test/database";
import { auditEventsFor, recordAudit } from "./audit.server";

const database = useTestDatabase();

const commercialOfficer = { userId: "user-authority-1", role: "AUTHORITY" as const, organisationId: "org-nhse" };

describe("recordAudit", () => {
  it("records who changed what, and reads an object's history oldest first", async () => {
    await database.db.$transaction(async (tx) => {
      await recordAudit(tx, {
        actor: commercialOfficer,
        action: "listing.publish",
        objectType: "CatalogueItem",
        objectId: "10000-001",
        before: { publicationStatus: "IN_REVIEW" },
        after: { publicationStatus: "PUBLISHED", publishedAt: new Date("2026-03-02T09:00:00Z") },
        ip: "192.0.2.10",
      });
      await recordAudit(tx, { actor: null, action: "listing.suspend", objectType: "CatalogueItem", objectId: "10000-001" });
    });

    const events = await auditEventsFor(database.db, "CatalogueItem", "10000-001");
    expect(events.map((event) => event.action)).toEqual(["listing.publish", "listing.suspend"]);
    expect(events[0]).toMatchObject({
      actorUserId: "user-authority-1",
      actorRole: "AUTHORITY",
      organisationId: "org-nhse",
      ip: "192.0.2.10",
      before: { publicationStatus: "IN_REVIEW" },
      // Dates are kept in their JSON form.
      after: { publicationStatus: "PUBLISHED", publishedAt: "2026-03-02T09:00:00.000Z" },
    });
    // A system action has no actor, and no snapshot means NULL, not JSON null.
    expect(events[1]).toMatchObject({ actorUserId: null, actorRole: null, organisationId: null, before: null, after: null, ip: null });
  });

  it("disappears with the transaction it belongs to", async () => {
    await expect(
      database.db.$transaction(async (tx) => {
        await recordAudit(tx, { actor: commercialOfficer, action: "order.describe", objectType: "Order", objectId: 7 });
        throw new Error("the write failed");
      }),
    ).rejects.toThrow("the write failed");
    expect(await auditEventsFor(database.db, "Order", 7)).toEqual([]);
  });
});

describe("the audit table is append-only", () => {
  it("refuses UPDATE and DELETE", async () => {
    const event = await recordAudit(database.db, { actor: commercialOfficer, action: "contract.flag", objectType: "Contract", objectId: "c-1" });

    await expect(database.db.auditEvent.update({ where: { id: event.id }, data: { action: "contract.clearFlag" } })).rejects.toThrow(
      "audit_event is append-only",
    );
    await expect(database.db.auditEvent.delete({ where: { id: event.id } })).rejects.toThrow("audit_event is append-only");
    await expect(database.db.$executeRaw`DELETE FROM audit_events`).rejects.toThrow("audit_event is append-only");
    await expect(database.db.$executeRaw`TRUNCATE audit_events`).rejects.toThrow("audit_event is append-only");

    expect(await auditEventsFor(database.db, "Contract", "c-1")).toMatchObject([{ id: event.id, action: "contract.flag" }]);
  });
});
