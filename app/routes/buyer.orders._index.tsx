import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AppLink, ButtonLink, Table, Tag } from "~/components/nhs";
import { formatNhsDate, londonDateOf } from "~/modules/dates";
import { callOffId, listOrders } from "~/modules/orders/orders.server";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

export const handle = { title: "Your call-off orders" };

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "order", action: "read" });
  const orders = await listOrders(db(), actor, { take: 200 });
  return json({
    orders: orders.map((order) => ({
      id: order.id,
      callOffId: callOffId(order),
      description: order.description,
      status: order.status,
      orderType: order.orderType,
      supplier: order.supplier?.name ?? "Not chosen yet",
      orderingParty: order.organisationId === actor.organisationId ? null : `${order.organisation.name} (${order.organisation.odsCode})`,
      updated: formatNhsDate(londonDateOf(order.updatedAt)),
      own: order.organisationId === actor.organisationId,
    })),
  });
}

const STATUS: Record<string, { text: string; colour: "yellow" | "green" | "red" | "grey" }> = {
  IN_PROGRESS: { text: "In progress", colour: "yellow" },
  COMPLETED: { text: "Completed", colour: "green" },
  TERMINATED: { text: "Terminated", colour: "red" },
  DELETED: { text: "Deleted", colour: "grey" },
};

export default function Orders() {
  const { orders } = useLoaderData<typeof loader>();
  const inProgress = orders.filter((o) => o.status === "IN_PROGRESS");
  const done = orders.filter((o) => o.status !== "IN_PROGRESS");
  const row = (order: (typeof orders)[number]) => [
    <AppLink key="id" href={order.status === "IN_PROGRESS" && order.own ? `/buyer/orders/${order.id}` : `/buyer/orders/${order.id}/summary`}>
      {order.callOffId}
    </AppLink>,
    <>
      {order.description}
      {order.orderingParty ? <span className="block text-16 text-text-secondary">Ordered by {order.orderingParty}</span> : null}
    </>,
    order.supplier,
    order.updated,
    <Tag key="status" colour={STATUS[order.status].colour}>
      {STATUS[order.status].text}
    </Tag>,
  ];
  const head = [{ label: "Call-off id" }, { label: "Description" }, { label: "Supplier" }, { label: "Last updated" }, { label: "Status" }];
  return (
    <>
      <h1>Your call-off orders</h1>
      <p>Start an order here, from a solution's page or from the compare page. You can save an order and come back to it later.</p>
      <ButtonLink href="/buyer/orders/new">Start a new order</ButtonLink>
      {inProgress.length > 0 ? <Table caption="Orders in progress" head={head} rows={inProgress.map(row)} /> : <p>You have no orders in progress.</p>}
      {done.length > 0 ? <Table caption="Completed orders" head={head} rows={done.map(row)} /> : null}
    </>
  );
}
