import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { NotificationBanner } from "~/components/nhs";
import { OrderQuestionPage } from "~/components/orders/OrderPage";
import { PracticeCheckboxes, RecipientsUpload } from "~/components/orders/RecipientsFields";
import { saveRecipients, uploadRecipients } from "~/modules/orders/order-items.server";
import { afterSave, editableOrder, notFound, orderHeading, practiceChoices, readRecipientsCsv, summaryOf } from "~/modules/orders/pages.server";
import { formKindOf } from "~/utils/form-body.server";
import { db } from "~/utils/db.server";

export const handle = { title: "Service recipients" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, order } = await editableOrder(request, params);
  const isPractice = actor.organisationType === "GP_PRACTICE";
  const groups = isPractice ? [] : await practiceChoices(db(), actor);
  return json({
    order: orderHeading(order),
    isPractice,
    organisation: `${actor.organisationName} (${actor.odsCode})`,
    selected: order.recipients.map((r) => r.organisationId),
    groups,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, order } = await editableOrder(request, params, { acceptsFiles: true });
  if (formKindOf(request) === "multipart") {
    const upload = await readRecipientsCsv(request);
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
        <PracticeCheckboxes groups={groups} selected={selected} error={errors.recipients} />
      </OrderQuestionPage>
      <RecipientsUpload error={errors.csv} />
    </>
  );
}
