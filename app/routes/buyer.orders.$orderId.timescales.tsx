import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { DateInput, TextInput } from "~/components/nhs";
import { OrderQuestionPage } from "~/components/orders/OrderPage";
import { fromDbDate, londonToday } from "~/modules/dates";
import { timescalesSchema } from "~/modules/orders/order-rules";
import { saveTimescales } from "~/modules/orders/orders.server";
import { afterSave, editableOrder, notFound, orderHeading, summaryOf } from "~/modules/orders/pages.server";
import { db } from "~/utils/db.server";
import { formValues, parseForm } from "~/utils/forms";

export const handle = { title: "Commencement date and term" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { order } = await editableOrder(request, params);
  if (!order.framework) throw redirect(`/buyer/orders/${order.id}/framework`);
  const start = order.commencementDate ? fromDbDate(order.commencementDate) : null;
  return json({
    order: orderHeading(order),
    framework: { name: order.framework.shortName, maxTermMonths: order.framework.maxTermMonths },
    values: {
      "commencementDate-day": start ? String(Number(start.slice(8, 10))) : "",
      "commencementDate-month": start ? String(Number(start.slice(5, 7))) : "",
      "commencementDate-year": start ? start.slice(0, 4) : "",
      initialPeriodMonths: order.initialPeriodMonths ? String(order.initialPeriodMonths) : "",
      maximumTermMonths: order.maximumTermMonths ? String(order.maximumTermMonths) : "",
    } as Record<string, string | string[]>,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, order } = await editableOrder(request, params);
  if (!order.framework) throw redirect(`/buyer/orders/${order.id}/framework`);
  const formData = await request.formData();
  const values = formValues(formData);
  const parsed = parseForm(timescalesSchema({ today: londonToday(), frameworkMaxTermMonths: order.framework.maxTermMonths, frameworkName: order.framework.shortName }), formData);
  if (!parsed.ok) return json({ errors: parsed.summary, fieldErrors: parsed.errors, values }, { status: 400 });
  const result = await saveTimescales(db(), actor, order.id, parsed.data);
  if (!result) throw notFound();
  if (!result.ok) return json({ errors: summaryOf(result.errors), fieldErrors: result.errors, values }, { status: 400 });
  return redirect(afterSave(request, order.id, formData));
}

export default function Timescales() {
  const { order, framework, values: saved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const values = actionData?.values ?? saved;
  const errors: Record<string, string | undefined> = actionData?.fieldErrors ?? {};
  const value = (name: string) => String(values[name] ?? "");
  return (
    <OrderQuestionPage order={order} errors={actionData?.errors}>
      <h1>Commencement date and term</h1>
      <DateInput
        id="commencementDate"
        name="commencementDate"
        label="Commencement date"
        labelSize="m"
        hint="When the contract starts. It can be up to 3 months in the past. For example, 1 4 2026."
        defaultValue={{ day: value("commencementDate-day"), month: value("commencementDate-month"), year: value("commencementDate-year") }}
        error={errors.commencementDate}
      />
      <TextInput
        id="initialPeriodMonths"
        name="initialPeriodMonths"
        label="Initial period (months)"
        labelSize="m"
        hint="How long before either side can end the contract without cause."
        inputMode="numeric"
        width={3}
        defaultValue={value("initialPeriodMonths")}
        error={errors.initialPeriodMonths}
      />
      <TextInput
        id="maximumTermMonths"
        name="maximumTermMonths"
        label="Maximum term (months)"
        labelSize="m"
        hint={`At least 1 month longer than the initial period, and no more than ${framework.maxTermMonths} months under ${framework.name}.`}
        inputMode="numeric"
        width={3}
        defaultValue={value("maximumTermMonths")}
        error={errors.maximumTermMonths}
      />
    </OrderQuestionPage>
  );
}
