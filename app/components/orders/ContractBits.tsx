import { Form } from "@remix-run/react";
import { Button, Tag, type TagColour } from "~/components/nhs";
import { useCsrfToken } from "~/root";

const STATUS: Record<string, { text: string; colour: TagColour }> = {
  ACTIVE: { text: "Active", colour: "green" },
  EXPIRING: { text: "Expiring", colour: "yellow" },
  EXPIRED: { text: "Expired", colour: "grey" },
  RENEWED: { text: "Renewed", colour: "blue" },
  FLAGGED_FOR_TERMINATION: { text: "Flagged for termination", colour: "red" },
  TERMINATED: { text: "Terminated", colour: "red" },
};

export function ContractStatusTag({ status }: { status: string }) {
  const s = STATUS[status] ?? { text: status, colour: "grey" as TagColour };
  return <Tag colour={s.colour}>{s.text}</Tag>;
}

export type Alternative = { id: string; name: string; summary: string | null; supplier: string; capabilities: string[]; frameworks: string[] };

/** Assured alternatives, each one click from a pre-filled replacement order (switching made easy). */
export function AlternativesList({ contractId, alternatives }: { contractId: string; alternatives: Alternative[] }) {
  const csrf = useCsrfToken();
  if (alternatives.length === 0) {
    return <p>There are no assured alternatives covering the same capabilities in the catalogue at the moment. Contact your ICB&apos;s digital team for advice.</p>;
  }
  return (
    <ul className="m-0 list-none p-0">
      {alternatives.map((alternative) => (
        <li key={alternative.id} className="mb-6 border border-grey-4 bg-white p-4 tablet:p-6">
          <h3 className="mb-2">{alternative.name}</h3>
          <p className="mb-2 text-text-secondary">
            {alternative.supplier} · {alternative.frameworks.join(", ")}
          </p>
          {alternative.summary ? <p>{alternative.summary}</p> : null}
          <p className="text-16">Capabilities: {alternative.capabilities.join(", ")}</p>
          <Form method="post" action={`/buyer/contracts/${contractId}/alternatives`} noValidate>
            <input type="hidden" name="csrf" value={csrf} />
            <input type="hidden" name="solutionId" value={alternative.id} />
            <Button className="mb-0" preventDoubleClick aria-label={`Start replacement order for ${alternative.name}`}>
              Start replacement order
            </Button>
          </Form>
        </li>
      ))}
    </ul>
  );
}
