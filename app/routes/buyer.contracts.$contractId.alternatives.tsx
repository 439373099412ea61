import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AppLink, BackLink } from "~/components/nhs";
import { AlternativesList } from "~/components/orders/ContractBits";
import { alternativesView, passedCapabilityIds } from "~/modules/contracts/alternatives.server";
import { contractView, getContractDetail } from "~/modules/contracts/contracts.server";
import { notFound } from "~/modules/orders/pages.server";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

export const handle = { title: "Assured alternatives" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "contract", action: "read" });
  const contract = await getContractDetail(db(), actor, params.contractId ?? "");
  if (!contract) throw notFound();
  return json({
    // "Flagged" as the contracts page warns about it: an open flag, or a notice not yet in effect.
    contract: { id: contract.id, callOffId: `C${String(contract.callOffNumber).padStart(6, "0")}`, solution: contract.solution.name, flagged: contractView(contract, actor).flags.length > 0 },
    alternatives: await alternativesView(db(), contract.solutionId),
    capabilityIds: await passedCapabilityIds(db(), contract.solutionId),
  });
}

export default function Alternatives() {
  const { contract, alternatives, capabilityIds } = useLoaderData<typeof loader>();
  return (
    <>
      <BackLink href={`/buyer/contracts/${contract.id}`}>Back to the contract</BackLink>
      <h1>Assured alternatives to {contract.solution}</h1>
      <p id="alternatives">
        These Catalogue Solutions are published on a live framework, their assurance is up to date, and they pass every capability {contract.solution} passes.
        {contract.flagged ? ` Switching to one fills in a replacement order with the same service recipients and quantities as contract ${contract.callOffId}, starting on the switch date you choose.` : null}
      </p>
      <p>
        <AppLink href={`/buyer/contracts/${contract.id}/switch`}>Compare them on price and what you gain and lose</AppLink>
      </p>
      <AlternativesList contractId={contract.id} alternatives={alternatives} capabilityIds={capabilityIds} />
    </>
  );
}
