import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AppLink, BackLink, Button, DateInput, ErrorSummary, SummaryList, Textarea, TextInput, WarningCallout } from "~/components/nhs";
import { notFound, summaryOf } from "~/modules/orders/pages.server";
import { MAX_PARALLEL_RUN_DAYS } from "~/modules/switching/switch-rules";
import { startSwitch, switchDatePage } from "~/modules/switching/switching.server";
import { useCsrfToken } from "~/root";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { formValues } from "~/utils/forms";

export const handle = { title: "Choose the switch date" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "switch", action: "start" });
  const page = await switchDatePage(db(), actor, params.contractId ?? "", params.solutionId ?? "");
  if (!page) throw notFound();
  return json(page);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, { entity: "switch", action: "start" });
  const values = formValues(await request.formData());
  const result = await startSwitch(db(), actor, params.contractId ?? "", params.solutionId ?? "", values);
  if (!result) throw notFound();
  if (!result.ok) return json({ errors: summaryOf(result.errors), fieldErrors: result.errors, values }, { status: 400 });
  return redirect(`/buyer/orders/${result.orderId}`);
}

export default function SwitchDate() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const csrf = useCsrfToken();
  const values: Record<string, string | string[]> = actionData?.values ?? {};
  const errors: Record<string, string | undefined> = actionData?.fieldErrors ?? {};
  const saved = page.values.switchDate;
  const value = (name: string, fallback = "") => String(values[name] ?? fallback);
  const back = `/buyer/contracts/${page.contract.id}/switch`;
  if (!page.switchable || !page.alternative) {
    return (
      <>
        <BackLink href={back}>Back to the alternatives</BackLink>
        <h1>This solution cannot take the switch</h1>
        <p>
          A switch must be to an assured Catalogue Solution from another supplier that passes every capability {page.contract.solution} passes, for a contract that is still running.{" "}
          <AppLink href={back}>Choose one of the assured alternatives</AppLink>.
        </p>
      </>
    );
  }
  return (
    <div className="desktop:w-2/3">
      <BackLink href={back}>Back to the alternatives</BackLink>
      <ErrorSummary errors={actionData?.errors ?? []} />
      <span className="mb-2 block text-19 text-text-secondary">
        {page.contract.callOffId}: {page.contract.solution}
      </span>
      <h1>Choose the switch date</h1>
      <SummaryList
        rows={[
          { key: "From", value: `${page.contract.solution} (${page.contract.supplier})` },
          { key: "To", value: <AppLink href={`/solutions/${page.alternative.id}`}>{`${page.alternative.name} (${page.alternative.supplier})`}</AppLink> },
          { key: "Current contract ends", value: page.contract.endsOn },
          { key: "Initial period ends", value: page.initialPeriodEnds },
        ]}
      />
      <p>
        The new contract starts on the switch date, and contract {page.contract.callOffId} ends the day before, so there is no gap and no overlap. If the practices need both systems for a while, ask for a
        parallel run: the current contract then runs on for those days.
      </p>
      {page.inInitialPeriod ? (
        <WarningCallout heading="Ending inside the initial period" headingLevel={2}>
          <p>{page.earlyEndWarning}</p>
          <p>If your switch date ends the contract before {page.initialPeriodEnds}, you must give a reason.</p>
        </WarningCallout>
      ) : null}
      <Form method="post" noValidate>
        <input type="hidden" name="csrf" value={csrf} />
        <DateInput
          id="switchDate"
          name="switchDate"
          label="When should the new contract start?"
          labelSize="m"
          hint={`Between ${page.earliest} (time for the current supplier to provide the data extract) and ${page.latest} (the day after the current contract ends).`}
          defaultValue={{
            day: value("switchDate-day", saved ? String(Number(saved.slice(8, 10))) : ""),
            month: value("switchDate-month", saved ? String(Number(saved.slice(5, 7))) : ""),
            year: value("switchDate-year", saved ? saved.slice(0, 4) : ""),
          }}
          error={errors.switchDate}
        />
        <TextInput
          id="parallelRunDays"
          name="parallelRunDays"
          label="Days of parallel running (optional)"
          labelSize="s"
          hint={`0 for none. Up to ${MAX_PARALLEL_RUN_DAYS} days, while the current contract runs on beside the new one.`}
          inputMode="numeric"
          width={3}
          defaultValue={value("parallelRunDays", page.values.parallelRunDays)}
          error={errors.parallelRunDays}
        />
        <Textarea
          id="earlyEndReason"
          name="earlyEndReason"
          label={page.inInitialPeriod ? "Why are you ending the contract inside its initial period?" : "Reason for ending inside the initial period (only if it does)"}
          labelSize="s"
          hint="Needed only when the current contract would end before its initial period does. NHS England commercial staff see it."
          maxLength={1000}
          defaultValue={value("earlyEndReason", page.values.earlyEndReason)}
          error={errors.earlyEndReason}
        />
        {errors.solutionId ? (
          <p id="solutionId" className="text-error font-bold">
            {errors.solutionId}
          </p>
        ) : null}
        <Button preventDoubleClick>Start the switch order</Button>
      </Form>
    </div>
  );
}
