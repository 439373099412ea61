import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, asDateOnly, londonToday, type DateOnly } from "../dates";
import {
  ASSURANCE_STATUSES,
  badgeText,
  computeAssuranceStatus,
  dueNotice,
  lapsedOn,
  remediationFailed,
  transitionAssurance,
  type AssuranceDates,
  type AssuranceEvent,
  type AssuranceStatus,
} from "./assurance-status";

const d = asDateOnly;
const expiresOn = d("2027-06-30");

function record(overrides: Partial<AssuranceDates> = {}): AssuranceDates {
  return { status: "ASSURED", expiresOn, remediationDeadline: null, ...overrides };
}

describe("computeAssuranceStatus", () => {
  it("is ASSURED outside the warning window", () => {
    expect(computeAssuranceStatus(record(), d("2027-01-01"))).toBe("ASSURED");
    // 61 days before expiry
    expect(computeAssuranceStatus(record(), d("2027-04-30"))).toBe("ASSURED");
  });

  it("is EXPIRING from exactly 60 days before expiry to the expiry day itself", () => {
    expect(computeAssuranceStatus(record(), d("2027-05-01"))).toBe("EXPIRING");
    expect(computeAssuranceStatus(record(), d("2027-06-29"))).toBe("EXPIRING");
    expect(computeAssuranceStatus(record(), d("2027-06-30"))).toBe("EXPIRING");
  });

  it("is LAPSED from the day after expiry", () => {
    expect(computeAssuranceStatus(record(), d("2027-07-01"))).toBe("LAPSED");
    expect(computeAssuranceStatus(record(), d("2030-01-01"))).toBe("LAPSED");
  });

  it("lapses at midnight London time, in BST", () => {
    const lastInstant = new Date("2027-06-30T22:59:59.999Z"); // 23:59:59.999 BST
    const firstLapsedInstant = new Date("2027-06-30T23:00:00.000Z"); // 00:00 BST 1 Jul
    expect(computeAssuranceStatus(record(), londonToday(lastInstant))).toBe("EXPIRING");
    expect(computeAssuranceStatus(record(), londonToday(firstLapsedInstant))).toBe("LAPSED");
  });

  it("lapses at midnight London time across the October clock change", () => {
    const r = record({ expiresOn: d("2026-10-25") });
    expect(computeAssuranceStatus(r, londonToday(new Date("2026-10-25T23:59:59.999Z")))).toBe(
      "EXPIRING",
    );
    expect(computeAssuranceStatus(r, londonToday(new Date("2026-10-26T00:00:00.000Z")))).toBe(
      "LAPSED",
    );
  });

  it("lapses at midnight London time across the March clock change", () => {
    const r = record({ expiresOn: d("2026-03-28") });
    expect(computeAssuranceStatus(r, londonToday(new Date("2026-03-28T23:59:59.999Z")))).toBe(
      "EXPIRING",
    );
    expect(computeAssuranceStatus(r, londonToday(new Date("2026-03-29T00:00:00.000Z")))).toBe(
      "LAPSED",
    );
    // 60 days before 29 Mar 2026 counts the short day as a whole day.
    const r2 = record({ expiresOn: d("2026-05-28") });
    expect(computeAssuranceStatus(r2, d("2026-03-29"))).toBe("EXPIRING");
    expect(computeAssuranceStatus(r2, d("2026-03-28"))).toBe("ASSURED");
  });

  it("uses the standard's own warning window", () => {
    expect(computeAssuranceStatus(record(), d("2027-04-01"), 90)).toBe("EXPIRING");
    expect(computeAssuranceStatus(record(), d("2027-05-31"), 30)).toBe("EXPIRING");
    expect(computeAssuranceStatus(record(), d("2027-05-30"), 30)).toBe("ASSURED");
    expect(computeAssuranceStatus(record(), d("2027-06-30"), 0)).toBe("EXPIRING");
    expect(computeAssuranceStatus(record(), d("2027-06-29"), 0)).toBe("ASSURED");
  });

  it("recomputes stale date-driven statuses from the dates", () => {
    expect(computeAssuranceStatus(record({ status: "LAPSED" }), d("2027-01-01"))).toBe("ASSURED");
    expect(computeAssuranceStatus(record({ status: "ASSURED" }), d("2027-08-01"))).toBe("LAPSED");
    expect(computeAssuranceStatus(record({ status: "EXPIRING" }), d("2026-01-01"))).toBe("ASSURED");
  });

  it("keeps staff decisions whatever the dates say", () => {
    const inRemediation = record({ status: "IN_REMEDIATION", remediationDeadline: d("2027-09-01") });
    expect(computeAssuranceStatus(inRemediation, d("2027-08-01"))).toBe("IN_REMEDIATION");
    expect(computeAssuranceStatus(inRemediation, d("2028-01-01"))).toBe("IN_REMEDIATION");
    expect(computeAssuranceStatus(record({ status: "WITHDRAWN" }), d("2027-01-01"))).toBe("WITHDRAWN");
  });

  it("is monotonic as today advances (never becomes more assured by waiting)", () => {
    const rank: Record<AssuranceStatus, number> = {
      ASSURED: 0,
      EXPIRING: 1,
      LAPSED: 2,
      IN_REMEDIATION: 3,
      WITHDRAWN: 4,
    };
    const dayArb = fc.integer({ min: 0, max: 3000 }).map((n) => addDays(d("2025-01-01"), n));
    fc.assert(
      fc.property(
        fc.constantFrom(...ASSURANCE_STATUSES),
        dayArb,
        dayArb,
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 0, max: 120 }),
        (status, expiry, today, step, window) => {
          const r = record({ status, expiresOn: expiry });
          const before = computeAssuranceStatus(r, today, window);
          const after = computeAssuranceStatus(r, addDays(today, step), window);
          if (status === "IN_REMEDIATION" || status === "WITHDRAWN") return before === status && after === status;
          return rank[after] >= rank[before];
        },
      ),
    );
  });
});

describe("dueNotice", () => {
  const at = (daysLeft: number): DateOnly => addDays(expiresOn, -daysLeft);

  it("sends nothing before 60 days", () => {
    expect(dueNotice(expiresOn, at(61), null)).toBeNull();
    expect(dueNotice(expiresOn, at(365), null)).toBeNull();
  });

  it("sends each notice on its exact day", () => {
    expect(dueNotice(expiresOn, at(60), null)).toBe(60);
    expect(dueNotice(expiresOn, at(30), 60)).toBe(30);
    expect(dueNotice(expiresOn, at(7), 30)).toBe(7);
  });

  it("sends each notice once", () => {
    expect(dueNotice(expiresOn, at(59), 60)).toBeNull();
    expect(dueNotice(expiresOn, at(31), 60)).toBeNull();
    expect(dueNotice(expiresOn, at(29), 30)).toBeNull();
    expect(dueNotice(expiresOn, at(6), 7)).toBeNull();
    expect(dueNotice(expiresOn, at(0), 7)).toBeNull();
  });

  it("sends only the most urgent unsent notice after missed days", () => {
    expect(dueNotice(expiresOn, at(25), null)).toBe(30);
    expect(dueNotice(expiresOn, at(5), null)).toBe(7);
    expect(dueNotice(expiresOn, at(5), 60)).toBe(7);
  });

  it("still sends the 7-day notice on the expiry day", () => {
    expect(dueNotice(expiresOn, at(0), 30)).toBe(7);
  });

  it("sends nothing once lapsed", () => {
    expect(dueNotice(expiresOn, at(-1), null)).toBeNull();
    expect(dueNotice(expiresOn, at(-30), 30)).toBeNull();
  });

  it("a daily job sends 60, 30 and 7 exactly once each, in order", () => {
    fc.assert(
      fc.property(fc.integer({ min: 61, max: 400 }), (startDaysLeft) => {
        const sent: number[] = [];
        let lastSent: number | null = null;
        for (let left = startDaysLeft; left >= -10; left--) {
          const notice = dueNotice(expiresOn, at(left), lastSent);
          if (notice !== null) {
            sent.push(notice);
            lastSent = notice;
          }
        }
        expect(sent).toEqual([60, 30, 7]);
      }),
    );
  });
});

describe("remediationFailed", () => {
  const deadline = d("2027-01-15");

  it("has not failed on or before the deadline day", () => {
    expect(remediationFailed(deadline, d("2027-01-14"))).toBe(false);
    expect(remediationFailed(deadline, d("2027-01-15"))).toBe(false);
  });

  it("has failed from the day after the deadline", () => {
    expect(remediationFailed(deadline, d("2027-01-16"))).toBe(true);
  });

  it("has not failed without a deadline", () => {
    expect(remediationFailed(null, d("2030-01-01"))).toBe(false);
  });
});

describe("lapsedOn", () => {
  it("is the day after expiry", () => {
    expect(lapsedOn(d("2026-11-01"))).toBe("2026-11-02");
    expect(lapsedOn(d("2028-02-28"))).toBe("2028-02-29");
  });
});

describe("badgeText", () => {
  it("shows the expiry date while assured", () => {
    expect(badgeText(record(), d("2027-01-01"))).toBe("Assured until 30 Jun 2027");
  });

  it("counts down inside the warning window", () => {
    expect(badgeText(record(), d("2027-06-09"))).toBe("Expiring in 21 days");
    expect(badgeText(record(), d("2027-05-01"))).toBe("Expiring in 60 days");
    expect(badgeText(record(), d("2027-06-29"))).toBe("Expiring in 1 day");
    expect(badgeText(record(), d("2027-06-30"))).toBe("Expiring today");
  });

  it("gives the day it lapsed", () => {
    expect(badgeText(record({ expiresOn: d("2026-11-01") }), d("2026-12-25"))).toBe(
      "Lapsed on 2 Nov 2026",
    );
    expect(badgeText(record(), d("2027-07-01"))).toBe("Lapsed on 1 Jul 2027");
  });

  it("gives the remediation deadline", () => {
    const r = record({
      status: "IN_REMEDIATION",
      expiresOn: d("2026-11-01"),
      remediationDeadline: d("2027-01-15"),
    });
    expect(badgeText(r, d("2026-12-01"))).toBe("In remediation until 15 Jan 2027");
    expect(badgeText({ ...r, remediationDeadline: null }, d("2026-12-01"))).toBe("In remediation");
  });

  it("says withdrawn", () => {
    expect(badgeText(record({ status: "WITHDRAWN" }), d("2027-01-01"))).toBe("Withdrawn");
  });

  it("respects a custom warning window", () => {
    expect(badgeText(record(), d("2027-04-01"), 30)).toBe("Assured until 30 Jun 2027");
    expect(badgeText(record(), d("2027-04-01"), 90)).toBe("Expiring in 90 days");
  });
});

describe("transitionAssurance", () => {
  const expected: Record<AssuranceStatus, Record<AssuranceEvent, AssuranceStatus | null>> = {
    ASSURED: { agreeRemediation: null, renew: "ASSURED", withdraw: "WITHDRAWN" },
    EXPIRING: { agreeRemediation: null, renew: "ASSURED", withdraw: "WITHDRAWN" },
    LAPSED: { agreeRemediation: "IN_REMEDIATION", renew: "ASSURED", withdraw: "WITHDRAWN" },
    IN_REMEDIATION: { agreeRemediation: null, renew: "ASSURED", withdraw: "WITHDRAWN" },
    WITHDRAWN: { agreeRemediation: null, renew: "ASSURED", withdraw: null },
  };

  for (const from of ASSURANCE_STATUSES) {
    for (const [event, to] of Object.entries(expected[from]) as [AssuranceEvent, AssuranceStatus | null][]) {
      it(`${from} --${event}--> ${to ?? "rejected"}`, () => {
        const result = transitionAssurance(from, event);
        if (to === null) {
          expect(result.ok).toBe(false);
          if (!result.ok) expect(result.reason).toMatch(/\w+/);
        } else {
          expect(result).toEqual({ ok: true, to });
        }
      });
    }
  }

  it("explains why remediation needs a lapse", () => {
    const result = transitionAssurance("EXPIRING", "agreeRemediation");
    expect(result).toEqual({
      ok: false,
      reason:
        "A remediation plan can only be agreed once an assurance has lapsed; this one is expiring.",
    });
  });
});
