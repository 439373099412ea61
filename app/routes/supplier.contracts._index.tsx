import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AppLink, Table, Tag, WarningCallout } from "~/components/nhs";
import { supplierContracts } from "~/modules/suppliers/contracts.server";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

export const handle = { title: "Orders and contracts" };

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "contract", action: "read" });
  return json({ contracts: await supplierContracts(db(), actor) });
}

export default function SupplierContracts() {
  const { contracts } = useLoaderData<typeof loader>();
  const flagged = contracts.filter((c) => c.status === "FLAGGED_FOR_TERMINATION");
  return (
    <>
      <h1>Orders and contracts</h1>
      <p>Call-off orders buyers have completed for your Catalogue Solutions. Values are indicative.</p>
      <p>
        <AppLink href="/supplier/contracts.csv" reloadDocument>
          Download all as CSV
        </AppLink>
      </p>
      {flagged.length > 0 ? (
        <WarningCallout heading={`${flagged.length} ${flagged.length === 1 ? "contract is" : "contracts are"} flagged for termination`} headingLevel={2}>
          <ul>
            {flagged.map((c) => (
              <li key={c.id}>
                {c.callOffId} ({c.buyer}): {c.flagReason}
              </li>
            ))}
          </ul>
        </WarningCallout>
      ) : null}
      {contracts.length === 0 ? (
        <p>There are no contracts for your solutions yet.</p>
      ) : (
        <Table
          caption="Contracts"
          head={[{ label: "Call-off ID" }, { label: "Buyer" }, { label: "Solution" }, { label: "Dates" }, { label: "Status" }, { label: "Total value", numeric: true }]}
          rows={contracts.map((c) => [
            c.callOffId,
            <span key="buyer">
              {c.buyer} ({c.odsCode})
              {c.contactName ? <span className="block text-16 text-text-secondary">Contact: {c.contactName}</span> : null}
            </span>,
            c.solution,
            `${c.startDate} to ${c.endDate}`,
            <span key="status">
              <Tag colour={c.underNotice ? "orange" : c.status === "FLAGGED_FOR_TERMINATION" || c.status === "TERMINATED" ? "red" : c.status === "EXPIRING" ? "yellow" : c.status === "ACTIVE" ? "green" : "grey"}>{c.statusText}</Tag>
              {c.flagReason ? <span className="block text-16">{c.flagReason}</span> : null}
            </span>,
            c.totalValue,
          ])}
        />
      )}
    </>
  );
}
