/** Termination flag rules shared by the page (client and server) and the module. */
import { addMonths, type DateOnly } from "~/modules/dates";

export const DEFAULT_NOTICE_MONTHS = 3;
export const MAX_NOTICE_MONTHS = 12;
export const FLAG_STATUSES = ["OPEN", "NOTICE_ISSUED", "CLEARED"] as const;

/** When a termination notice takes effect: after the notice period, or at the contract's end if sooner. */
export function noticeTerminationDate(today: DateOnly, noticeMonths: number, contractEndDate: DateOnly): DateOnly {
  const afterNotice = addMonths(today, noticeMonths);
  return afterNotice < contractEndDate ? afterNotice : contractEndDate;
}
