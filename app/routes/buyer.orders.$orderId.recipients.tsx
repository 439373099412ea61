import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Button, Checkboxes, Details, NotificationBanner } from "~/components/nhs";
import { FileUpload } from "~/components/orders/FileUpload";
import { OrderQuestionPage } from "~/components/orders/OrderPage";
import { icbPractices, saveRecipients, uploadRecipients } from "~/modules/orders/order-items.server";
import { afterSave, editableOrder, notFound, orderHeading, summaryOf } from "~/modules/orders/pages.server";
import { CSV_HEADER, CSV_MAX_BYTES, CSV_MAX_ROWS } from "~/modules/orders/recipients-csv";
import { useCsrfToken } from "~/root";
import { parseSmallUploadForm, UPLOAD_PROBLEMS } from "~/services/storage/multipart.server";
import { formKindOf } from "~/utils/form-body.server";
import { db } from "~/utils/db.server";

export const handle = { title: "Service recipients" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, order } = await editableOrder(request, params);
  const isPractice = actor.organisationType === "GP_PRACTICE";
  const groups = isPractice ? [] : await icbPractices(db(), actor);
  return json({
    order: orderHeading(order),
    isPractice,
    organisation: `${actor.organisationName} (${actor.odsCode})`,
    selected: order.recipients.map((r) => r.organisationId),
    groups: groups.map((group) => ({
      id: group.id,
      name: group.odsCode ? `${group.name}` : group.name,
      practices: group.practices.map((p) => ({
        value: p.id,
        label: `${p.name} (${p.odsCode})`,
        hint: p.practiceListSize ? `${p.practiceListSize.toLocaleString("en-GB")} registered patients` : undefined,
      })),
    })),
  });
}

const TOO_LARGE = "The selected file must be smaller than 1 MB";

async function readUpload(request: Request) {
  const form = await parseSmallUploadForm(request, "csv", CSV_MAX_BYTES);
  if (!form.ok) return { error: form.reason === "too-large" ? TOO_LARGE : UPLOAD_PROBLEMS[form.reason] };
  if (!form.file) return { error: "Select a CSV file to upload" };
  return { file: form.file };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, order } = await editableOrder(request, params, { acceptsFiles: true });
  if (formKindOf(request) === "multipart") {
    const upload = await readUpload(request);
    if ("error" in upload) return json({ errors: [{ fieldId: "csv", message: upload.error! }], fieldErrors: { csv: upload.error } as Record<string, string>, selected: null }, { status: 400 });
    const result = await uploadRecipients(db(), actor, order.id, upload.file);
    if (!result) throw notFound();
    if (!result.ok) {
      // Row messages all link to the file input; only the first is shown beside it.
      const messages = Object.values(result.errors);
      return json({ errors: messages.map((message) => ({ fieldId: "csv", message })), fieldErrors: { csv: messages[0] } as Record<string, string>, selected: null }, { status: 400 });
    }
    return redirect(`/buyer/orders/${order.id}/recipients?uploaded=${result.count}`);
  }
  const formData = await request.formData();
  const chosen = actor.organisationType === "GP_PRACTICE" ? [actor.organisationId] : formData.getAll("recipients").map(String);
  const result = await saveRecipients(db(), actor, order.id, chosen);
  if (!result) throw notFound();
  if (!result.ok) return json({ errors: summaryOf(result.errors), fieldErrors: result.errors, selected: chosen }, { status: 400 });
  return redirect(afterSave(request, order.id, formData));
}

export default function Recipients() {
  const { order, isPractice, organisation, groups, selected: saved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const csrf = useCsrfToken();
  const uploaded = searchParams.get("uploaded");
  const selected = actionData?.selected ?? saved;
  const errors: Record<string, string | undefined> = actionData?.fieldErrors ?? {};
  if (isPractice) {
    return (
      <OrderQuestionPage order={order} errors={actionData?.errors} submitLabel="Continue">
        <h1>Service recipients</h1>
        <p>A GP practice orders for itself, so your only service recipient is {organisation}.</p>
      </OrderQuestionPage>
    );
  }
  return (
    <>
      {uploaded ? (
        <NotificationBanner type="success">
          <p>
            {uploaded} service recipients were selected from your file. Check them below, then save and continue.
          </p>
        </NotificationBanner>
      ) : null}
      <OrderQuestionPage order={order} errors={actionData?.errors}>
        <h1>Service recipients</h1>
        <p>Select the practices in your ICB that will receive this order. They are grouped by sub-ICB location.</p>
        {groups.map((group, index) => (
          <Checkboxes
            // Keyed by the selection so an upload's result re-renders the boxes ticked (they are uncontrolled).
            key={`${group.id}:${selected.join(",")}`}
            id={index === 0 ? "recipients" : `recipients-${group.id}`}
            name="recipients"
            label={group.name}
            labelSize="m"
            items={group.practices}
            defaultValue={selected}
            error={index === 0 ? errors.recipients : undefined}
          />
        ))}
      </OrderQuestionPage>
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
          <FileUpload id="csv" name="csv" label="Upload a CSV file" labelSize="s" accept=".csv,text/csv" error={errors.csv} />
          <Button variant="secondary" preventDoubleClick>
            Upload file
          </Button>
        </Form>
      </div>
    </>
  );
}
