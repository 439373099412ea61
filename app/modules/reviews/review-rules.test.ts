import { describe, expect, it } from "vitest";
import { asDateOnly } from "~/modules/dates";
import { REVIEW_TARGET_WORKING_DAYS, waitingFor } from "./review-rules";

describe("waitingFor", () => {
  it("counts working days, and marks a submission waiting longer than the target", () => {
    // Submitted on Monday 30 Nov 2026.
    const submitted = asDateOnly("2026-11-30");
    expect(waitingFor(submitted, submitted)).toEqual({ workingDays: 0, overdue: false, text: "0 working days" });
    expect(waitingFor(submitted, asDateOnly("2026-12-01"))).toEqual({ workingDays: 1, overdue: false, text: "1 working day" });
    // Five working days is on target; the sixth is over it. The weekend does not count.
    expect(waitingFor(submitted, asDateOnly("2026-12-07")).overdue).toBe(false);
    expect(waitingFor(submitted, asDateOnly("2026-12-08"))).toEqual({ workingDays: 6, overdue: true, text: `6 working days: over the ${REVIEW_TARGET_WORKING_DAYS}-day target` });
    // Christmas and Boxing Day (observed) do not count either.
    expect(waitingFor(asDateOnly("2026-12-23"), asDateOnly("2026-12-31")).workingDays).toBe(4);
  });
});
