import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AppLink, InsetText, Table } from "~/components/nhs";
import { assertCan } from "~/modules/admin/guard.server";
import { awardsPassingOverLapse, LAPSE_AUDIT_ACTION } from "~/modules/competitions/award.server";
import { formatNhsDate, londonDateOf } from "~/modules/dates";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

export const handle = { title: "Competition awards that passed over a solution whose assurance lapsed" };

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "competition", action: "read" });
  // Catalogue-wide: only staff, whose scope is "all" (a buyer's read is of their own competitions).
  assertCan(actor, "competition", "read");
  const awards = await awardsPassingOverLapse(db(), actor);
  // The audit action travels with the data: a value from a `.server` module is undefined in the browser.
  return json(
    { awards: awards.map((a) => ({ ...a, awardedOn: formatNhsDate(londonDateOf(new Date(a.awardedAt))) })), auditHref: `/admin/audit?action=${LAPSE_AUDIT_ACTION}` },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export default function CompetitionLapseNotes() {
  const { awards, auditHref } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Competition awards that passed over a solution whose assurance lapsed</h1>
      <p>
        A solution whose assurance (or its supplier&apos;s) is not in place cannot be ordered, so a further competition is never awarded to it: when its assurance lapsed
        during the competition, the award passes over it to the next-ranked solution that can be ordered, and the buyer&apos;s lead writes a note for commercial staff.
        Every such award and its note is listed here; the <AppLink href={auditHref}>audit log</AppLink> has the same events.
      </p>
      {awards.length === 0 ? (
        <InsetText>
          <p>No competition award has passed over a solution whose assurance lapsed.</p>
        </InsetText>
      ) : (
        <Table
          caption={`${awards.length} ${awards.length === 1 ? "award" : "awards"}`}
          head={[{ label: "Competition" }, { label: "Buyer" }, { label: "Passed over" }, { label: "Awarded to" }, { label: "Note" }, { label: "Awarded" }]}
          rows={awards.map((a) => [
            <>
              {a.reference}: {a.name}
              {a.callOffId ? <span className="block text-16 text-text-secondary">Order {a.callOffId}</span> : null}
            </>,
            <>
              {a.organisation}
              <span className="block text-16 text-text-secondary">{a.lead}</span>
            </>,
            <>
              {a.passedOver.map((p) => (
                <span key={p.solution} className="block">
                  {p.solution}
                  <span className="block text-16 text-text-secondary">{p.reason}</span>
                </span>
              ))}
            </>,
            a.solution,
            a.note,
            a.awardedOn,
          ])}
        />
      )}
    </>
  );
}
