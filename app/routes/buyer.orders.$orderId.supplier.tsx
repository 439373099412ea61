import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Select } from "~/components/nhs";
import { OrderQuestionPage } from "~/components/orders/OrderPage";
import { saveSupplier, suppliersOnFramework } from "~/modules/orders/orders.server";
import { afterSave, editableOrder, notFound, orderHeading, summaryOf } from "~/modules/orders/pages.server";
import { db } from "~/utils/db.server";
import { parseForm } from "~/utils/forms";

export const handle = { title: "Supplier" };

// Built when used, so that zod stays out of the browser bundle (see app/utils/forms.ts).
const schema = () => z.object({ supplierId: z.string({ error: "Select a supplier" }).regex(/^\d{1,9}$/, "Select a supplier").transform(Number) });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { order } = await editableOrder(request, params);
  if (!order.frameworkId) throw redirect(`/buyer/orders/${order.id}/framework`);
  const suppliers = await suppliersOnFramework(db(), order.frameworkId);
  return json({
    order: orderHeading(order),
    framework: order.framework?.name ?? "",
    supplierId: order.supplierId ? String(order.supplierId) : "",
    suppliers: suppliers.map((s) => ({ value: String(s.id), label: s.name })),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, order } = await editableOrder(request, params);
  const formData = await request.formData();
  const parsed = parseForm(schema(), formData);
  if (!parsed.ok) return json({ errors: parsed.summary, fieldErrors: parsed.errors }, { status: 400 });
  const result = await saveSupplier(db(), actor, order.id, parsed.data.supplierId);
  if (!result) throw notFound();
  if (!result.ok) return json({ errors: summaryOf(result.errors), fieldErrors: result.errors }, { status: 400 });
  return redirect(afterSave(request, order.id, formData, `/buyer/orders/${order.id}/supplier-contact`));
}

export default function Supplier() {
  const { order, framework, suppliers, supplierId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <OrderQuestionPage order={order} errors={actionData?.errors} back={`/buyer/orders/${order.id}/framework`}>
      <Select
        id="supplierId"
        name="supplierId"
        label="Which supplier are you ordering from?"
        isPageHeading
        hint={`Active suppliers with Catalogue Solutions published on ${framework}. Changing the supplier clears the solutions you chose.`}
        options={suppliers}
        emptyOption="Choose a supplier"
        defaultValue={supplierId}
        error={actionData?.fieldErrors?.supplierId}
      />
    </OrderQuestionPage>
  );
}
