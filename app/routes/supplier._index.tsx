import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { CardLink, Table } from "~/components/nhs";
import { supplierSummary } from "~/modules/dashboards/dashboards.server";
import { switchingSummary } from "~/modules/switching/switching.server";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

export const handle = { title: "Supplier home" };

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "listing", action: "read" });
  return json({ name: actor.name, organisationName: actor.organisationName, summary: await supplierSummary(db(), actor), switching: await switchingSummary(db(), actor) });
}

const LISTING_STATUSES = [
  ["PUBLISHED", "Published"],
  ["IN_REMEDIATION", "In remediation"],
  ["SUSPENDED", "Suspended"],
  ["DRAFT", "Draft"],
  ["UNPUBLISHED", "Unpublished"],
] as const;
const ASSURANCE_STATUSES = [
  ["ASSURED", "Assured"],
  ["EXPIRING", "Expiring within 60 days"],
  ["LAPSED", "Lapsed"],
  ["IN_REMEDIATION", "In remediation"],
  ["WITHDRAWN", "Withdrawn"],
] as const;

export default function SupplierHome() {
  const { name, organisationName, summary, switching } = useLoaderData<typeof loader>();
  return (
    <>
      <span className="mb-2 block text-19 text-text-secondary">
        {organisationName}
        {summary.supplier ? ` (supplier ${summary.supplier.id})` : null}
      </span>
      <h1>Supplier home</h1>
      <p className="text-22">Welcome, {name}.</p>
      {(summary.assurance.LAPSED ?? 0) > 0 ? (
        <div className="mb-8 border-l-10 border-red bg-white p-4" role="region" aria-label="Lapsed assurance">
          <p className="mb-0 font-bold">
            {summary.assurance.LAPSED} assurance {summary.assurance.LAPSED === 1 ? "has" : "have"} lapsed. Buyers see a warning on your listings until
            you renew it.
          </p>
        </div>
      ) : null}
      <div className="grid gap-x-8 desktop:grid-cols-2">
        <Table
          caption="Your listings"
          head={[{ label: "Status" }, { label: "Listings", numeric: true }]}
          rows={LISTING_STATUSES.map(([status, label]) => [label, summary.listings[status] ?? 0])}
          firstCellIsHeader
        />
        <Table
          caption="Your assurance"
          head={[{ label: "State" }, { label: "Standards", numeric: true }]}
          rows={ASSURANCE_STATUSES.map(([status, label]) => [label, summary.assurance[status] ?? 0])}
          firstCellIsHeader
        />
      </div>
      <div className="grid gap-x-8 tablet:grid-cols-2">
        <CardLink href="/supplier/listings" heading="Listings" description={<p>{summary.openReviews} revisions in review or with changes requested.</p>} />
        <CardLink href="/supplier/contracts" heading="Orders and contracts" description={<p>{summary.liveContracts} live contracts for your solutions.</p>} />
        <CardLink
          href="/supplier/switches"
          heading="Switching"
          description={
            <p>
              {switching.inProgress} buyers switching to or from your solutions; {switching.overdueTasks} switching tasks overdue.
            </p>
          }
        />
      </div>
    </>
  );
}
