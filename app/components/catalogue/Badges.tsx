import { Tag, type TagColour } from "~/components/nhs";
import { recordBadge, type AssuranceStatus } from "~/modules/assurance/assurance-status";
import type { DateOnly } from "~/modules/dates";

/**
 * Badges (DESIGN.md §5): capability (C-ref and name, passed full or partial), standard
 * (assurance state and date), framework, "Foundation solution", listing status. Text, not
 * colour, carries the meaning; colour only repeats it.
 */

export function CapabilityBadge({ id, name, result }: { id: string; name: string; result: string }) {
  const partial = result === "PASSED_PARTIAL";
  const failed = result === "FAILED";
  return (
    <Tag colour={failed ? "grey" : partial ? "white" : "blue"} className="mb-1 mr-1">
      {id} {name}
      {partial ? " (partial)" : failed ? " (not met)" : null}
    </Tag>
  );
}

const STANDARD_COLOURS: Record<AssuranceStatus, TagColour> = {
  ASSURED: "green",
  EXPIRING: "yellow",
  LAPSED: "red",
  IN_REMEDIATION: "orange",
  WITHDRAWN: "red",
};

/** "Assured until 30 Jun 2027", "Expiring in 21 days", "Lapsed on 2 Nov 2026"; today comes from the server so the text never changes on hydration. */
export function StandardBadge({
  record,
  today,
}: {
  record: { status: string; expiresOn: string | null; remediationDeadline: string | null; assuredOn?: string | null };
  today: string;
}) {
  const badge = recordBadge(
    { status: record.status as AssuranceStatus, expiresOn: record.expiresOn as DateOnly | null, remediationDeadline: record.remediationDeadline as DateOnly | null, assuredOn: (record.assuredOn ?? null) as DateOnly | null },
    today as DateOnly,
  );
  return <Tag colour={STANDARD_COLOURS[badge.status]}>{badge.text}</Tag>;
}

/** A badge already worded on the server (search result cards). */
export function WordedStandardBadge({ status, text }: { status: AssuranceStatus; text: string }) {
  return <Tag colour={STANDARD_COLOURS[status]}>{text}</Tag>;
}

export function FrameworkBadge({ shortName, expired }: { shortName: string; expired: boolean }) {
  return (
    <Tag colour={expired ? "grey" : "purple"} className="mb-1 mr-1">
      {shortName}
      {expired ? " (expired)" : null}
    </Tag>
  );
}

export function FoundationBadge() {
  return (
    <Tag colour="green" className="mb-1 mr-1">
      Foundation solution
    </Tag>
  );
}

/** Shown only when a listing is not simply assured. */
export function ListingStatusBadge({ publicationStatus, assurance }: { publicationStatus?: string; assurance?: string }) {
  if (publicationStatus === "SUSPENDED") return <Tag colour="red" className="mb-1 mr-1">Suspended</Tag>;
  if (publicationStatus === "IN_REMEDIATION" || assurance === "in-remediation") return <Tag colour="orange" className="mb-1 mr-1">In remediation</Tag>;
  if (assurance === "lapsed") return <Tag colour="red" className="mb-1 mr-1">Assurance lapsed</Tag>;
  if (assurance === "not-orderable") return <Tag colour="grey" className="mb-1 mr-1">Not open for orders</Tag>;
  return null;
}
