import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AppLink, DateInput, InsetText, Radios, SummaryList } from "~/components/nhs";
import { PriceAndQuantityFields } from "~/components/orders/PriceAndQuantityFields";
import { OrderQuestionPage } from "~/components/orders/OrderPage";
import { previousTermsOf } from "~/modules/orders/carry-over.server";
import { itemForm, itemOf, itemPrices, saveItem } from "~/modules/orders/order-items.server";
import { priceText, snapshotFromJson } from "~/modules/orders/orders.server";
import { afterSave, editableOrder, notFound, orderHeading, summaryOf } from "~/modules/orders/pages.server";
import { fundingTypeText } from "~/modules/pricing/funding";
import { db } from "~/utils/db.server";
import { formValues } from "~/utils/forms";

export const handle = { title: (data: unknown) => `${(data as { item?: { name: string } } | undefined)?.item?.name ?? "Item"}: price and quantity` };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { order } = await editableOrder(request, params);
  const item = itemOf(order, params.itemId ?? "");
  if (!item) throw notFound();
  if (order.recipients.length === 0) throw redirect(`/buyer/orders/${order.id}/recipients`);
  const form = itemForm(order, item);
  const [prices, previous] = await Promise.all([itemPrices(db(), item.catalogueItemId), previousTermsOf(db(), order, item)]);
  return json({
    order: orderHeading(order),
    item: { id: item.id, name: item.catalogueItem.name, price: priceText(snapshotFromJson(item.priceSnapshot)), morePrices: prices.length > 1 },
    previous,
    form: {
      ...form,
      funding: form.funding.kind === "fixed" ? { kind: "fixed" as const, text: fundingTypeText(form.funding.fundingType), reason: form.funding.reason } : { kind: "choice" as const, options: form.funding.options.map((o) => ({ value: o, label: fundingTypeText(o) })) },
    },
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, order } = await editableOrder(request, params);
  const formData = await request.formData();
  const values = formValues(formData);
  const result = await saveItem(db(), actor, order.id, params.itemId ?? "", values);
  if (!result) throw notFound();
  if (!result.ok) return json({ errors: summaryOf(result.errors), fieldErrors: result.errors, values }, { status: 400 });
  return redirect(afterSave(request, order.id, formData));
}

export default function OrderItem() {
  const { order, item, form, previous } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const values: Record<string, string | string[]> | undefined = actionData?.values;
  const errors: Record<string, string | undefined> = actionData?.fieldErrors ?? {};
  const value = (name: string, saved: string) => (values ? String(values[name] ?? "") : saved);
  return (
    <OrderQuestionPage order={order} errors={actionData?.errors}>
      <h1>{item.name}: price and quantity</h1>
      <SummaryList
        rows={[
          {
            key: "List price",
            value: item.price,
            action: item.morePrices ? { href: `/buyer/orders/${order.id}/items/${item.id}/price`, label: "Change", visuallyHiddenText: "price" } : undefined,
          },
          // Today's list price with the contract's agreed price beside it, to agree the new one against.
          ...(previous ? [{ key: "Previously agreed", value: previous.agreedPrice }] : []),
        ]}
      />
      {previous?.quantitiesNote ? (
        <InsetText>
          <p>{previous.quantitiesNote}</p>
        </InsetText>
      ) : null}
      <PriceAndQuantityFields agreedPrices={form.agreedPrices} quantities={form.quantities} perPatient={form.perPatient} value={value} errors={errors} />
      <DateInput
        id="deliveryDate"
        name="deliveryDate"
        label="Planned delivery date"
        labelSize="m"
        hint="When the supplier should deliver, on or after the commencement date. For example, 1 5 2026."
        defaultValue={{ day: value("deliveryDate-day", form.deliveryDate.day ?? ""), month: value("deliveryDate-month", form.deliveryDate.month ?? ""), year: value("deliveryDate-year", form.deliveryDate.year ?? "") }}
        error={errors.deliveryDate}
      />
      {form.funding.kind === "choice" ? (
        <Radios
          id="fundingType"
          name="fundingType"
          label="How is this item funded?"
          labelSize="m"
          items={form.funding.options}
          defaultValue={value("fundingType", form.fundingType ?? "")}
          error={errors.fundingType}
        />
      ) : (
        <InsetText>
          <p>
            Funding: <strong>{form.funding.text}</strong>. {form.funding.reason}
          </p>
        </InsetText>
      )}
      <p>
        <AppLink href={`/buyer/orders/${order.id}`}>Return to the task list without saving</AppLink>
      </p>
    </OrderQuestionPage>
  );
}
