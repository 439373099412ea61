import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AppLink, BackLink, Tag } from "~/components/nhs";
import { OrderAnswers } from "~/components/orders/OrderAnswers";
import { OrderCaption } from "~/components/orders/OrderPage";
import { formatNhsDate, londonDateOf } from "~/modules/dates";
import { findOrderDetail } from "~/modules/orders/orders.server";
import { notFound, orderAnswers, orderHeading } from "~/modules/orders/pages.server";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

export const handle = { title: "Order summary" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "order", action: "read" });
  const order = await findOrderDetail(db(), actor, params.orderId ?? "");
  if (!order) throw notFound();
  return json({
    order: orderHeading(order),
    status: order.status,
    editable: order.status === "IN_PROGRESS" && order.organisationId === actor.organisationId,
    completedOn: order.completedAt ? formatNhsDate(londonDateOf(order.completedAt)) : null,
    orderingParty: `${order.organisation.name} (${order.organisation.odsCode})`,
    contractId: order.contract?.id ?? null,
    answers: orderAnswers(order),
  });
}

export default function OrderSummary() {
  const { order, status, editable, completedOn, orderingParty, contractId, answers } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="print:hidden">
        <BackLink href="/buyer/orders">Back to your orders</BackLink>
      </div>
      <OrderCaption order={order} />
      <h1>Order summary</h1>
      <p>
        <Tag colour={status === "COMPLETED" ? "green" : status === "IN_PROGRESS" ? "yellow" : "red"}>{status === "IN_PROGRESS" ? "In progress" : status === "COMPLETED" ? "Completed" : "Terminated"}</Tag>
        {completedOn ? ` Completed on ${completedOn}` : null}. Call-off Ordering Party: {orderingParty}.
      </p>
      <ul className="print:hidden">
        <li>
          <AppLink href={`/buyer/orders/${order.id}/csv`} reloadDocument download>
            Download the order as a CSV file
          </AppLink>
        </li>
        {editable ? (
          <li>
            <AppLink href={`/buyer/orders/${order.id}`}>Continue the order</AppLink>
          </li>
        ) : null}
        {contractId ? (
          <li>
            <AppLink href={`/buyer/contracts/${contractId}`}>View the contract</AppLink>
          </li>
        ) : null}
      </ul>
      <p className="print:hidden text-text-secondary">This page is laid out for printing: use your browser&apos;s print command to print it or save it as a PDF.</p>
      <OrderAnswers answers={answers} />
    </>
  );
}
