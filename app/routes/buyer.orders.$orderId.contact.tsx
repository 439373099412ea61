import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Fieldset, TextInput } from "~/components/nhs";
import { OrderQuestionPage } from "~/components/orders/OrderPage";
import { contactSchema, saveContact } from "~/modules/orders/orders.server";
import { afterSave, editableOrder, notFound, orderHeading, summaryOf } from "~/modules/orders/pages.server";
import { db } from "~/utils/db.server";
import { formValues, parseForm } from "~/utils/forms";

export const handle = { title: "Call-off Ordering Party contact" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { order } = await editableOrder(request, params);
  return json({
    order: orderHeading(order),
    values: { contactName: order.orderingPartyContactName ?? "", contactEmail: order.orderingPartyContactEmail ?? "", contactPhone: order.orderingPartyContactPhone ?? "" } as Record<string, string | string[]>,
    organisation: `${order.organisation.name} (${order.organisation.odsCode})`,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, order } = await editableOrder(request, params);
  const formData = await request.formData();
  const parsed = parseForm(contactSchema, formData);
  if (!parsed.ok) return json({ errors: parsed.summary, fieldErrors: parsed.errors, values: formValues(formData) }, { status: 400 });
  const result = await saveContact(db(), actor, order.id, parsed.data);
  if (!result) throw notFound();
  if (!result.ok) return json({ errors: summaryOf(result.errors), fieldErrors: result.errors, values: formValues(formData) }, { status: 400 });
  return redirect(afterSave(request, order.id, formData));
}

export default function Contact() {
  const { order, values: saved, organisation } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const values = actionData?.values ?? saved;
  const errors: Record<string, string | undefined> = actionData?.fieldErrors ?? {};
  return (
    <OrderQuestionPage order={order} errors={actionData?.errors}>
      <Fieldset legend="Call-off Ordering Party contact" isPageHeading>
        <p>The person at {organisation} the supplier should contact about this order.</p>
        <TextInput id="contactName" name="contactName" label="Full name" autoComplete="name" defaultValue={String(values.contactName ?? "")} error={errors.contactName} />
        <TextInput id="contactEmail" name="contactEmail" type="email" label="Email address" autoComplete="email" spellCheck={false} defaultValue={String(values.contactEmail ?? "")} error={errors.contactEmail} />
        <TextInput id="contactPhone" name="contactPhone" type="tel" label="Telephone number (optional)" autoComplete="tel" width={20} defaultValue={String(values.contactPhone ?? "")} error={errors.contactPhone} />
      </Fieldset>
    </OrderQuestionPage>
  );
}
