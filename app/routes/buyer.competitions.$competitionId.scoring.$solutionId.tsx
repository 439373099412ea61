import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { CompetitionQuestionPage, formState } from "~/components/competitions/CompetitionPage";
import { Details, Fieldset, Radios, Textarea } from "~/components/nhs";
import { competitionHeading } from "~/modules/competitions/competitions.server";
import { criteriaFromJson, criteriaRows } from "~/modules/competitions/criteria";
import { integrationTypeOptions } from "~/modules/competitions/criteria.server";
import { afterSave, changeableCompetition, notFound, privateHeaders, respond } from "~/modules/competitions/pages.server";
import { MAX_JUSTIFICATION, justificationField, scoreField } from "~/modules/competitions/rules";
import { ELEMENT_NAMES, MAX_SCORE, MIN_SCORE } from "~/modules/competitions/scoring";
import { ownScoresheet, saveScores } from "~/modules/competitions/scoring.server";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { formValues } from "~/utils/forms";

export const handle = { title: (data: { solution?: { name: string } } | undefined) => `Score ${data?.solution?.name ?? "a solution"}` };

const SCORE_WORDS: Record<number, string> = { 1: "1 – does not meet the requirements", 2: "2 – meets few of them", 3: "3 – meets most of them", 4: "4 – meets all of them", 5: "5 – exceeds them" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "competition", action: "score" });
  const competition = await changeableCompetition(request, actor, params, "score");
  const sheet = await ownScoresheet(db(), competition, actor);
  const solution = sheet.solutions.find((s) => s.id === params.solutionId);
  if (!solution || !sheet.isScorer) throw notFound();
  if (!sheet.locked || sheet.submitted) throw redirect(`/buyer/competitions/${competition.id}/scoring`);
  const names = Object.fromEntries((await integrationTypeOptions(db())).map((t) => [t.id, t.name]));
  const requirements = Object.fromEntries(criteriaRows(criteriaFromJson(competition.criteria), names).map((row) => [row.key, row.value]));
  return json(
    {
      competition: competitionHeading(competition),
      solution: { id: solution.id, name: solution.name, supplier: solution.supplier },
      elements: solution.scores.map((s) => ({ ...s, requirements: requirements[ELEMENT_NAMES[s.element]] ?? [] })),
    },
    { headers: privateHeaders },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, { entity: "competition", action: "score" });
  const competition = await changeableCompetition(request, actor, params, "score");
  const formData = await request.formData();
  return respond(await saveScores(db(), actor, competition.id, params.solutionId ?? "", formValues(formData)), formData, afterSave(formData, competition.id, `/buyer/competitions/${competition.id}/scoring`));
}

export default function ScoreSolution() {
  const { competition, solution, elements } = useLoaderData<typeof loader>();
  const form = formState(useActionData<typeof action>());
  const scores = Array.from({ length: MAX_SCORE - MIN_SCORE + 1 }, (_, i) => ({ value: String(MIN_SCORE + i), label: SCORE_WORDS[MIN_SCORE + i] }));
  return (
    <CompetitionQuestionPage competition={competition} errors={form.errors} back={`/buyer/competitions/${competition.id}/scoring`}>
      <h1>Score {solution.name}</h1>
      <p>From {solution.supplier}. Score each element against the requirements, and say why.</p>
      {elements.map((element) => (
        <Fieldset key={element.element} legend={element.name} legendSize="m" className="mb-8">
          <Details summary={`The ${element.name.toLowerCase()} requirements`}>
            <ul>
              {element.requirements.map((r, i) => (
                <li key={i}>{r}</li>
              ))}
            </ul>
          </Details>
          <Radios
            id={scoreField(element.element)}
            name={scoreField(element.element)}
            label={`Score for ${element.name.toLowerCase()}`}
            items={scores}
            defaultValue={form.value(scoreField(element.element), element.score === null ? "" : String(element.score))}
            error={form.fieldErrors[scoreField(element.element)]}
          />
          <Textarea
            id={justificationField(element.element)}
            name={justificationField(element.element)}
            label={`Why this score for ${element.name.toLowerCase()}?`}
            rows={3}
            maxLength={MAX_JUSTIFICATION}
            defaultValue={form.value(justificationField(element.element), element.justification)}
            error={form.fieldErrors[justificationField(element.element)]}
          />
        </Fieldset>
      ))}
    </CompetitionQuestionPage>
  );
}
