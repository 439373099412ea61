import { randomUUID } from "node:crypto";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { BackLink, Button, ErrorSummary, WarningCallout } from "~/components/nhs";
import { OrderAnswers } from "~/components/orders/OrderAnswers";
import { OrderCaption, OrderRefusal, useOrderRefusal } from "~/components/orders/OrderPage";
import { ORDERABILITY_FIELD } from "~/modules/assurance/orderability";
import { canSubmit } from "~/modules/orders/order-rules";
import { orderStateOf } from "~/modules/orders/orders.server";
import { editableOrder, notFound, orderAnswers, orderHeading, summaryOf } from "~/modules/orders/pages.server";
import { submitOrder } from "~/modules/orders/submit.server";
import { useCsrfToken } from "~/root";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { parseForm } from "~/utils/forms";

export const handle = { title: "Review and submit your order" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { order } = await editableOrder(request, params);
  return json({
    order: orderHeading(order),
    answers: orderAnswers(order),
    ready: canSubmit(orderStateOf(order)),
    // One key per rendering of the page: a double click sends the same key twice.
    completionKey: randomUUID(),
  });
}

const schema = z.object({ completionKey: z.string().regex(/^[0-9a-f-]{36}$/) });

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, { entity: "order", action: "submit" });
  const formData = await request.formData();
  const parsed = parseForm(schema, formData);
  // A missing or mangled key still submits (exactly once, by the order's version); it is only a record of the request.
  const completionKey = parsed.ok ? parsed.data.completionKey : randomUUID();
  const result = await submitOrder(db(), actor, params.orderId ?? "", { completionKey });
  if (!result) throw notFound();
  if (!result.ok) return json({ errors: summaryOf(result.errors).map((e) => (e.fieldId === ORDERABILITY_FIELD ? e : { ...e, fieldId: "submit" })) }, { status: 400 });
  return redirect(`/buyer/orders/${result.orderId}/confirmation`);
}

export default function Review() {
  const { order, answers, ready, completionKey } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const csrf = useCsrfToken();
  const refused = useOrderRefusal() !== null;
  return (
    <>
      <BackLink href={`/buyer/orders/${order.id}`}>Back to the task list</BackLink>
      <ErrorSummary errors={actionData?.errors ?? []} />
      <OrderCaption order={order} />
      <h1>Review and submit your order</h1>
      <OrderRefusal />
      <OrderAnswers answers={answers} changeHref={(path) => `/buyer/orders/${order.id}/${path}?from=review`} />
      {refused ? null : ready ? (
        <>
          <h2>Submit your order</h2>
          <p>When you submit, the order is completed and can no longer be changed, its contract starts and the supplier is told.</p>
          <Form method="post" noValidate>
            <input type="hidden" name="csrf" value={csrf} />
            <input type="hidden" name="completionKey" value={completionKey} />
            <Button id="submit" preventDoubleClick>
              Submit order
            </Button>
          </Form>
        </>
      ) : (
        <WarningCallout heading="Your order is not finished">
          <p>Complete every task in the task list before you submit the order.</p>
        </WarningCallout>
      )}
    </>
  );
}
