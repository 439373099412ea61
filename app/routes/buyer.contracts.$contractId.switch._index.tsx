import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AppLink, BackLink, ButtonLink, Details, InsetText, Tag } from "~/components/nhs";
import { NoAlternatives } from "~/components/orders/ContractBits";
import { MAX_COMPARE } from "~/modules/catalogue/compare";
import { notFound } from "~/modules/orders/pages.server";
import { switchComparison } from "~/modules/switching/switching.server";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

export const handle = { title: "Switch supplier" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "switch", action: "start" });
  const comparison = await switchComparison(db(), actor, params.contractId ?? "");
  if (!comparison) throw notFound();
  return json(comparison);
}

function DifferenceList({ heading, items }: { heading: string; items: string[] }) {
  if (items.length === 0) return null;
  return (
    <>
      <h4 className="mb-1 text-19">{heading}</h4>
      <ul className="text-16">
        {items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </>
  );
}

export default function SwitchCompare() {
  const data = useLoaderData<typeof loader>();
  const { contract } = data;
  return (
    <>
      <BackLink href={`/buyer/contracts/${contract.id}`}>Back to the contract</BackLink>
      <span className="mb-2 block text-19 text-text-secondary">
        {contract.callOffId}: {contract.solution.name} ({contract.supplier})
      </span>
      <h1>Switch supplier</h1>
      {data.open && data.open.status !== "LIVE" ? (
        <InsetText>
          <p>
            A switch to {data.open.incomingSolution.name} is already under way.{" "}
            <AppLink href={data.open.status === "REQUESTED" ? `/buyer/orders/${data.open.orderId}` : `/buyer/switches/${data.open.id}`}>
              {data.open.status === "REQUESTED" ? "Continue its order" : "View the switching plan"}
            </AppLink>
          </p>
        </InsetText>
      ) : null}
      {!data.switchable ? (
        <p>{data.reason}</p>
      ) : (
        <>
          <p>
            These Catalogue Solutions are assured (published on a live framework, with every assurance up to date) and pass every capability {contract.solution.name} passes. They are ranked by how many of
            those capabilities they meet in full, then by cost. Prices are list prices worked out for this contract&apos;s own service recipients and quantities: per patient from their practice list
            sizes, otherwise the quantity on the contract ({data.current.quantity.toLocaleString("en-GB")} {data.current.unit}).
          </p>
          <p>
            {contract.solution.name} costs <strong>{data.current.yearlyCost} a year</strong> on this contract at its agreed price. It ends on {contract.endsOn}.
          </p>
          {data.alternatives.length === 0 ? (
            <NoAlternatives capabilityIds={data.capabilityIds} />
          ) : (
            <>
              <p>
                <AppLink
                  href={`/compare?${new URLSearchParams({ ids: [contract.solution.id, ...data.alternatives.slice(0, MAX_COMPARE - 1).map((a) => a.id)].join(",") }).toString()}`}
                >
                  Compare {contract.solution.name} with the top {Math.min(MAX_COMPARE - 1, data.alternatives.length)} side by side
                </AppLink>
              </p>
              <ol className="m-0 list-none p-0">
                {data.alternatives.map((alternative, index) => (
                  <li key={alternative.id} className="mb-6 border border-grey-4 bg-white p-4 tablet:p-6">
                    <h2 className="mb-2 text-22 tablet:text-26">
                      <span className="text-text-secondary">{index + 1}. </span>
                      <AppLink href={`/solutions/${alternative.id}`}>{alternative.name}</AppLink>
                    </h2>
                    <p className="mb-2 text-text-secondary">{alternative.supplier}</p>
                    {alternative.summary ? <p>{alternative.summary}</p> : null}
                    <p className="mb-2">
                      Meets {alternative.coverage} of {data.current.capabilities} capabilities in full.
                    </p>
                    <p className="mb-2">
                      {alternative.yearlyCost ? (
                        <>
                          <strong>{alternative.yearlyCost} a year</strong> for this contract ({alternative.quantity?.toLocaleString("en-GB")} {alternative.unit}):{" "}
                          {alternative.cheaper ? <Tag colour="green">{alternative.difference}</Tag> : <Tag colour="grey">{alternative.difference}</Tag>} than now
                        </>
                      ) : (
                        <>The yearly cost depends on use ({alternative.unit ?? "see the price list"}): see the solution&apos;s prices.</>
                      )}
                    </p>
                    <Details summary={`What you gain and lose with ${alternative.name}`}>
                      <DifferenceList heading="Capabilities gained" items={alternative.differences.capabilities.gained} />
                      <DifferenceList heading="Capabilities lost" items={alternative.differences.capabilities.lost} />
                      <DifferenceList heading="Capabilities met only in part" items={alternative.differences.capabilities.partlyMet} />
                      <DifferenceList heading="Epics gained" items={alternative.differences.epics.gained} />
                      <DifferenceList heading="Epics lost" items={alternative.differences.epics.lost} />
                      <DifferenceList heading="Integrations gained" items={alternative.differences.integrations.gained} />
                      <DifferenceList heading="Integrations lost" items={alternative.differences.integrations.lost} />
                      <DifferenceList heading="Hosting gained" items={alternative.differences.hosting.gained} />
                      <DifferenceList heading="Hosting lost" items={alternative.differences.hosting.lost} />
                      {Object.values(alternative.differences).every((d) => Object.values(d).every((list) => (list as string[]).length === 0)) ? <p>The same capabilities, epics, integrations and hosting.</p> : null}
                    </Details>
                    <ButtonLink href={`/buyer/contracts/${contract.id}/switch/${alternative.id}`} className="mb-0" aria-label={`Switch to ${alternative.name}`}>
                      Switch to this solution
                    </ButtonLink>
                  </li>
                ))}
              </ol>
              {data.notShown.length > 0 ? (
                <p>
                  Not shown, so no one supplier fills the list:{" "}
                  {data.notShown.map((n) => `${n.count} more from ${n.supplier}`).join(", ")}.{" "}
                  <AppLink href={`/solutions?${new URLSearchParams(data.capabilityIds.map((id) => ["capability", id])).toString()}`}>Search the catalogue</AppLink> to see them.
                </p>
              ) : null}
            </>
          )}
        </>
      )}
    </>
  );
}
