/** How long supplier submissions wait for commercial staff: pure, shared by the review and evidence queues. */
import { workingDaysBetween, type DateOnly } from "~/modules/dates";

/** Staff aim to decide on a revision or renewal evidence within this many working days of its submission. */
export const REVIEW_TARGET_WORKING_DAYS = 5;

export type Waiting = { workingDays: number; overdue: boolean; text: string };

/** "3 working days", or "7 working days: over the 5-day target" once it is waiting longer than the target. */
export function waitingFor(submittedOn: DateOnly, today: DateOnly, target = REVIEW_TARGET_WORKING_DAYS): Waiting {
  const workingDays = workingDaysBetween(submittedOn, today);
  const overdue = workingDays > target;
  const days = `${workingDays} working ${workingDays === 1 ? "day" : "days"}`;
  return { workingDays, overdue, text: overdue ? `${days}: over the ${target}-day target` : days };
}
