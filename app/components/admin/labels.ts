import type { TagColour } from "~/components/nhs";
import { formatMoney, toMoney } from "~/modules/pricing/pricing";

/** Words and tag colours for the console's states. */
export const ASSURANCE_LABELS: Record<string, { text: string; colour: TagColour }> = {
  ASSURED: { text: "Assured", colour: "green" },
  EXPIRING: { text: "Expiring", colour: "yellow" },
  LAPSED: { text: "Lapsed", colour: "red" },
  IN_REMEDIATION: { text: "In remediation", colour: "orange" },
  WITHDRAWN: { text: "Withdrawn", colour: "grey" },
};

export const FLAG_LABELS: Record<string, { text: string; colour: TagColour }> = {
  OPEN: { text: "Flagged", colour: "red" },
  NOTICE_ISSUED: { text: "Notice issued", colour: "grey" },
  CLEARED: { text: "Cleared", colour: "green" },
};

export const FRAMEWORK_LABELS: Record<string, { text: string; colour: TagColour }> = {
  COMING: { text: "Coming", colour: "blue" },
  OPEN: { text: "Open", colour: "aqua" },
  LIVE: { text: "Live", colour: "green" },
  EXPIRED: { text: "Expired", colour: "grey" },
};

export const EMAIL_STATUSES = ["QUEUED", "SENT", "FAILED"] as const;

export const EMAIL_LABELS: Record<string, { text: string; colour: TagColour }> = {
  QUEUED: { text: "Queued", colour: "blue" },
  SENT: { text: "Sent", colour: "green" },
  FAILED: { text: "Failed", colour: "red" },
};

/** "£12,345.67" from a stored Decimal as a string (sums of Decimal(18,4) columns). */
export function pounds(decimal: string): string {
  return formatMoney(toMoney(decimal));
}

export const count = (n: number) => n.toLocaleString("en-GB");

export const REFERENCE_LABELS: Record<string, { text: string; colour: TagColour }> = {
  ACTIVE: { text: "Active", colour: "green" },
  EXPIRED: { text: "Expired", colour: "grey" },
};

export const EPIC_LEVEL_LABELS: Record<string, string> = { MUST: "Must", SHOULD: "Should", MAY: "May" };
