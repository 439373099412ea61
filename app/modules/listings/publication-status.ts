/**
 * Two status machines for a catalogue item:
 *
 * 1. Publication status of the item (what buyers can see and order), from the public record:
 *      DRAFT → PUBLISHED; PUBLISHED → IN_REMEDIATION | UNPUBLISHED;
 *      IN_REMEDIATION → PUBLISHED | SUSPENDED | UNPUBLISHED;
 *      SUSPENDED → PUBLISHED | IN_REMEDIATION | UNPUBLISHED; UNPUBLISHED → PUBLISHED.
 *    Suspension only through remediation.
 *
 * 2. Review status of a listing revision (the supplier's draft of the next published
 *    snapshot): DRAFT → SUBMITTED → APPROVED | CHANGES_REQUESTED; CHANGES_REQUESTED → SUBMITTED;
 *    SUBMITTED → DRAFT when the supplier withdraws it; an APPROVED revision is SUPERSEDED when a
 *    newer one is approved; a draft the supplier abandons is WITHDRAWN. Approved and superseded
 *    revisions are immutable: they are what buyers saw when they ordered.
 */

export const PUBLICATION_STATUSES = [
  "DRAFT",
  "UNPUBLISHED",
  "PUBLISHED",
  "IN_REMEDIATION",
  "SUSPENDED",
] as const;
export type PublicationStatus = (typeof PUBLICATION_STATUSES)[number];

export const PUBLICATION_EVENTS = [
  "approve",
  "agreeRemediation",
  "suspend",
  "restore",
  "unpublish",
  "republish",
] as const;
/**
 * - approve: commercial staff approve the first revision of a draft listing; it goes live.
 * - agreeRemediation: a lapsed assurance has an agreed plan (also lifts a suspension into one).
 * - suspend: remediation has failed or staff suspend during remediation.
 * - restore: assurance renewed; the listing is published again.
 * - unpublish / republish: taken off, or put back on, the catalogue.
 */
export type PublicationEvent = (typeof PUBLICATION_EVENTS)[number];

export type PublicationTransition =
  | { ok: true; to: PublicationStatus }
  | { ok: false; reason: string };

const PUBLICATION_MACHINE: Record<
  PublicationStatus,
  Partial<Record<PublicationEvent, PublicationStatus>>
> = {
  DRAFT: { approve: "PUBLISHED" },
  PUBLISHED: { agreeRemediation: "IN_REMEDIATION", unpublish: "UNPUBLISHED" },
  IN_REMEDIATION: { restore: "PUBLISHED", suspend: "SUSPENDED", unpublish: "UNPUBLISHED" },
  SUSPENDED: { restore: "PUBLISHED", agreeRemediation: "IN_REMEDIATION", unpublish: "UNPUBLISHED" },
  UNPUBLISHED: { republish: "PUBLISHED" },
};

const PUBLICATION_WORDS: Record<PublicationStatus, string> = {
  DRAFT: "a draft",
  UNPUBLISHED: "unpublished",
  PUBLISHED: "published",
  IN_REMEDIATION: "in remediation",
  SUSPENDED: "suspended",
};

const EVENT_WORDS: Record<PublicationEvent, string> = {
  approve: "approved for publication",
  agreeRemediation: "put into remediation",
  suspend: "suspended",
  restore: "restored",
  unpublish: "unpublished",
  republish: "republished",
};

function publicationRefusal(from: PublicationStatus, event: PublicationEvent): string {
  if (event === "suspend" && from === "PUBLISHED") {
    return "A published listing can only be suspended through remediation: agree a remediation plan first.";
  }
  if (event === "approve") {
    return `Only a draft listing goes live on approval; this listing is ${PUBLICATION_WORDS[from]}, so approving a revision updates its content without changing its status.`;
  }
  return `A listing that is ${PUBLICATION_WORDS[from]} cannot be ${EVENT_WORDS[event]}.`;
}

export function transitionPublication(
  from: PublicationStatus,
  event: PublicationEvent,
): PublicationTransition {
  const to = PUBLICATION_MACHINE[from][event];
  return to ? { ok: true, to } : { ok: false, reason: publicationRefusal(from, event) };
}

export function canTransition(from: PublicationStatus, event: PublicationEvent): boolean {
  return PUBLICATION_MACHINE[from][event] !== undefined;
}

/** Events that apply to a listing now, for offering only the buttons that will work. */
export function availablePublicationEvents(from: PublicationStatus): PublicationEvent[] {
  return PUBLICATION_EVENTS.filter((event) => canTransition(from, event));
}

/** Shown in search, listing pages and comparisons (with an "In remediation" badge when so). */
export function isVisibleToBuyers(status: PublicationStatus): boolean {
  return status === "PUBLISHED" || status === "IN_REMEDIATION";
}

/**
 * Whether new orders may include the item, as far as its publication goes (the order rules
 * also need a published price, an active supplier and a live framework).
 */
export function isOrderable(
  status: PublicationStatus,
  frameworkAllowsRemediationOrders: boolean,
): boolean {
  if (status === "PUBLISHED") return true;
  return status === "IN_REMEDIATION" && frameworkAllowsRemediationOrders;
}

// ---------------------------------------------------------------------------------------
// Revisions

export const REVISION_STATUSES = [
  "DRAFT",
  "SUBMITTED",
  "CHANGES_REQUESTED",
  "APPROVED",
  "SUPERSEDED",
  "WITHDRAWN",
] as const;
export type RevisionStatus = (typeof REVISION_STATUSES)[number];

export const REVISION_EVENTS = [
  "submit",
  "withdrawSubmission",
  "approve",
  "requestChanges",
  "supersede",
  "discard",
] as const;
/**
 * - submit: the supplier sends the draft (or the revised draft after changes were requested) for review.
 * - withdrawSubmission: the supplier takes a submitted revision back to draft before review.
 * - approve / requestChanges: commercial staff's review decision.
 * - supersede: a newer revision of the same item was approved.
 * - discard: the supplier abandons an unsubmitted revision.
 */
export type RevisionEvent = (typeof REVISION_EVENTS)[number];

export type RevisionTransition =
  | { ok: true; to: RevisionStatus }
  | { ok: false; reason: string };

const REVISION_MACHINE: Record<RevisionStatus, Partial<Record<RevisionEvent, RevisionStatus>>> = {
  DRAFT: { submit: "SUBMITTED", discard: "WITHDRAWN" },
  SUBMITTED: { withdrawSubmission: "DRAFT", approve: "APPROVED", requestChanges: "CHANGES_REQUESTED" },
  CHANGES_REQUESTED: { submit: "SUBMITTED", discard: "WITHDRAWN" },
  APPROVED: { supersede: "SUPERSEDED" },
  SUPERSEDED: {},
  WITHDRAWN: {},
};

const REVISION_WORDS: Record<RevisionStatus, string> = {
  DRAFT: "a draft",
  SUBMITTED: "submitted for review",
  CHANGES_REQUESTED: "waiting for the changes requested",
  APPROVED: "approved",
  SUPERSEDED: "superseded",
  WITHDRAWN: "withdrawn",
};

const REVISION_EVENT_WORDS: Record<RevisionEvent, string> = {
  submit: "submitted for review",
  withdrawSubmission: "withdrawn from review",
  approve: "approved",
  requestChanges: "sent back with changes requested",
  supersede: "superseded",
  discard: "discarded",
};

function revisionRefusal(from: RevisionStatus, event: RevisionEvent): string {
  if (from === "APPROVED" || from === "SUPERSEDED") {
    return `This revision is ${REVISION_WORDS[from]} and cannot change: it is what buyers saw. Start a new draft instead.`;
  }
  if ((event === "approve" || event === "requestChanges") && from !== "SUBMITTED") {
    return `Only a revision submitted for review can be ${REVISION_EVENT_WORDS[event]}; this one is ${REVISION_WORDS[from]}.`;
  }
  return `A revision that is ${REVISION_WORDS[from]} cannot be ${REVISION_EVENT_WORDS[event]}.`;
}

export function transitionRevision(from: RevisionStatus, event: RevisionEvent): RevisionTransition {
  const to = REVISION_MACHINE[from][event];
  return to ? { ok: true, to } : { ok: false, reason: revisionRefusal(from, event) };
}

export function canTransitionRevision(from: RevisionStatus, event: RevisionEvent): boolean {
  return REVISION_MACHINE[from][event] !== undefined;
}

/** The supplier may edit the revision's content (not once it is submitted or decided). */
export function isEditableRevision(status: RevisionStatus): boolean {
  return status === "DRAFT" || status === "CHANGES_REQUESTED";
}

export type ApprovalPlan =
  | {
      ok: true;
      /** Always APPROVED. */
      revision: RevisionStatus;
      /** SUPERSEDED for the previously approved revision, or null if there was none. */
      previousRevision: RevisionStatus | null;
      /** PUBLISHED for a draft listing's first approval; otherwise the status it already had. */
      item: PublicationStatus;
    }
  | { ok: false; reason: string };

/**
 * Everything approving a revision changes, worked out together so the caller can write it in
 * one transaction: the revision is approved, the one it replaces is superseded, and a draft
 * listing goes live. Approving a revision of an unpublished, suspended or in-remediation
 * listing updates its content and leaves its publication status alone.
 */
export function planRevisionApproval(
  revision: RevisionStatus,
  previousApproved: RevisionStatus | null,
  item: PublicationStatus,
): ApprovalPlan {
  const approved = transitionRevision(revision, "approve");
  if (!approved.ok) return approved;
  let previousRevision: RevisionStatus | null = null;
  if (previousApproved !== null) {
    if (item === "DRAFT") {
      return { ok: false, reason: "A draft listing has never been approved, so it has no revision to replace." };
    }
    const superseded = transitionRevision(previousApproved, "supersede");
    if (!superseded.ok) {
      return { ok: false, reason: "The revision being replaced is not the approved one." };
    }
    previousRevision = superseded.to;
  }
  const goesLive = transitionPublication(item, "approve");
  return {
    ok: true,
    revision: approved.to,
    previousRevision,
    item: goesLive.ok ? goesLive.to : item,
  };
}
