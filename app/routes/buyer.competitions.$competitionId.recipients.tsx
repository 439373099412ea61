import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { CompetitionQuestionPage, formState } from "~/components/competitions/CompetitionPage";
import { NotificationBanner } from "~/components/nhs";
import { PracticeCheckboxes, RecipientsUpload } from "~/components/orders/RecipientsFields";
import { competitionHeading } from "~/modules/competitions/competitions.server";
import { saveCompetitionRecipients, uploadCompetitionRecipients } from "~/modules/competitions/items.server";
import { afterSave, changeableCompetition, privateHeaders, respond } from "~/modules/competitions/pages.server";
import { practiceChoices, readRecipientsCsv } from "~/modules/orders/pages.server";
import { requireActor } from "~/utils/auth.server";
import { formKindOf } from "~/utils/form-body.server";
import { db } from "~/utils/db.server";

export const handle = { title: "Service recipients" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "competition", action: "edit" });
  const competition = await changeableCompetition(request, actor, params, "edit");
  const isPractice = actor.organisationType === "GP_PRACTICE";
  const groups = isPractice ? [] : await practiceChoices(db(), actor);
  return json(
    {
      competition: competitionHeading(competition),
      isPractice,
      organisation: `${actor.organisationName} (${actor.odsCode})`,
      selected: competition.recipients.map((r) => r.organisationId),
      groups,
    },
    { headers: privateHeaders },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, { entity: "competition", action: "edit" }, { acceptsFiles: true });
  const competition = await changeableCompetition(request, actor, params, "edit");
  if (formKindOf(request) === "multipart") {
    const upload = await readRecipientsCsv(request);
    if ("error" in upload) return json({ errors: [{ fieldId: "csv", message: upload.error! }], fieldErrors: { csv: upload.error } as Record<string, string> }, { status: 400 });
    const result = await uploadCompetitionRecipients(db(), actor, competition.id, upload.file);
    if (result?.ok) return redirect(`/buyer/competitions/${competition.id}/recipients?uploaded=${result.count}`);
    if (result && !("refused" in result)) {
      // Row messages all link to the file input; only the first is shown beside it.
      const messages = Object.values(result.errors);
      return json({ errors: messages.map((message) => ({ fieldId: "csv", message })), fieldErrors: { csv: messages[0] } as Record<string, string> }, { status: 400 });
    }
    return respond(result, new FormData(), "");
  }
  const formData = await request.formData();
  const chosen = actor.organisationType === "GP_PRACTICE" ? [actor.organisationId] : formData.getAll("recipients").map(String);
  return respond(await saveCompetitionRecipients(db(), actor, competition.id, chosen), formData, afterSave(formData, competition.id));
}

export default function CompetitionRecipients() {
  const { competition, isPractice, organisation, groups, selected: saved } = useLoaderData<typeof loader>();
  const form = formState(useActionData<typeof action>());
  const [searchParams] = useSearchParams();
  const uploaded = searchParams.get("uploaded");
  const selected = form.values("recipients", saved);
  if (isPractice) {
    return (
      <CompetitionQuestionPage competition={competition} errors={form.errors} submitLabel="Continue" later={false}>
        <h1>Service recipients</h1>
        <p>A GP practice buys for itself, so your only service recipient is {organisation}.</p>
      </CompetitionQuestionPage>
    );
  }
  return (
    <>
      {uploaded ? (
        <NotificationBanner type="success">
          <p>{uploaded} service recipients were selected from your file. Check them below, then save and continue.</p>
        </NotificationBanner>
      ) : null}
      <CompetitionQuestionPage competition={competition} errors={form.errors}>
        <h1>Service recipients</h1>
        <p>Select the practices in your ICB the call-off order will be for. Per-patient prices are compared on their practice list sizes.</p>
        <PracticeCheckboxes groups={groups} selected={selected} error={form.fieldErrors.recipients} />
      </CompetitionQuestionPage>
      <RecipientsUpload error={form.fieldErrors.csv} />
    </>
  );
}
