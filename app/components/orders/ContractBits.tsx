import { AppLink, ButtonLink, Tag, type TagColour } from "~/components/nhs";
import { SUPPORT_EMAIL } from "~/utils/contact";

const STATUS: Record<string, { text: string; colour: TagColour }> = {
  ACTIVE: { text: "Active", colour: "green" },
  EXPIRING: { text: "Expiring", colour: "yellow" },
  EXPIRED: { text: "Expired", colour: "grey" },
  RENEWED: { text: "Renewed", colour: "blue" },
  FLAGGED_FOR_TERMINATION: { text: "Flagged for termination", colour: "red" },
  TERMINATED: { text: "Terminated", colour: "red" },
};

/** The status tag; `text` (a contract under a termination notice: when it ends) reads instead of the status word. */
export function ContractStatusTag({ status, text }: { status: string; text?: string | null }) {
  const s = STATUS[status] ?? { text: status, colour: "grey" as TagColour };
  return <Tag colour={text ? "orange" : s.colour}>{text ?? s.text}</Tag>;
}

export type Alternative = { id: string; name: string; summary: string | null; supplier: string; capabilities: string[]; frameworks: string[] };

/**
 * The assured alternatives to a contract's solution, each leading to the switch journey
 * (a switch date, then a pre-filled replacement order). With none, the buyer is not left at a dead end: a catalogue search for
 * the same capabilities (a partial match may still serve) and the NHS England commercial
 * team's contact.
 */
export function AlternativesList({ contractId, alternatives, capabilityIds }: { contractId: string; alternatives: Alternative[]; capabilityIds: string[] }) {
  if (alternatives.length === 0) return <NoAlternatives capabilityIds={capabilityIds} />;
  return (
    <ul className="m-0 list-none p-0">
      {alternatives.map((alternative) => (
        <li key={alternative.id} className="mb-6 border border-grey-4 bg-white p-4 tablet:p-6">
          <h3 className="mb-2">
            <AppLink href={`/solutions/${alternative.id}`}>{alternative.name}</AppLink>
          </h3>
          <p className="mb-2 text-text-secondary">
            {alternative.supplier} · {alternative.frameworks.join(", ")}
          </p>
          {alternative.summary ? <p>{alternative.summary}</p> : null}
          <p className="text-16">Capabilities: {alternative.capabilities.join(", ")}</p>
          <ButtonLink href={`/buyer/contracts/${contractId}/switch/${alternative.id}`} className="mb-0" aria-label={`Switch to ${alternative.name}`}>
            Switch to this solution
          </ButtonLink>
        </li>
      ))}
    </ul>
  );
}

/** With no assured alternative: a catalogue search for the same capabilities and the commercial team's contact. */
export function NoAlternatives({ capabilityIds }: { capabilityIds: string[] }) {
  const search = `/solutions?${new URLSearchParams(capabilityIds.map((id) => ["capability", id])).toString()}`;
  return (
    <>
      <p>There are no assured alternatives covering all the same capabilities in the catalogue at the moment.</p>
      <ul>
        <li>
          <AppLink href={search}>Search the catalogue for solutions with the same capabilities</AppLink> ({capabilityIds.join(", ")}), and remove any you can do without
        </li>
        <li>
          Contact the NHS England commercial team for advice: <AppLink href={`mailto:${SUPPORT_EMAIL}`}>{SUPPORT_EMAIL}</AppLink>
        </li>
      </ul>
    </>
  );
}
