import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { OrderCaption, OrderRefusal } from "~/components/orders/OrderPage";
import { AppLink, BackLink, InsetText, TaskList } from "~/components/nhs";
import { tasksFor } from "~/modules/orders/orders.server";
import { editableOrder, orderHeading } from "~/modules/orders/pages.server";

export const handle = { title: "Your order" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { order } = await editableOrder(request, params);
  const sections = tasksFor(order).map((section) => ({
    heading: section.heading,
    tasks: section.tasks.map((task) => ({ name: task.name, status: task.status, href: `/buyer/orders/${order.id}/${task.path}` })),
  }));
  const tasks = sections.flatMap((s) => s.tasks);
  return json({ order: orderHeading(order), competitionId: order.competitionId, sections, completed: tasks.filter((t) => t.status === "Completed").length, total: tasks.length });
}

export default function OrderTaskList() {
  const { order, competitionId, sections, completed, total } = useLoaderData<typeof loader>();
  return (
    <div className="desktop:w-2/3">
      <BackLink href="/buyer/orders">Back to your orders</BackLink>
      <OrderCaption order={order} />
      <h1>Your order</h1>
      <OrderRefusal />
      {competitionId ? (
        <InsetText>
          <p>
            This order was awarded from <AppLink href={`/buyer/competitions/${competitionId}`}>a further competition or direct award</AppLink>, and what was decided there is
            already filled in.
          </p>
        </InsetText>
      ) : null}
      <p>
        You have completed {completed} of {total} tasks. Your answers are saved as you go, so you can leave and come back to the order at any time.
      </p>
      <TaskList sections={sections} />
    </div>
  );
}
