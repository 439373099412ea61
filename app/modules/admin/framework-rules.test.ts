import { describe, expect, it } from "vitest";
import { asDateOnly } from "~/modules/dates";
import { checkFrameworkStatusChange, frameworkDisplayName, FRAMEWORK_STATUSES, takesNewOrders } from "./framework-rules";

const today = asDateOnly("2026-04-01");
const started = { startsOn: asDateOnly("2026-01-01"), today };

describe("framework status changes", () => {
  it("move forward through coming, open, live and expired", () => {
    expect(checkFrameworkStatusChange("COMING", "OPEN", started)).toEqual({ ok: true });
    expect(checkFrameworkStatusChange("OPEN", "LIVE", started)).toEqual({ ok: true });
    expect(checkFrameworkStatusChange("LIVE", "EXPIRED", started)).toEqual({ ok: true });
    expect(checkFrameworkStatusChange("COMING", "EXPIRED", started)).toEqual({ ok: true });
  });

  it("never go back, and an expired framework is never reopened", () => {
    expect(checkFrameworkStatusChange("LIVE", "OPEN", started)).toMatchObject({ ok: false, reason: "A live framework cannot go back to open." });
    for (const to of FRAMEWORK_STATUSES.filter((s) => s !== "EXPIRED")) {
      expect(checkFrameworkStatusChange("EXPIRED", to, started)).toMatchObject({ ok: false });
    }
  });

  it("go live only from the start date", () => {
    expect(checkFrameworkStatusChange("OPEN", "LIVE", { startsOn: today, today })).toEqual({ ok: true });
    expect(checkFrameworkStatusChange("OPEN", "LIVE", { startsOn: asDateOnly("2026-04-02"), today })).toMatchObject({ ok: false });
    expect(checkFrameworkStatusChange("OPEN", "LIVE", { startsOn: null, today })).toMatchObject({ ok: false });
  });

  it("only live frameworks take orders, and expired ones are labelled", () => {
    expect(FRAMEWORK_STATUSES.filter(takesNewOrders)).toEqual(["LIVE"]);
    expect(frameworkDisplayName("GP IT Futures", "EXPIRED")).toBe("GP IT Futures (expired)");
    expect(frameworkDisplayName("GP IT Futures", "LIVE")).toBe("GP IT Futures");
  });
});
