import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { AppLink, NotificationBanner, Table, Tag, WarningCallout, type TagColour } from "~/components/nhs";
import { badgeText } from "~/modules/assurance/assurance-status";
import { listSupplierAssurance } from "~/modules/assurance/evidence.server";
import { fromDbDate, londonToday } from "~/modules/dates";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

export const handle = { title: "Your assurance" };

const COLOURS: Record<string, TagColour> = { ASSURED: "green", EXPIRING: "yellow", LAPSED: "red", IN_REMEDIATION: "orange", WITHDRAWN: "grey" };

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "assurance", action: "read" });
  const today = londonToday();
  const records = await listSupplierAssurance(db(), actor, today);
  return json({
    records: records.map((r) => ({
      id: r.id,
      standard: r.standard.name,
      appliesTo: r.catalogueItem?.name ?? "Your company",
      state: r.state,
      badge: r.expiresOn
        ? badgeText({ status: r.status, expiresOn: fromDbDate(r.expiresOn), remediationDeadline: r.remediationDeadline ? fromDbDate(r.remediationDeadline) : null }, today, r.standard.warningWindowDays)
        : "Assured",
      renewable: r.expiresOn !== null,
      evidence: r.documents[0] ?? null,
    })),
  });
}

export default function SupplierAssurance() {
  const { records } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const lapsed = records.filter((r) => r.state === "LAPSED" || r.state === "IN_REMEDIATION");
  const expiring = records.filter((r) => r.state === "EXPIRING");
  return (
    <>
      {params.get("done") === "uploaded" ? <NotificationBanner type="success">Your evidence was uploaded. Commercial staff will review it and renew your assurance.</NotificationBanner> : null}
      <h1>Your assurance</h1>
      {lapsed.length > 0 ? (
        <WarningCallout heading={`${lapsed.length} ${lapsed.length === 1 ? "assurance has" : "assurances have"} lapsed`} headingLevel={2}>
          <p>Buyers see a warning on your listings until you renew {lapsed.length === 1 ? "it" : "them"}. Upload new evidence to renew.</p>
        </WarningCallout>
      ) : null}
      {expiring.length > 0 ? <p>{expiring.length} {expiring.length === 1 ? "assurance expires" : "assurances expire"} in the next 60 days.</p> : null}
      <Table
        caption="Assurance records"
        head={[{ label: "Standard" }, { label: "Applies to" }, { label: "State" }, { label: "Evidence" }]}
        rows={records.map((r) => [
          r.standard,
          r.appliesTo,
          <Tag key="state" colour={COLOURS[r.state] ?? "grey"}>{r.badge}</Tag>,
          r.evidence?.status === "PENDING" ? (
            <span key="pending">
              Waiting for review:{" "}
              <AppLink href={`/supplier/evidence/${r.evidence.id}/file`} reloadDocument>
                {r.evidence.fileName}
              </AppLink>
            </span>
          ) : r.renewable ? (
            <span key="renew">
              {r.evidence?.status === "REJECTED" ? <span className="block text-16">Not accepted: {r.evidence.rejectionReason}</span> : null}
              <AppLink href={`/supplier/assurance/${r.id}`}>
                Renew<span className="sr-only"> {r.standard} for {r.appliesTo}</span>
              </AppLink>
            </span>
          ) : (
            "No renewal needed"
          ),
        ])}
      />
    </>
  );
}
