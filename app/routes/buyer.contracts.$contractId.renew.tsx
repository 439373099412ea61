import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { BackLink, Button, ErrorSummary, SummaryList, WarningCallout } from "~/components/nhs";
import { AlternativesList } from "~/components/orders/ContractBits";
import { alternativesView, passedCapabilityIds } from "~/modules/contracts/alternatives.server";
import { addDays, formatNhsDate, fromDbDate } from "~/modules/dates";
import { notFound } from "~/modules/orders/pages.server";
import { renewalCheck, startRenewal } from "~/modules/orders/start.server";
import { useCsrfToken } from "~/root";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

export const handle = { title: "Renew a contract" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "order", action: "renew" });
  const check = await renewalCheck(db(), actor, params.contractId ?? "");
  if (!check) throw notFound();
  const { contract, reason } = check;
  return json({
    contract: {
      id: contract.id,
      callOffId: `C${String(contract.callOffNumber).padStart(6, "0")}`,
      solution: contract.solution.name,
      endDate: formatNhsDate(fromDbDate(contract.endDate)),
      newStart: formatNhsDate(addDays(fromDbDate(contract.endDate), 1)),
    },
    reason,
    alternatives: reason ? await alternativesView(db(), contract.solutionId) : [],
    capabilityIds: reason ? await passedCapabilityIds(db(), contract.solutionId) : [],
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, { entity: "order", action: "renew" });
  const result = await startRenewal(db(), actor, params.contractId ?? "");
  if (!result) throw notFound();
  if (!result.ok) return json({ errors: [{ fieldId: "renew", message: result.reason }] }, { status: 400 });
  return redirect(`/buyer/orders/${result.orderId}`);
}

export default function Renew() {
  const { contract, reason, alternatives, capabilityIds } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const csrf = useCsrfToken();
  return (
    <>
      <BackLink href={`/buyer/contracts/${contract.id}`}>Back to the contract</BackLink>
      <ErrorSummary errors={actionData?.errors ?? []} />
      <h1>Renew contract {contract.callOffId}</h1>
      {reason ? (
        <>
          <WarningCallout heading="This contract cannot be renewed" headingLevel={2}>
            <p>{reason}</p>
            <p>The contract ends on {contract.endDate}. You can order one of the assured alternatives below instead, for the same service recipients.</p>
          </WarningCallout>
          <h2>Assured alternatives to {contract.solution}</h2>
          <AlternativesList contractId={contract.id} alternatives={alternatives} capabilityIds={capabilityIds} />
        </>
      ) : (
        <div className="desktop:w-2/3">
          <p>A renewal is a new call-off order, filled in from this contract: the same Catalogue Solution, services, service recipients and quantities, at today&apos;s prices. You can check and change everything before you submit it.</p>
          <SummaryList
            rows={[
              { key: "Catalogue Solution", value: contract.solution },
              { key: "Current contract ends", value: contract.endDate },
              { key: "Renewal starts", value: contract.newStart },
            ]}
          />
          <Form method="post" noValidate>
            <input type="hidden" name="csrf" value={csrf} />
            <Button id="renew" preventDoubleClick>
              Start renewal order
            </Button>
          </Form>
        </div>
      )}
    </>
  );
}
