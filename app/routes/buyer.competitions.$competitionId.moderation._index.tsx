import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { CompetitionCaption } from "~/components/competitions/CompetitionPage";
import { AppLink, BackLink, InsetText, Table, Tag } from "~/components/nhs";
import { competitionHeading } from "~/modules/competitions/competitions.server";
import { changeableCompetition, privateHeaders } from "~/modules/competitions/pages.server";
import { elementSlug } from "~/modules/competitions/rules";
import { MODERATION_SPREAD } from "~/modules/competitions/scoring";
import { moderationView } from "~/modules/competitions/scoring.server";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

export const handle = { title: "Compare scores and moderate" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "competition", action: "moderate" });
  const competition = await changeableCompetition(request, actor, params, "moderate");
  const view = await moderationView(db(), competition);
  return json(
    {
      competition: competitionHeading(competition),
      view: { ...view, rows: view.rows.map((r) => ({ ...r, href: `/buyer/competitions/${competition.id}/moderation/${r.solutionId}/${elementSlug(r.element)}` })) },
    },
    { headers: privateHeaders },
  );
}

export default function Moderation() {
  const { competition, view } = useLoaderData<typeof loader>();
  const needed = view.rows.filter((r) => r.needsModeration && r.moderated === null).length;
  return (
    <>
      <BackLink href={`/buyer/competitions/${competition.id}`}>Back</BackLink>
      <CompetitionCaption competition={competition} />
      <h1>Compare scores and moderate</h1>
      {!view.allSubmitted ? (
        <InsetText>
          <p>You can compare scores once every scorer has submitted:</p>
          <ul>
            {view.scorers.map((s) => (
              <li key={s.name}>
                {s.name}: {s.submitted ? "submitted" : "not submitted yet"}
              </li>
            ))}
          </ul>
        </InsetText>
      ) : (
        <>
          <p>
            Where scorers differ by {MODERATION_SPREAD} or more you must record a moderated score and the reason. You can moderate any other score too. Otherwise the agreed
            score is the average of the scorers&apos; scores.
          </p>
          <p>{needed === 0 ? "Every difference that needs moderating has been moderated." : `${needed} ${needed === 1 ? "score needs" : "scores need"} moderating.`}</p>
          <Table
            caption="Scores by solution and element"
            head={[{ label: "Solution" }, { label: "Element" }, { label: "Scores" }, { label: "Difference", numeric: true }, { label: "Agreed score", numeric: true }, { label: "Status" }]}
            rows={view.rows.map((r) => [
              r.solution,
              r.elementName,
              r.scores.map((s) => `${s.scorer}: ${s.score}`).join("; "),
              String(r.spread),
              r.agreed ?? "",
              <span key="status" className="flex flex-wrap items-center gap-2">
                {r.moderated !== null ? <Tag colour="green">Moderated</Tag> : r.needsModeration ? <Tag colour="red">Moderation needed</Tag> : <Tag colour="grey">Average</Tag>}
                <AppLink href={r.href}>
                  Moderate<span className="sr-only"> {r.elementName.toLowerCase()} for {r.solution}</span>
                </AppLink>
              </span>,
            ])}
          />
          <p>
            <AppLink href={`/buyer/competitions/${competition.id}`}>Return to the task list</AppLink>
          </p>
        </>
      )}
    </>
  );
}
