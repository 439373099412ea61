import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Radios } from "~/components/nhs";
import { OrderQuestionPage } from "~/components/orders/OrderPage";
import { orderableSolutions, saveSolution } from "~/modules/orders/order-items.server";
import { afterSave, editableOrder, notFound, orderHeading, summaryOf } from "~/modules/orders/pages.server";
import { db } from "~/utils/db.server";
import { parseForm } from "~/utils/forms";

export const handle = { title: "Catalogue Solution" };

// Built when used, so that zod stays out of the browser bundle (see app/utils/forms.ts).
const schema = () => z.object({ solutionId: z.string({ error: "Select a Catalogue Solution" }).min(1, "Select a Catalogue Solution") });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { order } = await editableOrder(request, params);
  if (!order.supplierId) throw redirect(`/buyer/orders/${order.id}/supplier`);
  const solutions = await orderableSolutions(db(), order);
  return json({
    order: orderHeading(order),
    supplier: order.supplier?.name ?? "",
    solutionId: order.items.find((item) => item.catalogueItem.kind === "SOLUTION")?.catalogueItemId ?? "",
    solutions: solutions.map((s) => ({ value: s.id, label: s.name, hint: s.summary ?? undefined })),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, order } = await editableOrder(request, params);
  const formData = await request.formData();
  const parsed = parseForm(schema(), formData);
  if (!parsed.ok) return json({ errors: parsed.summary, fieldErrors: parsed.errors }, { status: 400 });
  const result = await saveSolution(db(), actor, order.id, parsed.data.solutionId);
  if (!result) throw notFound();
  if (!result.ok) return json({ errors: summaryOf(result.errors), fieldErrors: result.errors }, { status: 400 });
  return redirect(afterSave(request, order.id, formData, `/buyer/orders/${order.id}/services`));
}

export default function Solution() {
  const { order, supplier, solutions, solutionId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <OrderQuestionPage order={order} errors={actionData?.errors}>
      <Radios
        id="solutionId"
        name="solutionId"
        label="Which Catalogue Solution are you ordering?"
        isPageHeading
        hint={`Published Catalogue Solutions from ${supplier} on this framework. Changing it removes the Additional Services of the old one.`}
        items={solutions}
        defaultValue={solutionId}
        error={actionData?.fieldErrors?.solutionId}
      />
    </OrderQuestionPage>
  );
}
