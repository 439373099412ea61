import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AppLink, BackLink, Button, Checkboxes, DateInput, ErrorSummary, Textarea, WarningCallout } from "~/components/nhs";
import { getContractDetail, terminateContract } from "~/modules/contracts/contracts.server";
import { CONFIRM_EARLY_END, terminationAnswers } from "~/modules/contracts/termination";
import { formatNhsDate, fromDbDate, londonToday } from "~/modules/dates";
import { initialPeriodLastDay } from "~/modules/switching/switch-rules";
import { currentContractOf } from "~/modules/switching/switching.server";
import { notFound, summaryOf } from "~/modules/orders/pages.server";
import { useCsrfToken } from "~/root";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { formValues } from "~/utils/forms";

export const handle = { title: "Terminate a contract" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "contract", action: "terminate" });
  const contract = await getContractDetail(db(), actor, params.contractId ?? "");
  if (!contract || contract.organisationId !== actor.organisationId) throw notFound();
  const current = currentContractOf(contract);
  const initialEnd = initialPeriodLastDay(current.startDate, current.initialPeriodMonths);
  return json({
    contract: { id: contract.id, callOffId: current.callOffId, solution: contract.solution.name, supplier: contract.supplier.name, endDate: formatNhsDate(fromDbDate(contract.endDate)) },
    // Ending inside the initial period is allowed, but never without the buyer being told what it means.
    initialPeriod: londonToday() < initialEnd ? { endsOn: formatNhsDate(initialEnd) } : null,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, { entity: "contract", action: "terminate" });
  const contract = await getContractDetail(db(), actor, params.contractId ?? "");
  if (!contract || contract.organisationId !== actor.organisationId) throw notFound();
  const values = formValues(await request.formData());
  // The reason and the date rules together, so one submit shows every problem.
  const answers = terminationAnswers(values, fromDbDate(contract.endDate), londonToday(), currentContractOf(contract));
  if (!answers.ok) return json({ errors: summaryOf(answers.errors), fieldErrors: answers.errors, values }, { status: 400 });
  const result = await terminateContract(db(), actor, contract.id, answers.data);
  if (!result) throw notFound();
  if (!result.ok) return json({ errors: summaryOf(result.errors), fieldErrors: result.errors, values }, { status: 400 });
  return redirect(`/buyer/contracts/${contract.id}?terminated=1`);
}

export default function Terminate() {
  const { contract, initialPeriod } = useLoaderData<typeof loader>();
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
      {initialPeriod ? (
        <WarningCallout heading="This contract is in its initial period" headingLevel={2}>
          <p>
            Its initial period runs until {initialPeriod.endsOn}. Ending it before then ends it early: {contract.supplier} may claim the costs the call-off terms allow for ending in the initial period,
            and NHS England commercial staff see your reason. If you are moving to another supplier, <AppLink href={`/buyer/contracts/${contract.id}/switch`}>switch supplier</AppLink> instead, so the new contract starts
            the day after this one ends and the data moves with the practices.
          </p>
        </WarningCallout>
      ) : null}
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
        {initialPeriod ? (
          <Checkboxes
            id={CONFIRM_EARLY_END}
            name={CONFIRM_EARLY_END}
            label="Ending inside the initial period"
            labelSize="s"
            items={[{ value: "yes", label: `I understand that a date before ${initialPeriod.endsOn} ends the contract inside its initial period` }]}
            defaultValue={values[CONFIRM_EARLY_END] ? ["yes"] : []}
            error={errors[CONFIRM_EARLY_END]}
          />
        ) : null}
        <Button variant="warning" preventDoubleClick>
          Terminate contract
        </Button>
      </Form>
    </div>
  );
}
