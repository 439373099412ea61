import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { CompetitionCaption } from "~/components/competitions/CompetitionPage";
import { ResultTable, ScoringRules } from "~/components/competitions/Result";
import { AppLink, BackLink, ButtonLink, InsetText, WarningCallout } from "~/components/nhs";
import { publishedResult } from "~/modules/competitions/award.server";
import { competitionHeading } from "~/modules/competitions/competitions.server";
import { competitionFor, privateHeaders } from "~/modules/competitions/pages.server";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

export const handle = { title: "Result" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "competition", action: "read" });
  const competition = await competitionFor(actor, params, "read");
  const published = await publishedResult(db(), competition, actor);
  const canAward = competition.status === "IN_PROGRESS" && competition.leadUserId === actor.userId;
  return json({ competition: competitionHeading(competition), published, canAward }, { headers: privateHeaders });
}

export default function Result() {
  const { competition, published, canAward } = useLoaderData<typeof loader>();
  const base = `/buyer/competitions/${competition.id}`;
  if (!published.ready) {
    return (
      <div className="desktop:w-2/3">
        <BackLink href={base}>Back</BackLink>
        <CompetitionCaption competition={competition} />
        <h1>There is no result yet</h1>
        <p>The result is worked out once everything it depends on is done:</p>
        <ul>
          {published.missing.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
        <p>
          <AppLink href={base}>Return to the task list</AppLink>
        </p>
      </div>
    );
  }
  const { table } = published;
  const notes = table.rows.filter((r) => r.orderabilityNote);
  return (
    <>
      <BackLink href={base}>Back</BackLink>
      <CompetitionCaption competition={competition} />
      <h1>Result</h1>
      {table.winner ? (
        <div className="mb-8 border-l-10 border-green bg-white p-4" role="region" aria-label="Winner">
          <p className="mb-2 text-22 font-bold">{table.winner} wins</p>
          <p className="mb-0">
            {published.awarded ? "The competition has been awarded." : "By the published formulas below."} {table.tieBreak ?? ""}
          </p>
        </div>
      ) : (
        <InsetText>
          <p>{table.tieBreak}</p>
        </InsetText>
      )}
      {notes.length > 0 && !published.awarded ? (
        <WarningCallout heading="Solutions that cannot be ordered as they are" headingLevel={2}>
          <ul>
            {notes.map((r) => (
              <li key={r.id}>{r.orderabilityNote}</li>
            ))}
          </ul>
          <p>A solution whose assurance lapsed during the competition can only be awarded with a note for commercial staff; one that cannot be ordered at all is passed over for the next.</p>
        </WarningCallout>
      ) : null}
      <ResultTable table={table} />
      <div className="flex flex-wrap items-center gap-x-6">
        {canAward ? <ButtonLink href={`${base}/award`}>Award to a call-off order</ButtonLink> : null}
        <ButtonLink href={`${base}/result.csv`} reloadDocument variant="secondary" download>
          Download the result (CSV)
        </ButtonLink>
        <p>
          <AppLink href={`${base}/summary`}>View or print the competition summary</AppLink>
        </p>
      </div>
      <ScoringRules table={table} />
    </>
  );
}
