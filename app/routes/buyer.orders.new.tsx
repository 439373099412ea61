import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { BackLink, Button, ErrorSummary, InsetText, TextInput } from "~/components/nhs";
import { newOrderSchema, orderableSolution, startOrder, whyNotOrderable } from "~/modules/orders/orders.server";
import { summaryOf } from "~/modules/orders/pages.server";
import { useCsrfToken } from "~/root";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { formValues, parseForm } from "~/utils/forms";

export const handle = { title: "Start a new call-off order" };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireActor(request, { entity: "order", action: "create" });
  const solutionId = new URL(request.url).searchParams.get("solution") ?? "";
  const solution = await orderableSolution(db(), solutionId.slice(0, 40));
  return json({
    solution: solution ? { id: solution.id, name: solution.name, supplier: solution.supplier.name } : null,
    unavailable: solutionId && !solution ? await whyNotOrderable(db(), solutionId.slice(0, 40)) : null,
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request, { entity: "order", action: "create" });
  const formData = await request.formData();
  const parsed = parseForm(newOrderSchema, formData);
  if (!parsed.ok) return json({ errors: parsed.summary, fieldErrors: parsed.errors, values: formValues(formData) }, { status: 400 });
  const result = await startOrder(db(), actor, { description: parsed.data.description, solutionId: parsed.data.solution || undefined });
  if (!result.ok) return json({ errors: summaryOf(result.errors), fieldErrors: result.errors, values: formValues(formData) }, { status: 400 });
  return redirect(`/buyer/orders/${result.orderId}`);
}

export default function NewOrder() {
  const { solution, unavailable } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const csrf = useCsrfToken();
  const fieldErrors: Record<string, string | undefined> = actionData?.fieldErrors ?? {};
  return (
    <div className="desktop:w-2/3">
      <BackLink href="/buyer/orders">Back to your orders</BackLink>
      <ErrorSummary errors={actionData?.errors ?? []} />
      <h1>Start a new call-off order</h1>
      {solution ? (
        <InsetText>
          <p>
            This order starts with <strong>{solution.name}</strong> from {solution.supplier}. Its framework and supplier are filled in for you.
          </p>
        </InsetText>
      ) : null}
      {unavailable ? (
        <InsetText>
          <p>{unavailable}</p>
        </InsetText>
      ) : null}
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
