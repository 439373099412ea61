import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { BackLink, Button, DateInput, ErrorSummary, Textarea } from "~/components/nhs";
import { getContractDetail, terminateContract, terminationSchema } from "~/modules/contracts/contracts.server";
import { formatNhsDate, fromDbDate } from "~/modules/dates";
import { dateFromParts } from "~/modules/orders/order-rules";
import { notFound, summaryOf } from "~/modules/orders/pages.server";
import { useCsrfToken } from "~/root";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { formValues, parseForm } from "~/utils/forms";

export const handle = { title: "Terminate a contract" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "contract", action: "terminate" });
  const contract = await getContractDetail(db(), actor, params.contractId ?? "");
  if (!contract || contract.organisationId !== actor.organisationId) throw notFound();
  return json({ contract: { id: contract.id, callOffId: `C${String(contract.callOffNumber).padStart(6, "0")}`, solution: contract.solution.name, supplier: contract.supplier.name, endDate: formatNhsDate(fromDbDate(contract.endDate)) } });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, { entity: "contract", action: "terminate" });
  const formData = await request.formData();
  const values = formValues(formData);
  const parsed = parseForm(terminationSchema, formData);
  const date = dateFromParts(values, "terminatesOn", "the termination date");
  const errors: Record<string, string> = { ...(parsed.ok ? {} : parsed.errors), ...("error" in date ? { terminatesOn: date.error } : {}) };
  if (!parsed.ok || "error" in date) return json({ errors: summaryOf(errors), fieldErrors: errors, values }, { status: 400 });
  const result = await terminateContract(db(), actor, params.contractId ?? "", { reason: parsed.data.reason, terminatesOn: date.date });
  if (!result) throw notFound();
  if (!result.ok) return json({ errors: summaryOf(result.errors), fieldErrors: result.errors, values }, { status: 400 });
  return redirect(`/buyer/contracts/${params.contractId}?terminated=1`);
}

export default function Terminate() {
  const { contract } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const csrf = useCsrfToken();
  const values: Record<string, string | string[]> = actionData?.values ?? {};
  const errors: Record<string, string | undefined> = actionData?.fieldErrors ?? {};
  const value = (name: string) => String(values[name] ?? "");
  return (
    <div className="desktop:w-2/3">
      <BackLink href={`/buyer/contracts/${contract.id}`}>Back to the contract</BackLink>
      <ErrorSummary errors={actionData?.errors ?? []} />
      <span className="mb-2 block text-19 text-text-secondary">
        {contract.callOffId}: {contract.solution}
      </span>
      <h1>Terminate the contract</h1>
      <p>
        The contract, and every revision of call-off {contract.callOffId}, ends on the date you give. {contract.supplier} is told, and any billing through the catalogue stops then. It ends on {contract.endDate} anyway.
      </p>
      <Form method="post" noValidate>
        <input type="hidden" name="csrf" value={csrf} />
        <Textarea id="reason" name="reason" label="Why are you terminating the contract?" labelSize="m" defaultValue={value("reason")} error={errors.reason} />
        <DateInput
          id="terminatesOn"
          name="terminatesOn"
          label="When should the contract end?"
          labelSize="m"
          hint={`A date after today and no later than ${contract.endDate}. For example, 30 9 2026.`}
          defaultValue={{ day: value("terminatesOn-day"), month: value("terminatesOn-month"), year: value("terminatesOn-year") }}
          error={errors.terminatesOn}
        />
        <Button variant="warning" preventDoubleClick>
          Terminate contract
        </Button>
      </Form>
    </div>
  );
}
