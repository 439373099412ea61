import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { MaxPartSizeExceededError, json, redirect, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { CompetitionQuestionPage, formState } from "~/components/competitions/CompetitionPage";
import { Button, Checkboxes, Details, NotificationBanner } from "~/components/nhs";
import { FileUpload } from "~/components/orders/FileUpload";
import { competitionHeading } from "~/modules/competitions/competitions.server";
import { saveCompetitionRecipients, uploadCompetitionRecipients } from "~/modules/competitions/items.server";
import { afterSave, changeableCompetition, privateHeaders, respond } from "~/modules/competitions/pages.server";
import { icbPractices } from "~/modules/orders/order-items.server";
import { CSV_HEADER, CSV_MAX_BYTES, CSV_MAX_ROWS } from "~/modules/orders/recipients-csv";
import { useCsrfToken } from "~/root";
import { db } from "~/utils/db.server";

export const handle = { title: "Service recipients" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, competition } = await changeableCompetition(request, params);
  const isPractice = actor.organisationType === "GP_PRACTICE";
  const groups = isPractice ? [] : await icbPractices(db(), actor);
  return json(
    {
      competition: competitionHeading(competition),
      isPractice,
      organisation: `${actor.organisationName} (${actor.odsCode})`,
      selected: competition.recipients.map((r) => r.organisationId),
      groups: groups.map((group) => ({
        id: group.id,
        name: group.name,
        practices: group.practices.map((p) => ({ value: p.id, label: `${p.name} (${p.odsCode})`, hint: p.practiceListSize ? `${p.practiceListSize.toLocaleString("en-GB")} registered patients` : undefined })),
      })),
    },
    { headers: privateHeaders },
  );
}

async function readUpload(request: Request) {
  try {
    const formData = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: CSV_MAX_BYTES }));
    const file = formData.get("csv");
    if (!file || typeof file === "string" || file.size === 0) return { error: "Select a CSV file to upload" };
    return { file: { name: file.name, type: file.type, bytes: new Uint8Array(await file.arrayBuffer()) } };
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return { error: "The selected file must be smaller than 1 MB" };
    throw error;
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, competition } = await changeableCompetition(request, params);
  if ((request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) {
    const upload = await readUpload(request);
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
  const csrf = useCsrfToken();
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
        {groups.map((group, index) => (
          <Checkboxes
            key={`${group.id}:${selected.join(",")}`}
            id={index === 0 ? "recipients" : `recipients-${group.id}`}
            name="recipients"
            label={group.name}
            labelSize="m"
            items={group.practices}
            defaultValue={selected}
            error={index === 0 ? form.fieldErrors.recipients : undefined}
          />
        ))}
      </CompetitionQuestionPage>
      <div className="desktop:w-2/3">
        <h2>Or upload a CSV file of ODS codes</h2>
        <Details summary="What the file must contain">
          <p>
            A CSV file with one column headed &quot;{CSV_HEADER}&quot; and one GP practice ODS code per row, like A81001. Up to {CSV_MAX_ROWS.toLocaleString("en-GB")} rows
            and 1 MB. Every practice must be in your ICB. The file replaces the practices selected above.
          </p>
        </Details>
        <Form method="post" encType="multipart/form-data" noValidate>
          <input type="hidden" name="csrf" value={csrf} />
          <FileUpload id="csv" name="csv" label="Upload a CSV file" labelSize="s" accept=".csv,text/csv" error={form.fieldErrors.csv} />
          <Button variant="secondary" preventDoubleClick>
            Upload file
          </Button>
        </Form>
      </div>
    </>
  );
}
