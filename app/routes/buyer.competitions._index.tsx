import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AppLink, InsetText, Table, Tag } from "~/components/nhs";
import { formatNhsDate, londonDateOf } from "~/modules/dates";
import { listCompetitions } from "~/modules/competitions/competitions.server";
import { privateHeaders } from "~/modules/competitions/pages.server";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

export const handle = { title: "Further competitions" };

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "competition", action: "read" });
  const competitions = await listCompetitions(db(), actor);
  return json(
    { competitions: competitions.map((c) => ({ ...c, started: formatNhsDate(londonDateOf(new Date(c.createdAt))) })) },
    { headers: privateHeaders },
  );
}

export default function Competitions() {
  const { competitions } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Further competitions</h1>
      <p>
        A further competition compares solutions from one of your shortlists against your criteria, scores them by published formulas and awards the winner a call-off
        order. Start one from a <AppLink href="/buyer/shortlists">saved shortlist</AppLink>: open it and choose &quot;Run a further competition&quot;.
      </p>
      {competitions.length === 0 ? (
        <InsetText>
          <p>Your organisation has not started a further competition yet.</p>
        </InsetText>
      ) : (
        <Table
          caption="Your organisation's competitions"
          head={[{ label: "Reference" }, { label: "Name" }, { label: "Framework" }, { label: "Solutions", numeric: true }, { label: "Started" }, { label: "Status" }]}
          rows={competitions.map((c) => [
            <AppLink key="ref" href={`/buyer/competitions/${c.id}`}>
              {c.reference}
            </AppLink>,
            <>
              {c.name}
              <span className="block text-16 text-text-secondary">
                Led by {c.lead}
                {c.own ? null : `, ${c.organisation}`}
              </span>
            </>,
            c.framework,
            String(c.solutions),
            c.started,
            c.status === "AWARDED" ? <Tag colour="green">{c.kind === "DIRECT_AWARD" ? "Direct award" : "Awarded"}</Tag> : <Tag colour="yellow">In progress</Tag>,
          ])}
        />
      )}
    </>
  );
}
