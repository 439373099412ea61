import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { CardLink } from "~/components/nhs";
import { buyerSummary } from "~/modules/dashboards/dashboards.server";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { roleLabel } from "~/utils/permissions";

export const handle = { title: "Buyer home" };

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "order", action: "read" });
  return json({
    actor: { name: actor.name, organisationName: actor.organisationName, odsCode: actor.odsCode, role: roleLabel(actor.role), type: actor.organisationType },
    summary: await buyerSummary(db(), actor),
  });
}

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

export default function BuyerHome() {
  const { actor, summary } = useLoaderData<typeof loader>();
  return (
    <>
      <span className="mb-2 block text-19 text-text-secondary">
        {actor.organisationName} ({actor.odsCode})
      </span>
      <h1>Buyer home</h1>
      <p className="text-22">
        Welcome, {actor.name}. You are signed in as a {actor.role.toLowerCase()} for {actor.organisationName}.
        {actor.type === "ICB" ? ` You can buy for the ${plural(summary.practices, "GP practice")} in your ICB.` : null}
      </p>
      {summary.flagged > 0 ? (
        <div className="mb-8 border-l-10 border-red bg-white p-4" role="region" aria-label="Contracts flagged for termination">
          <p className="mb-0 font-bold">
            {plural(summary.flagged, "contract is", "contracts are")} flagged for termination because the supplier&apos;s assurance lapsed.
          </p>
        </div>
      ) : null}
      <div className="grid gap-x-8 tablet:grid-cols-2">
        <CardLink href="/solutions" heading="Find solutions" description={<p>Search and compare assured IT systems by capability, standard and price.</p>} />
        <CardLink
          href="/buyer/orders"
          heading="Call-off orders"
          description={<p>{plural(summary.ordersInProgress, "order")} in progress, {summary.ordersCompleted} completed.</p>}
        />
        <CardLink
          href="/buyer/contracts"
          heading="Contracts"
          description={<p>{plural(summary.liveContracts, "live contract")}; {summary.expiringSoon} ending in the next 90 days.</p>}
        />
        <CardLink href="/buyer/shortlists" heading="Shortlists" description={<p>Saved searches for your organisation.</p>} />
        <CardLink href="/buyer/competitions" heading="Further competitions" description={<p>Compare a shortlist's solutions on price and quality, then award a call-off order.</p>} />
      </div>
    </>
  );
}
