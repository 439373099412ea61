import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { OrderabilityCallout } from "~/components/catalogue/OrderabilityCallout";
import { BackLink, Button, ErrorSummary, InsetText, TextInput } from "~/components/nhs";
import { solutionRefusal, type RefusalView } from "~/modules/contracts/alternatives.server";
import { newOrderSchema, orderableSolution, startOrder } from "~/modules/orders/orders.server";
import { summaryOf } from "~/modules/orders/pages.server";
import { useCsrfToken } from "~/root";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { formValues, parseForm } from "~/utils/forms";

export const handle = { title: "Start a new call-off order" };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireActor(request, { entity: "order", action: "create" });
  const solutionId = (new URL(request.url).searchParams.get("solution") ?? "").slice(0, 40);
  const solution = await orderableSolution(db(), solutionId);
  return json({
    solution: solution ? { id: solution.id, name: solution.name, supplier: solution.supplier.name } : null,
    refusal: solutionId && !solution ? await solutionRefusal(db(), solutionId) : null,
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request, { entity: "order", action: "create" });
  const formData = await request.formData();
  const parsed = parseForm(newOrderSchema, formData);
  if (!parsed.ok) return json({ errors: parsed.summary, fieldErrors: parsed.errors, values: formValues(formData) }, { status: 400 });
  const result = await startOrder(db(), actor, { description: parsed.data.description, solutionId: parsed.data.solution || undefined });
  if (!result.ok) {
    // A refusal by the rule (a page left open while the assurance lapsed, or a forged post) is shown with its alternatives.
    const refusal = result.errors.orderability && parsed.data.solution ? await solutionRefusal(db(), parsed.data.solution) : null;
    return json({ errors: summaryOf(result.errors), fieldErrors: result.errors, values: formValues(formData), refusal }, { status: 400 });
  }
  return redirect(`/buyer/orders/${result.orderId}`);
}

export default function NewOrder() {
  const { solution, refusal: loaded } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const refusal = ((actionData as { refusal?: RefusalView | null } | undefined)?.refusal ?? loaded) as RefusalView | null;
  const csrf = useCsrfToken();
  const fieldErrors: Record<string, string | undefined> = actionData?.fieldErrors ?? {};
  return (
    <div className="desktop:w-2/3">
      <BackLink href="/buyer/orders">Back to your orders</BackLink>
      <ErrorSummary errors={actionData?.errors ?? []} />
      <h1>Start a new call-off order</h1>
      {refusal ? <OrderabilityCallout refusal={refusal} orderLinks /> : null}
      {solution ? (
        <InsetText>
          <p>
            This order starts with <strong>{solution.name}</strong> from {solution.supplier}. Its framework and supplier are filled in for you.
          </p>
        </InsetText>
      ) : null}
      {refusal ? <p>You can still start an order without it and choose a supplier and Catalogue Solution in the task list.</p> : null}
      <Form method="post" noValidate>
        <input type="hidden" name="csrf" value={csrf} />
        <input type="hidden" name="solution" value={solution?.id ?? ""} />
        <TextInput
          id="description"
          name="description"
          label="Describe the order"
          hint="A short description your colleagues will recognise, like 'Online consultation for Riverside Surgery'. 100 characters or fewer."
          defaultValue={String(actionData?.values?.description ?? "")}
          error={fieldErrors.description}
        />
        <Button preventDoubleClick>Start order</Button>
      </Form>
    </div>
  );
}
