import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { CompetitionQuestionPage, formState } from "~/components/competitions/CompetitionPage";
import { Checkboxes } from "~/components/nhs";
import { competitionHeading } from "~/modules/competitions/competitions.server";
import { afterSave, changeableCompetition, privateHeaders, respond } from "~/modules/competitions/pages.server";
import { MAX_SCORERS, MIN_SCORERS } from "~/modules/competitions/rules";
import { saveScorers, scorerOptions } from "~/modules/competitions/scoring.server";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

export const handle = { title: "Scorers" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "competition", action: "edit" });
  const competition = await changeableCompetition(request, actor, params, "edit");
  const people = await scorerOptions(db(), competition.organisationId);
  return json(
    {
      competition: competitionHeading(competition),
      people: people.map((p) => ({ value: p.id, label: p.id === actor.userId ? `${p.name} (you)` : p.name, hint: p.email })),
      selected: competition.scorers.map((s) => s.userId),
    },
    { headers: privateHeaders },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, { entity: "competition", action: "edit" });
  const competition = await changeableCompetition(request, actor, params, "edit");
  const formData = await request.formData();
  return respond(await saveScorers(db(), actor, competition.id, formData.getAll("scorers").map(String)), formData, afterSave(formData, competition.id));
}

export default function Scorers() {
  const { competition, people, selected } = useLoaderData<typeof loader>();
  const form = formState(useActionData<typeof action>());
  return (
    <CompetitionQuestionPage competition={competition} errors={form.errors}>
      <Checkboxes
        id="scorers"
        name="scorers"
        label="Who will score the solutions?"
        labelSize="l"
        isPageHeading
        hint={`Choose ${MIN_SCORERS} to ${MAX_SCORERS} people. Each scores every solution on their own and cannot see anyone else's scores; once all have submitted, you compare them and moderate where they differ by 2 or more.`}
        items={people}
        defaultValue={form.values("scorers", selected)}
        error={form.fieldErrors.scorers}
      />
    </CompetitionQuestionPage>
  );
}
