import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { CompetitionQuestionPage, formState } from "~/components/competitions/CompetitionPage";
import { Radios, Table, Textarea } from "~/components/nhs";
import { competitionHeading } from "~/modules/competitions/competitions.server";
import { changeableCompetition, notFound, privateHeaders, respond } from "~/modules/competitions/pages.server";
import { MAX_JUSTIFICATION, elementFromSlug } from "~/modules/competitions/rules";
import { MAX_SCORE, MIN_SCORE } from "~/modules/competitions/scoring";
import { moderationView, saveModeration } from "~/modules/competitions/scoring.server";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { formValues } from "~/utils/forms";

export const handle = { title: "Moderate a score" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "competition", action: "moderate" });
  const competition = await changeableCompetition(request, actor, params, "moderate");
  const element = elementFromSlug(params.element ?? "");
  const view = await moderationView(db(), competition);
  if (!view.allSubmitted) throw redirect(`/buyer/competitions/${competition.id}/moderation`);
  const row = view.rows.find((r) => r.solutionId === params.solutionId && r.element === element);
  if (!row) throw notFound();
  return json({ competition: competitionHeading(competition), row }, { headers: privateHeaders });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, { entity: "competition", action: "moderate" });
  const competition = await changeableCompetition(request, actor, params, "moderate");
  const element = elementFromSlug(params.element ?? "");
  if (!element) throw notFound();
  const formData = await request.formData();
  const outcome = await saveModeration(db(), actor, competition.id, params.solutionId ?? "", element, formValues(formData));
  return respond(outcome, formData, formData.get("intent") === "later" ? "/buyer/competitions" : `/buyer/competitions/${competition.id}/moderation`);
}

export default function ModerateScore() {
  const { competition, row } = useLoaderData<typeof loader>();
  const form = formState(useActionData<typeof action>());
  const label = row.elementName.toLowerCase();
  return (
    <CompetitionQuestionPage competition={competition} errors={form.errors} back={`/buyer/competitions/${competition.id}/moderation`}>
      <h1>
        Moderate the {label} score for {row.solution}
      </h1>
      <Table caption="The scorers' scores" head={[{ label: "Scorer" }, { label: "Score", numeric: true }, { label: "Justification" }]} rows={row.scores.map((s) => [s.scorer, String(s.score), s.justification])} firstCellIsHeader />
      <Radios
        id="score"
        name="score"
        label={`Moderated score for ${label}`}
        labelSize="m"
        inline
        items={Array.from({ length: MAX_SCORE - MIN_SCORE + 1 }, (_, i) => ({ value: String(MIN_SCORE + i), label: String(MIN_SCORE + i) }))}
        defaultValue={form.value("score", row.moderated === null ? "" : String(row.moderated))}
        error={form.fieldErrors.score}
      />
      <Textarea id="reason" name="reason" label="Reason for the moderated score" hint="Kept with the result and in the audit trail." maxLength={MAX_JUSTIFICATION} defaultValue={form.value("reason", row.reason ?? "")} error={form.fieldErrors.reason} />
    </CompetitionQuestionPage>
  );
}
