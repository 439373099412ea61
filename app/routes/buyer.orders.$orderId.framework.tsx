import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Radios } from "~/components/nhs";
import { OrderQuestionPage } from "~/components/orders/OrderPage";
import { liveFrameworks, saveFramework } from "~/modules/orders/orders.server";
import { afterSave, editableOrder, notFound, orderHeading, summaryOf } from "~/modules/orders/pages.server";
import { fundingTypeText } from "~/modules/pricing/funding";
import { db } from "~/utils/db.server";
import { parseForm } from "~/utils/forms";

export const handle = { title: "Framework" };

// Built when used, so that zod stays out of the browser bundle (see app/utils/forms.ts).
const schema = () => z.object({ frameworkId: z.string({ error: "Select a framework" }).min(1, "Select a framework") });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { order } = await editableOrder(request, params);
  const frameworks = await liveFrameworks(db());
  return json({
    order: orderHeading(order),
    frameworkId: order.frameworkId ?? "",
    frameworks: frameworks.map((f) => ({
      value: f.id,
      label: f.name,
      hint: `Maximum term ${f.maxTermMonths} months. ${f.fundingTypes.map((t) => fundingTypeText(t)).join(" or ")}.`,
    })),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, order } = await editableOrder(request, params);
  const formData = await request.formData();
  const parsed = parseForm(schema(), formData);
  if (!parsed.ok) return json({ errors: parsed.summary, fieldErrors: parsed.errors }, { status: 400 });
  const result = await saveFramework(db(), actor, order.id, parsed.data.frameworkId);
  if (!result) throw notFound();
  if (!result.ok) return json({ errors: summaryOf(result.errors), fieldErrors: result.errors }, { status: 400 });
  return redirect(afterSave(request, order.id, formData, `/buyer/orders/${order.id}/supplier`));
}

export default function Framework() {
  const { order, frameworks, frameworkId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <OrderQuestionPage order={order} errors={actionData?.errors}>
      <Radios
        id="frameworkId"
        name="frameworkId"
        label="Which framework are you ordering under?"
        isPageHeading
        hint="Only frameworks that are live take new orders. Changing the framework clears the supplier and solutions you chose."
        items={frameworks}
        defaultValue={frameworkId}
        error={actionData?.fieldErrors?.frameworkId}
      />
    </OrderQuestionPage>
  );
}
