import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { CompetitionQuestionPage, formState } from "~/components/competitions/CompetitionPage";
import { AppLink, InsetText, SummaryList, WarningCallout } from "~/components/nhs";
import { PriceAndQuantityFields } from "~/components/orders/PriceAndQuantityFields";
import { competitionHeading } from "~/modules/competitions/competitions.server";
import { competitionPriceForm, saveCompetitionPrices, solutionOf } from "~/modules/competitions/items.server";
import { afterSave, changeableCompetition, notFound, privateHeaders, respond } from "~/modules/competitions/pages.server";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { formValues } from "~/utils/forms";

export const handle = { title: (data: { solution?: { name: string } } | undefined) => `${data?.solution?.name ?? "Solution"}: price and quantities` };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "competition", action: "edit" });
  const competition = await changeableCompetition(request, actor, params, "edit");
  const solution = solutionOf(competition, params.solutionId ?? "");
  if (!solution) throw notFound();
  if (competition.recipients.length === 0) throw redirect(`/buyer/competitions/${competition.id}/recipients`);
  const form = await competitionPriceForm(db(), competition, solution);
  return json(
    { competition: competitionHeading(competition), solution: { id: solution.catalogueItemId, name: solution.catalogueItem.name, supplier: solution.catalogueItem.supplier.name }, form },
    { headers: privateHeaders },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, { entity: "competition", action: "edit" });
  const competition = await changeableCompetition(request, actor, params, "edit");
  const formData = await request.formData();
  return respond(await saveCompetitionPrices(db(), actor, competition.id, params.solutionId ?? "", formValues(formData)), formData, afterSave(formData, competition.id));
}

export default function CompetitionPrices() {
  const { competition, solution, form } = useLoaderData<typeof loader>();
  const state = formState(useActionData<typeof action>());
  const changePrice = `/buyer/competitions/${competition.id}/prices/${solution.id}/price`;
  return (
    <CompetitionQuestionPage competition={competition} errors={state.errors}>
      <h1>{solution.name}: price and quantities</h1>
      <p>From {solution.supplier}. Enter the prices you negotiated and the quantities you would order. The total cost over the contract length is worked out the same way as a call-off order&apos;s.</p>
      {!form.stillPublished ? (
        <WarningCallout heading="This price is no longer published" headingLevel={2}>
          <p>
            <AppLink href={changePrice}>Choose one of the solution&apos;s current prices</AppLink> before you enter agreed prices.
          </p>
        </WarningCallout>
      ) : null}
      <SummaryList
        rows={[
          { key: "List price", value: form.price ?? "No price chosen", action: form.prices.length > 1 || !form.stillPublished ? { href: changePrice, label: "Change", visuallyHiddenText: "price" } : undefined },
          { key: `Total cost over ${form.contractMonths ?? "the contract's"} months (indicative)`, value: form.totalCost ?? "Worked out when you save the prices and quantities" },
        ]}
      />
      {form.stillPublished ? (
        <PriceAndQuantityFields agreedPrices={form.agreedPrices} quantities={form.quantities} perPatient={form.perPatient} value={state.value} errors={state.fieldErrors} priceHint="The price you negotiated with the supplier" />
      ) : (
        <InsetText>
          <p id="priceId">Choose a current price first.</p>
        </InsetText>
      )}
    </CompetitionQuestionPage>
  );
}
