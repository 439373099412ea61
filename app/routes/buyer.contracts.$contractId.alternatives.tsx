import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { BackLink, ErrorSummary } from "~/components/nhs";
import { AlternativesList } from "~/components/orders/ContractBits";
import { alternativesView, passedCapabilityIds } from "~/modules/contracts/alternatives.server";
import { contractView, getContractDetail } from "~/modules/contracts/contracts.server";
import { notFound } from "~/modules/orders/pages.server";
import { startReplacement } from "~/modules/orders/start.server";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { parseForm } from "~/utils/forms";

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

// Built when used, so that zod stays out of the browser bundle (see app/utils/forms.ts).
const schema = () => z.object({ solutionId: z.string().min(1).max(40) });

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, { entity: "order", action: "create" });
  const parsed = parseForm(schema(), await request.formData());
  const result = parsed.ok ? await startReplacement(db(), actor, params.contractId ?? "", parsed.data.solutionId) : { ok: false as const, reason: "Choose one of the assured alternatives listed." };
  if (!result) throw notFound();
  if (!result.ok) return json({ errors: [{ fieldId: "alternatives", message: result.reason }] }, { status: 400 });
  return redirect(`/buyer/orders/${result.orderId}`);
}

export default function Alternatives() {
  const { contract, alternatives, capabilityIds } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <BackLink href={`/buyer/contracts/${contract.id}`}>Back to the contract</BackLink>
      <ErrorSummary errors={actionData?.errors ?? []} />
      <h1>Assured alternatives to {contract.solution}</h1>
      <p id="alternatives">
        These Catalogue Solutions are published on a live framework, their assurance is up to date, and they pass every capability {contract.solution} passes.
        {contract.flagged ? " Starting a replacement order fills in the same service recipients and quantities as contract " + contract.callOffId + "." : null}
      </p>
      <AlternativesList contractId={contract.id} alternatives={alternatives} capabilityIds={capabilityIds} />
    </>
  );
}
