import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  PUBLICATION_EVENTS,
  PUBLICATION_STATUSES,
  REVISION_EVENTS,
  REVISION_STATUSES,
  availablePublicationEvents,
  canTransition,
  canTransitionRevision,
  isEditableRevision,
  isOrderable,
  isVisibleToBuyers,
  planRevisionApproval,
  transitionPublication,
  transitionRevision,
  type PublicationEvent,
  type PublicationStatus,
  type RevisionEvent,
  type RevisionStatus,
} from "./publication-status";

/** The complete publication table from domain.md; anything absent must be refused. */
const ALLOWED_PUBLICATION: Array<[PublicationStatus, PublicationEvent, PublicationStatus]> = [
  ["DRAFT", "approve", "PUBLISHED"],
  ["PUBLISHED", "agreeRemediation", "IN_REMEDIATION"],
  ["PUBLISHED", "unpublish", "UNPUBLISHED"],
  ["IN_REMEDIATION", "restore", "PUBLISHED"],
  ["IN_REMEDIATION", "suspend", "SUSPENDED"],
  ["IN_REMEDIATION", "unpublish", "UNPUBLISHED"],
  ["SUSPENDED", "restore", "PUBLISHED"],
  ["SUSPENDED", "agreeRemediation", "IN_REMEDIATION"],
  ["SUSPENDED", "unpublish", "UNPUBLISHED"],
  ["UNPUBLISHED", "republish", "PUBLISHED"],
];

const ALLOWED_REVISION: Array<[RevisionStatus, RevisionEvent, RevisionStatus]> = [
  ["DRAFT", "submit", "SUBMITTED"],
  ["DRAFT", "discard", "WITHDRAWN"],
  ["SUBMITTED", "withdrawSubmission", "DRAFT"],
  ["SUBMITTED", "approve", "APPROVED"],
  ["SUBMITTED", "requestChanges", "CHANGES_REQUESTED"],
  ["CHANGES_REQUESTED", "submit", "SUBMITTED"],
  ["CHANGES_REQUESTED", "discard", "WITHDRAWN"],
  ["APPROVED", "supersede", "SUPERSEDED"],
];

describe("transitionPublication", () => {
  it.each(ALLOWED_PUBLICATION)("%s --%s--> %s", (from, event, to) => {
    expect(transitionPublication(from, event)).toEqual({ ok: true, to });
    expect(canTransition(from, event)).toBe(true);
  });

  const refused = PUBLICATION_STATUSES.flatMap((from) =>
    PUBLICATION_EVENTS.filter(
      (event) => !ALLOWED_PUBLICATION.some(([f, e]) => f === from && e === event),
    ).map((event) => [from, event] as const),
  );

  it.each(refused)("refuses %s --%s-->", (from, event) => {
    const result = transitionPublication(from, event);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason.length).toBeGreaterThan(10);
    expect(canTransition(from, event)).toBe(false);
  });

  it("has exactly the ten transitions of the public record", () => {
    expect(refused.length).toBe(PUBLICATION_STATUSES.length * PUBLICATION_EVENTS.length - 10);
  });

  it("only suspends through remediation", () => {
    expect(transitionPublication("PUBLISHED", "suspend")).toEqual({
      ok: false,
      reason:
        "A published listing can only be suspended through remediation: agree a remediation plan first.",
    });
    expect(transitionPublication("UNPUBLISHED", "suspend").ok).toBe(false);
    expect(transitionPublication("DRAFT", "suspend").ok).toBe(false);
    for (const from of PUBLICATION_STATUSES) {
      const result = transitionPublication(from, "suspend");
      expect(result.ok).toBe(from === "IN_REMEDIATION");
    }
  });

  it("never returns to DRAFT", () => {
    for (const from of PUBLICATION_STATUSES) {
      for (const event of PUBLICATION_EVENTS) {
        const result = transitionPublication(from, event);
        if (result.ok) expect(result.to).not.toBe("DRAFT");
      }
    }
  });

  it("explains a refused approval of a published listing", () => {
    const result = transitionPublication("PUBLISHED", "approve");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain("this listing is published");
  });

  it("explains other refusals in plain words", () => {
    expect(transitionPublication("DRAFT", "unpublish")).toEqual({
      ok: false,
      reason: "A listing that is a draft cannot be unpublished.",
    });
  });

  it("every sequence of accepted events visits only reachable statuses", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PUBLICATION_EVENTS), { maxLength: 30 }), (events) => {
        let status: PublicationStatus = "DRAFT";
        let wasInRemediation = false;
        for (const event of events) {
          const result = transitionPublication(status, event);
          if (!result.ok) continue;
          if (result.to === "SUSPENDED") expect(wasInRemediation).toBe(true);
          wasInRemediation ||= result.to === "IN_REMEDIATION";
          status = result.to;
        }
        expect(PUBLICATION_STATUSES).toContain(status);
      }),
    );
  });
});

describe("availablePublicationEvents", () => {
  it("lists the events that will work", () => {
    expect(availablePublicationEvents("DRAFT")).toEqual(["approve"]);
    expect(availablePublicationEvents("PUBLISHED")).toEqual(["agreeRemediation", "unpublish"]);
    expect(availablePublicationEvents("IN_REMEDIATION")).toEqual(["suspend", "restore", "unpublish"]);
    expect(availablePublicationEvents("SUSPENDED")).toEqual([
      "agreeRemediation",
      "restore",
      "unpublish",
    ]);
    expect(availablePublicationEvents("UNPUBLISHED")).toEqual(["republish"]);
  });
});

describe("isVisibleToBuyers", () => {
  it.each<[PublicationStatus, boolean]>([
    ["PUBLISHED", true],
    ["IN_REMEDIATION", true],
    ["SUSPENDED", false],
    ["DRAFT", false],
    ["UNPUBLISHED", false],
  ])("%s → %s", (status, visible) => {
    expect(isVisibleToBuyers(status)).toBe(visible);
  });
});

describe("isOrderable", () => {
  it("orders published listings whatever the framework says", () => {
    expect(isOrderable("PUBLISHED", false)).toBe(true);
    expect(isOrderable("PUBLISHED", true)).toBe(true);
  });

  it("orders listings in remediation only if the framework allows it", () => {
    expect(isOrderable("IN_REMEDIATION", true)).toBe(true);
    expect(isOrderable("IN_REMEDIATION", false)).toBe(false);
  });

  it("never orders suspended, draft or unpublished listings", () => {
    for (const status of ["SUSPENDED", "DRAFT", "UNPUBLISHED"] as const) {
      expect(isOrderable(status, true)).toBe(false);
      expect(isOrderable(status, false)).toBe(false);
    }
  });

  it("orderable implies visible", () => {
    for (const status of PUBLICATION_STATUSES) {
      for (const allows of [true, false]) {
        if (isOrderable(status, allows)) expect(isVisibleToBuyers(status)).toBe(true);
      }
    }
  });
});

describe("transitionRevision", () => {
  it.each(ALLOWED_REVISION)("%s --%s--> %s", (from, event, to) => {
    expect(transitionRevision(from, event)).toEqual({ ok: true, to });
    expect(canTransitionRevision(from, event)).toBe(true);
  });

  const refused = REVISION_STATUSES.flatMap((from) =>
    REVISION_EVENTS.filter(
      (event) => !ALLOWED_REVISION.some(([f, e]) => f === from && e === event),
    ).map((event) => [from, event] as const),
  );

  it.each(refused)("refuses %s --%s-->", (from, event) => {
    const result = transitionRevision(from, event);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason.length).toBeGreaterThan(10);
    expect(canTransitionRevision(from, event)).toBe(false);
  });

  it("keeps approved and superseded revisions immutable", () => {
    for (const from of ["APPROVED", "SUPERSEDED"] as const) {
      for (const event of REVISION_EVENTS) {
        if (from === "APPROVED" && event === "supersede") continue;
        const result = transitionRevision(from, event);
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.reason).toContain("cannot change");
      }
    }
  });

  it("only reviews submitted revisions", () => {
    expect(transitionRevision("DRAFT", "approve")).toEqual({
      ok: false,
      reason: "Only a revision submitted for review can be approved; this one is a draft.",
    });
    expect(transitionRevision("CHANGES_REQUESTED", "requestChanges").ok).toBe(false);
  });

  it("a supplier can resubmit after changes are requested, and withdraw back to draft", () => {
    let status: RevisionStatus = "DRAFT";
    for (const event of ["submit", "requestChanges", "submit", "withdrawSubmission", "submit", "approve"] as const) {
      const result = transitionRevision(status, event);
      expect(result.ok).toBe(true);
      if (result.ok) status = result.to;
    }
    expect(status).toBe("APPROVED");
  });
});

describe("isEditableRevision", () => {
  it.each<[RevisionStatus, boolean]>([
    ["DRAFT", true],
    ["CHANGES_REQUESTED", true],
    ["SUBMITTED", false],
    ["APPROVED", false],
    ["SUPERSEDED", false],
    ["WITHDRAWN", false],
  ])("%s → %s", (status, editable) => {
    expect(isEditableRevision(status)).toBe(editable);
  });
});

describe("planRevisionApproval", () => {
  it("publishes a draft listing on its first approval", () => {
    expect(planRevisionApproval("SUBMITTED", null, "DRAFT")).toEqual({
      ok: true,
      revision: "APPROVED",
      previousRevision: null,
      item: "PUBLISHED",
    });
  });

  it("supersedes the previous approved revision and keeps the item's status", () => {
    for (const item of ["PUBLISHED", "IN_REMEDIATION", "SUSPENDED", "UNPUBLISHED"] as const) {
      expect(planRevisionApproval("SUBMITTED", "APPROVED", item)).toEqual({
        ok: true,
        revision: "APPROVED",
        previousRevision: "SUPERSEDED",
        item,
      });
    }
  });

  it("refuses a revision that is not submitted", () => {
    const result = planRevisionApproval("DRAFT", "APPROVED", "PUBLISHED");
    expect(result.ok).toBe(false);
  });

  it("refuses to supersede anything but the approved revision", () => {
    expect(planRevisionApproval("SUBMITTED", "SUPERSEDED", "PUBLISHED")).toEqual({
      ok: false,
      reason: "The revision being replaced is not the approved one.",
    });
  });

  it("refuses an approved revision on a listing that was never published", () => {
    const result = planRevisionApproval("SUBMITTED", "APPROVED", "DRAFT");
    expect(result.ok).toBe(false);
  });
});
