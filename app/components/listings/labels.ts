import type { TagColour } from "~/components/nhs";

/** Words and tag colours for listing and revision states, shared by supplier and staff pages. */
export const PUBLICATION_LABELS: Record<string, { text: string; colour: TagColour }> = {
  DRAFT: { text: "Draft", colour: "grey" },
  PUBLISHED: { text: "Published", colour: "green" },
  IN_REMEDIATION: { text: "In remediation", colour: "orange" },
  SUSPENDED: { text: "Suspended", colour: "red" },
  UNPUBLISHED: { text: "Unpublished", colour: "grey" },
};

export const REVISION_LABELS: Record<string, { text: string; colour: TagColour }> = {
  DRAFT: { text: "Draft changes", colour: "blue" },
  SUBMITTED: { text: "Submitted for review", colour: "purple" },
  CHANGES_REQUESTED: { text: "Changes requested", colour: "orange" },
  APPROVED: { text: "Approved", colour: "green" },
  SUPERSEDED: { text: "Superseded", colour: "grey" },
  WITHDRAWN: { text: "Withdrawn", colour: "grey" },
};

export const KIND_LABELS: Record<string, string> = {
  SOLUTION: "Catalogue Solution",
  ADDITIONAL_SERVICE: "Additional Service",
  ASSOCIATED_SERVICE: "Associated Service",
};
