import type { LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AppLink, Panel } from "~/components/nhs";
import { callOffId, findOrderDetail } from "~/modules/orders/orders.server";
import { notFound } from "~/modules/orders/pages.server";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

export const handle = { title: "Order completed" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "order", action: "read" });
  const order = await findOrderDetail(db(), actor, params.orderId ?? "");
  if (!order) throw notFound();
  if (order.status === "IN_PROGRESS") throw redirect(`/buyer/orders/${order.id}`);
  return json({ id: order.id, callOffId: callOffId(order), supplier: order.supplier?.name ?? "the supplier", contractId: order.contract?.id ?? null, paymentState: order.contract?.paymentState ?? null });
}

export default function Confirmation() {
  const { id, callOffId: reference, supplier, contractId, paymentState } = useLoaderData<typeof loader>();
  return (
    <div className="desktop:w-2/3">
      <Panel title="Order completed">
        <p>
          Your call-off id is <strong>{reference}</strong>
        </p>
      </Panel>
      <h2>What happens next</h2>
      <p>We have emailed you a confirmation, and told {supplier} about your order. They will contact you to agree the implementation plan.</p>
      {paymentState === "INVOICED_OUTSIDE_CATALOGUE" ? <p>Locally funded items will be invoiced by the supplier outside the catalogue.</p> : null}
      {paymentState === "PENDING" ? <p>Locally funded items will be invoiced through the catalogue. The invoice will be emailed to you.</p> : null}
      <ul>
        <li>
          <AppLink href={`/buyer/orders/${id}/summary`}>View or print the order summary</AppLink>
        </li>
        <li>
          <AppLink href={`/buyer/orders/${id}/csv`} reloadDocument download>
            Download the order as a CSV file
          </AppLink>
        </li>
        {contractId ? (
          <li>
            <AppLink href={`/buyer/contracts/${contractId}`}>View the contract</AppLink>
          </li>
        ) : null}
      </ul>
    </div>
  );
}
