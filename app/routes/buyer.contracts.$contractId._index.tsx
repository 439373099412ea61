import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { AppLink, BackLink, ButtonLink, NotificationBanner, SummaryList, WarningCallout } from "~/components/nhs";
import { ContractStatusTag } from "~/components/orders/ContractBits";
import { contractView, getContractDetail } from "~/modules/contracts/contracts.server";
import { notFound } from "~/modules/orders/pages.server";
import { listSwitches } from "~/modules/switching/switching.server";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

export const handle = { title: (data: unknown) => `Contract ${(data as { contract?: { callOffId: string } } | undefined)?.contract?.callOffId ?? ""}`.trim() };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "contract", action: "read" });
  const contract = await getContractDetail(db(), actor, params.contractId ?? "");
  if (!contract) throw notFound();
  return json({ contract: contractView(contract, actor), switches: await listSwitches(db(), actor, { contractId: contract.id }) });
}

export default function Contract() {
  const { contract: c, switches } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  return (
    <>
      <BackLink href="/buyer/contracts">Back to your contracts</BackLink>
      {searchParams.get("terminated") ? (
        <NotificationBanner type="success">
          <p>The contract has been terminated. It ends on {c.termination?.on}, and the supplier has been told.</p>
        </NotificationBanner>
      ) : null}
      <span className="mb-2 block text-19 text-text-secondary">{c.description}</span>
      <h1>Contract {c.callOffId}</h1>
      {c.flags.map((flag, i) => (
        <WarningCallout key={i} heading="This contract is flagged for termination" headingLevel={2}>
          <p>
            <strong>Why: </strong>
            {flag.why}
          </p>
          <p>
            <strong>What happens next: </strong>
            {flag.next}
          </p>
          <p>
            <AppLink href={`/buyer/contracts/${c.id}/alternatives`}>See assured alternatives</AppLink>
          </p>
        </WarningCallout>
      ))}
      <SummaryList
        rows={[
          { key: "Status", value: <ContractStatusTag status={c.status} text={c.statusText} /> },
          { key: "Catalogue Solution", value: c.solution },
          { key: "Supplier", value: c.supplier },
          { key: "Framework", value: c.framework },
          { key: "Call-off Ordering Party", value: c.orderingParty },
          { key: "Start date", value: c.startDate },
          { key: "End date", value: c.statusText ? `${c.endDate} (originally ${c.originalEndDate})` : c.endDate },
          { key: "Value per year (indicative)", value: c.annualValue },
          { key: c.statusText ? "Total value to the end date (indicative)" : "Total value (indicative)", value: c.totalValue },
          { key: "Patients covered", value: c.patientsCovered.toLocaleString("en-GB") },
          { key: "Payment", value: c.paymentState },
          ...(c.renews ? [{ key: "Renews", value: <AppLink href={`/buyer/contracts/${c.renews.id}`}>{c.renews.callOffId}</AppLink> }] : []),
          ...(c.renewedBy ? [{ key: "Renewed by", value: <AppLink href={`/buyer/contracts/${c.renewedBy.id}`}>{c.renewedBy.callOffId}</AppLink> }] : []),
          ...(c.termination ? [{ key: c.statusText ? "Termination notice" : "Terminated", value: `${c.statusText ? "Ends" : "Ended"} on ${c.termination.on}. Reason: ${c.termination.reason}` }] : []),
        ]}
      />
      <p>
        <AppLink href={`/buyer/orders/${c.orderId}/summary`}>View the order</AppLink>
      </p>
      {switches.length > 0 ? (
        <>
          <h2>Switching supplier</h2>
          <ul>
            {switches.map((s) => (
              <li key={s.id}>
                {s.outgoing.contractId === c.id ? `Switching to ${s.incoming.solution} (${s.incoming.supplier})` : `Switched from ${s.outgoing.solution} (${s.outgoing.supplier})`} on {s.switchDate}: {s.statusText.toLowerCase()}.{" "}
                {s.status === "REQUESTED" ? <AppLink href={`/buyer/orders/${s.incoming.orderId}`}>Continue the switch order</AppLink> : <AppLink href={`/buyer/switches/${s.id}`}>View the switching plan</AppLink>}
                {s.next ? ` Next: ${s.next.title} (${s.next.owner}), by ${s.next.dueOn}${s.next.overdue ? ", overdue" : ""}.` : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {c.can.renew || c.can.amend || c.can.terminate || c.can.replace ? <h2>Change this contract</h2> : null}
      <div className="flex flex-wrap gap-x-4">
        {c.can.renew ? <ButtonLink href={`/buyer/contracts/${c.id}/renew`}>Renew contract</ButtonLink> : null}
        {c.can.amend ? (
          <ButtonLink href={`/buyer/contracts/${c.id}/amend`} variant="secondary">
            Amend contract
          </ButtonLink>
        ) : null}
        {c.can.replace && !switches.some((s) => s.outgoing.contractId === c.id && s.status !== "REQUESTED") ? (
          <ButtonLink href={`/buyer/contracts/${c.id}/switch`} variant="secondary">
            Switch supplier
          </ButtonLink>
        ) : null}
        {c.can.terminate ? (
          <ButtonLink href={`/buyer/contracts/${c.id}/terminate`} variant="warning">
            Terminate contract
          </ButtonLink>
        ) : null}
      </div>
      {c.can.replace && !c.flags.length ? (
        <p>
          <AppLink href={`/buyer/contracts/${c.id}/alternatives`}>Compare assured alternatives</AppLink>
        </p>
      ) : null}
    </>
  );
}
