import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Checkboxes } from "~/components/nhs";
import { OrderQuestionPage } from "~/components/orders/OrderPage";
import { orderableServices, saveServices } from "~/modules/orders/order-items.server";
import { afterSave, editableOrder, notFound, orderHeading, summaryOf } from "~/modules/orders/pages.server";
import { db } from "~/utils/db.server";

export const handle = { title: "Additional and Associated Services" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { order } = await editableOrder(request, params);
  if (!order.items.some((item) => item.catalogueItem.kind === "SOLUTION")) throw redirect(`/buyer/orders/${order.id}/solution`);
  const services = await orderableServices(db(), order);
  const item = (s: { id: string; name: string; summary: string | null; orderGuidance: string | null }) => ({ value: s.id, label: s.name, hint: s.orderGuidance ?? s.summary ?? undefined });
  return json({
    order: orderHeading(order),
    amendment: order.orderType === "AMENDMENT",
    selected: order.items.filter((i) => i.catalogueItem.kind !== "SOLUTION").map((i) => i.catalogueItemId),
    additional: services.additional.map(item),
    associated: services.associated.map(item),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, order } = await editableOrder(request, params);
  const formData = await request.formData();
  const chosen = { additional: formData.getAll("additional").map(String), associated: formData.getAll("associated").map(String) };
  const result = await saveServices(db(), actor, order.id, chosen);
  if (!result) throw notFound();
  if (!result.ok) return json({ errors: summaryOf(result.errors), fieldErrors: result.errors, selected: [...chosen.additional, ...chosen.associated] }, { status: 400 });
  return redirect(afterSave(request, order.id, formData));
}

export default function Services() {
  const { order, amendment, additional, associated, selected: saved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const selected = actionData?.selected ?? saved;
  const errors: Record<string, string | undefined> = actionData?.fieldErrors ?? {};
  return (
    <OrderQuestionPage order={order} errors={actionData?.errors}>
      <h1>{amendment ? "Additional Services" : "Additional and Associated Services"}</h1>
      <p>Select any you need, or none, then save. You give each one's price and quantities next.</p>
      {additional.length > 0 ? (
        <Checkboxes id="additional" name="additional" label="Additional Services" labelSize="m" hint="Extra services that work with the Catalogue Solution." items={additional} defaultValue={selected} error={errors.additional} />
      ) : (
        <p>This Catalogue Solution has no Additional Services.</p>
      )}
      {amendment ? null : associated.length > 0 ? (
        <Checkboxes id="associated" name="associated" label="Associated Services" labelSize="m" hint="One-off or ad hoc work from the supplier, such as training or data migration." items={associated} defaultValue={selected} error={errors.associated} />
      ) : (
        <p>This supplier has no Associated Services.</p>
      )}
    </OrderQuestionPage>
  );
}
