import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { BackLink, Button, ErrorSummary, WarningCallout } from "~/components/nhs";
import { refusalText, solutionOrderability } from "~/modules/assurance/orderability.server";
import { amendmentFacts, amendmentRefusal } from "~/modules/contracts/contract-status";
import { getContractDetail } from "~/modules/contracts/contracts.server";
import { londonToday } from "~/modules/dates";
import { notFound } from "~/modules/orders/pages.server";
import { startAmendment } from "~/modules/orders/start.server";
import { useCsrfToken } from "~/root";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

export const handle = { title: "Amend a contract" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "order", action: "amend" });
  const contract = await getContractDetail(db(), actor, params.contractId ?? "");
  if (!contract || contract.organisationId !== actor.organisationId) throw notFound();
  const next = contract.order.revision + 1;
  // Said before the buyer presses anything; the action checks again inside its transaction.
  const today = londonToday();
  const contractRefusal = amendmentRefusal(amendmentFacts(contract, contract.terminationNotices[0]), today);
  // Adding to a contract is a call-off under its framework: the orderability rule applies too.
  const verdict = contractRefusal ? null : await solutionOrderability(db(), contract.solutionId, { today, frameworkId: contract.frameworkId });
  const refusal = contractRefusal ?? (verdict && !verdict.orderable ? refusalText(verdict) : null);
  return json({ contract: { id: contract.id, callOffId: `C${String(contract.callOffNumber).padStart(6, "0")}`, nextRevision: String(next).padStart(2, "0"), solution: contract.solution.name }, refusal });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, { entity: "order", action: "amend" });
  const result = await startAmendment(db(), actor, params.contractId ?? "");
  if (!result) throw notFound();
  if (!result.ok) return json({ errors: [{ fieldId: "amend", message: result.reason }] }, { status: 400 });
  return redirect(`/buyer/orders/${result.orderId}`);
}

export default function Amend() {
  const { contract, refusal } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const csrf = useCsrfToken();
  return (
    <div className="desktop:w-2/3">
      <BackLink href={`/buyer/contracts/${contract.id}`}>Back to the contract</BackLink>
      <ErrorSummary errors={actionData?.errors ?? []} />
      <h1>Amend contract {contract.callOffId}</h1>
      <p>
        An amendment adds service recipients or Additional Services to {contract.solution}. It is a new revision of the same call-off ({contract.callOffId}-{contract.nextRevision}), filled in
        from the current one; the contract follows it once you submit it. Only one amendment can be open at a time.
      </p>
      {refusal ? (
        <WarningCallout heading="This contract cannot be amended" headingLevel={2}>
          <p id="amend-refused">{refusal}</p>
        </WarningCallout>
      ) : (
        <Form method="post" noValidate>
          <input type="hidden" name="csrf" value={csrf} />
          <Button id="amend" preventDoubleClick>
            Start amendment
          </Button>
        </Form>
      )}
    </div>
  );
}
