import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { CompetitionQuestionPage, formState } from "~/components/competitions/CompetitionPage";
import { Radios, Textarea, WarningCallout } from "~/components/nhs";
import { awardCompetition, awardView, competitionOutcome } from "~/modules/competitions/award.server";
import { competitionHeading } from "~/modules/competitions/competitions.server";
import { changeableCompetition, privateHeaders } from "~/modules/competitions/pages.server";
import { MAX_JUSTIFICATION } from "~/modules/competitions/rules";
import { summaryOf } from "~/modules/orders/pages.server";
import { forbidden, requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { formValues } from "~/utils/forms";

export const handle = { title: "Award to a call-off order" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "competition", action: "award" });
  const competition = await changeableCompetition(request, actor, params, "award");
  if (competition.leadUserId !== actor.userId) throw forbidden(`Only the competition lead, ${competition.lead.name}, can award this competition.`);
  const outcome = await competitionOutcome(db(), competition, actor);
  if (!outcome.ready) throw redirect(`/buyer/competitions/${competition.id}/result`);
  return json({ competition: competitionHeading(competition), award: awardView(competition, outcome), contractMonths: outcome.criteria.contractMonths }, { headers: privateHeaders });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, { entity: "competition", action: "award" });
  const competition = await changeableCompetition(request, actor, params, "award");
  const formData = await request.formData();
  const values = formValues(formData);
  const result = await awardCompetition(db(), actor, competition.id, values);
  if (!result) throw json({ message: "There is no competition with that address for your organisation." }, { status: 404 });
  if (result.ok) return redirect(`/buyer/orders/${result.orderId}`);
  if ("refused" in result) throw json({ message: result.refused }, { status: 400 });
  return json({ errors: summaryOf(result.errors), fieldErrors: result.errors, values }, { status: 400 });
}

export default function Award() {
  const { competition, award, contractMonths } = useLoaderData<typeof loader>();
  const form = formState(useActionData<typeof action>());
  return (
    <CompetitionQuestionPage competition={competition} errors={form.errors} back={`/buyer/competitions/${competition.id}/result`} submitLabel="Award and start the call-off order" later={false}>
      <input type="hidden" name="version" value={award.version} />
      <h1>Award to a call-off order</h1>
      {award.passedOver.length > 0 ? (
        <WarningCallout heading="Passed over because they cannot be ordered" headingLevel={2}>
          <ul>
            {award.passedOver.map((p) => (
              <li key={p.name}>
                {p.name}: {p.reason}
              </li>
            ))}
          </ul>
          <p>
            A call-off order can only be placed for a solution that can be ordered today, so the award goes to the next-ranked solution that can be. This is recorded with
            the award.
          </p>
        </WarningCallout>
      ) : null}
      {award.target ? (
        <p>
          The competition will be awarded to <strong>{award.target.name}</strong>.
        </p>
      ) : (
        <Radios
          id="solutionId"
          name="solutionId"
          label="These solutions are level on total score, non-price score and total cost. Which is the competition awarded to?"
          labelSize="m"
          items={award.choose.map((c) => ({ value: c.id, label: c.name }))}
          defaultValue={form.value("solutionId", "")}
          error={form.fieldErrors.solutionId}
        />
      )}
      {!award.target ? (
        <Textarea id="tieReason" name="tieReason" label="Why this solution?" hint="Recorded with the award." maxLength={MAX_JUSTIFICATION} defaultValue={form.value("tieReason", "")} error={form.fieldErrors.tieReason} />
      ) : null}
      {award.needsLapseNote ? (
        <Textarea
          id="lapseNote"
          name="lapseNote"
          label="Note for commercial staff on passing over a solution whose assurance lapsed"
          hint="Its assurance lapsed during this competition. Commercial staff see every award that passed over a solution whose assurance lapsed, with this note: say what you know, for example what the supplier told you about renewing it."
          maxLength={MAX_JUSTIFICATION}
          defaultValue={form.value("lapseNote", "")}
          error={form.fieldErrors.lapseNote}
        />
      ) : null}
      <p>
        A call-off order is started for your organisation, filled in from the competition: its name as the description, the framework, the supplier, the Catalogue
        Solution with the price and negotiated prices, the service recipients and quantities, and a maximum term of {contractMonths} months. You then complete the
        commencement date, delivery date and funding and submit it as usual. The order records that it came from this competition.
      </p>
    </CompetitionQuestionPage>
  );
}
