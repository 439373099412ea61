import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AppLink, Table, WarningCallout } from "~/components/nhs";
import { ContractStatusTag } from "~/components/orders/ContractBits";
import { contractRow, listBuyerContracts } from "~/modules/contracts/contracts.server";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

export const handle = { title: "Your contracts" };

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "contract", action: "read" });
  const contracts = await listBuyerContracts(db(), actor);
  return json({ contracts: contracts.map((contract) => contractRow(contract, actor)) });
}

export default function Contracts() {
  const { contracts } = useLoaderData<typeof loader>();
  const flagged = contracts.filter((c) => c.flags.length > 0);
  return (
    <>
      <h1>Your contracts</h1>
      {flagged.map((contract) => (
        <WarningCallout key={contract.id} heading={`${contract.callOffId} ${contract.solution} is flagged for termination`} headingLevel={2}>
          <p>
            <strong>Why: </strong>
            {contract.flags[0].why}
          </p>
          <p>
            <strong>What happens next: </strong>
            {contract.flags[0].next}
          </p>
          <p>
            <AppLink href={`/buyer/contracts/${contract.id}/alternatives`}>See assured alternatives to {contract.solution}</AppLink>
          </p>
        </WarningCallout>
      ))}
      <p>Contracts start when a call-off order is completed. We email you 90 and 45 days before a contract ends (30 and 14 days for contracts shorter than 3 months) so you can renew it or switch.</p>
      {contracts.length === 0 ? (
        <p>You have no contracts yet.</p>
      ) : (
        <Table
          caption="Contracts"
          head={[{ label: "Call-off id" }, { label: "Solution and supplier" }, { label: "End date" }, { label: "Value per year", numeric: true }, { label: "Status" }]}
          rows={contracts.map((c) => [
            <AppLink key="id" href={`/buyer/contracts/${c.id}`}>
              {c.callOffId}
            </AppLink>,
            <>
              {c.solution}
              <span className="block text-16 text-text-secondary">{c.supplier}</span>
              {c.orderingParty ? <span className="block text-16 text-text-secondary">Ordered by {c.orderingParty}</span> : null}
            </>,
            c.endDate,
            c.annualValue,
            <ContractStatusTag key="status" status={c.status} text={c.statusText} />,
          ])}
        />
      )}
    </>
  );
}
