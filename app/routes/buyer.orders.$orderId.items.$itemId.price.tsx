import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Radios } from "~/components/nhs";
import { OrderQuestionPage } from "~/components/orders/OrderPage";
import { itemOf, itemPrices, saveItemPrice } from "~/modules/orders/order-items.server";
import { priceText, snapshotOf } from "~/modules/orders/orders.server";
import { editableOrder, notFound, orderHeading, summaryOf } from "~/modules/orders/pages.server";
import { db } from "~/utils/db.server";
import { parseForm } from "~/utils/forms";

export const handle = { title: "Choose a price" };

// Built when used, so that zod stays out of the browser bundle (see app/utils/forms.ts).
const schema = () => z.object({ priceId: z.string({ error: "Select a price" }).min(1, "Select a price") });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { order } = await editableOrder(request, params);
  const item = itemOf(order, params.itemId ?? "");
  if (!item) throw notFound();
  const prices = await itemPrices(db(), item.catalogueItemId);
  return json({
    order: orderHeading(order),
    item: { id: item.id, name: item.catalogueItem.name, priceId: item.priceId },
    prices: prices.map((p) => ({ value: p.id, label: priceText(snapshotOf(p)), hint: p.rangeDescription ?? undefined })),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, order } = await editableOrder(request, params);
  const formData = await request.formData();
  const parsed = parseForm(schema(), formData);
  if (!parsed.ok) return json({ errors: parsed.summary, fieldErrors: parsed.errors }, { status: 400 });
  const result = await saveItemPrice(db(), actor, order.id, params.itemId ?? "", parsed.data.priceId);
  if (!result) throw notFound();
  if (!result.ok) return json({ errors: summaryOf(result.errors), fieldErrors: result.errors }, { status: 400 });
  return redirect(formData.get("intent") === "later" ? "/buyer/orders" : `/buyer/orders/${order.id}/items/${params.itemId}`);
}

export default function ItemPrice() {
  const { order, item, prices } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <OrderQuestionPage order={order} errors={actionData?.errors} back={`/buyer/orders/${order.id}/items/${item.id}`}>
      <Radios
        id="priceId"
        name="priceId"
        label={`Which price of ${item.name} are you ordering?`}
        isPageHeading
        hint="Changing the price resets the agreed price to the new list price."
        items={prices}
        defaultValue={item.priceId}
        error={actionData?.fieldErrors?.priceId}
      />
    </OrderQuestionPage>
  );
}
