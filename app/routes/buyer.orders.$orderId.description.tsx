import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { TextInput } from "~/components/nhs";
import { OrderQuestionPage } from "~/components/orders/OrderPage";
import { orderDescriptionSchema, updateOrderDescription } from "~/modules/orders/orders.server";
import { afterSave, editableOrder, notFound, orderHeading, summaryOf } from "~/modules/orders/pages.server";
import { db } from "~/utils/db.server";
import { formValues, parseForm } from "~/utils/forms";

export const handle = { title: "Order description" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { order } = await editableOrder(request, params);
  return json({ order: orderHeading(order) });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, order } = await editableOrder(request, params);
  const formData = await request.formData();
  const parsed = parseForm(orderDescriptionSchema, formData);
  if (!parsed.ok) return json({ errors: parsed.summary, fieldErrors: parsed.errors, values: formValues(formData) }, { status: 400 });
  const result = await updateOrderDescription(db(), actor, order.id, parsed.data.description);
  if (!result) throw notFound();
  if (!result.ok) return json({ errors: summaryOf(result.errors), fieldErrors: result.errors, values: formValues(formData) }, { status: 400 });
  return redirect(afterSave(request, order.id, formData));
}

export default function Description() {
  const { order } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <OrderQuestionPage order={order} errors={actionData?.errors}>
      <TextInput
        id="description"
        name="description"
        label="Describe the order"
        isPageHeading
        hint="100 characters or fewer."
        defaultValue={actionData?.values ? String(actionData.values.description ?? "") : order.description}
        error={actionData?.fieldErrors?.description}
      />
    </OrderQuestionPage>
  );
}
