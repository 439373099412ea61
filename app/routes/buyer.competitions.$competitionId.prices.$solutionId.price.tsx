import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { CompetitionQuestionPage, formState } from "~/components/competitions/CompetitionPage";
import { Radios } from "~/components/nhs";
import { competitionHeading } from "~/modules/competitions/competitions.server";
import { competitionPriceForm, saveCompetitionPriceChoice, solutionOf } from "~/modules/competitions/items.server";
import { afterSave, changeableCompetition, notFound, privateHeaders, respond } from "~/modules/competitions/pages.server";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

export const handle = { title: "Choose a price" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "competition", action: "edit" });
  const competition = await changeableCompetition(request, actor, params, "edit");
  const solution = solutionOf(competition, params.solutionId ?? "");
  if (!solution) throw notFound();
  const form = await competitionPriceForm(db(), competition, solution);
  return json({ competition: competitionHeading(competition), solution: { id: solution.catalogueItemId, name: solution.catalogueItem.name }, prices: form.prices, priceId: form.stillPublished ? form.priceId : null }, { headers: privateHeaders });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, { entity: "competition", action: "edit" });
  const competition = await changeableCompetition(request, actor, params, "edit");
  const formData = await request.formData();
  const solutionId = params.solutionId ?? "";
  const outcome = await saveCompetitionPriceChoice(db(), actor, competition.id, solutionId, String(formData.get("priceId") ?? ""));
  return respond(outcome, formData, afterSave(formData, competition.id, `/buyer/competitions/${competition.id}/prices/${solutionId}`));
}

export default function CompetitionPriceChoice() {
  const { competition, solution, prices, priceId } = useLoaderData<typeof loader>();
  const form = formState(useActionData<typeof action>());
  return (
    <CompetitionQuestionPage competition={competition} errors={form.errors} back={`/buyer/competitions/${competition.id}/prices/${solution.id}`}>
      <Radios
        id="priceId"
        name="priceId"
        label={`Which price of ${solution.name} are you comparing?`}
        isPageHeading
        hint="Changing the price resets the agreed prices to the new list price."
        items={prices}
        defaultValue={form.value("priceId", priceId ?? "")}
        error={form.fieldErrors.priceId}
      />
    </CompetitionQuestionPage>
  );
}
