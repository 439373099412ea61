import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { CardLink } from "~/components/nhs";
import { authoritySummary } from "~/modules/dashboards/dashboards.server";
import { switchingSummary } from "~/modules/switching/switching.server";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

export const handle = { title: "Commercial staff console" };

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "report", action: "read" });
  return json({ name: actor.name, organisationName: actor.organisationName, summary: await authoritySummary(db()), switching: await switchingSummary(db(), actor) });
}

export default function AdminHome() {
  const { name, organisationName, summary, switching } = useLoaderData<typeof loader>();
  return (
    <>
      <span className="mb-2 block text-19 text-text-secondary">{organisationName}</span>
      <h1>Commercial staff console</h1>
      <p className="text-22">
        Welcome, {name}. The catalogue has {summary.publishedSolutions} published Catalogue Solutions from {summary.suppliers} active suppliers on{" "}
        {summary.liveFrameworks} live frameworks.
      </p>
      <div className="grid gap-x-8 tablet:grid-cols-2">
        <CardLink href="/admin/reviews" heading="Review queue" description={<p>{summary.reviewQueue} listing revisions waiting for review.</p>} />
        <CardLink href="/admin/switching" heading="Switching" description={<p>{switching.inProgress} switches of supplier in progress, {switching.overdueTasks} switching tasks overdue.</p>} />
        <CardLink
          href="/admin/lapses"
          heading="Lapse queue"
          description={
            <p>
              {summary.lapsed} lapsed assurances; {summary.inRemediation} in remediation.
            </p>
          }
        />
        <CardLink href="/admin/flags" heading="Termination flags" description={<p>{summary.openFlags} contracts flagged for termination and waiting for a decision.</p>} />
        <CardLink href="/admin/assurance" heading="Assurance register" description={<p>Every supplier and solution against every standard it must meet.</p>} />
        <CardLink href="/admin/reports" heading="Market reports" description={<p>Orders, contract value, patients covered and market concentration.</p>} />
        <CardLink href="/admin/frameworks" heading="Frameworks and standards" description={<p>Framework status and dates; standards, renewal cycles and warning windows.</p>} />
        <CardLink href="/admin/organisations" heading="Buyer organisations" description={<p>Add organisations by ODS code and import practice list sizes.</p>} />
        <CardLink href="/admin/capabilities" heading="Capabilities and epics" description={<p>Capability names, status and frameworks; epics and their must, should or may level.</p>} />
        <CardLink href="/admin/suppliers" heading="Suppliers" description={<p>Make a supplier inactive or active again; its listings leave or return to search.</p>} />
        <CardLink href="/admin/users" heading="Users" description={<p>People in every organisation: invite, change roles, deactivate and reactivate.</p>} />
        <CardLink href="/admin/account-requests" heading="Account requests" description={<p>Requests for an account at organisations with no account manager of their own.</p>} />
        <CardLink href="/admin/terms" heading="Terms of use" description={<p>Publish a new version of the terms everyone accepts, and see who has accepted each.</p>} />
        <CardLink href="/admin/email-domains" heading="Allowed email domains" description={<p>The domains buyers and staff must have an email address at.</p>} />
        <CardLink href="/admin/competitions" heading="Competition awards" description={<p>Further competition awards that passed over a solution whose assurance lapsed, with the buyer&apos;s note.</p>} />
        <CardLink href="/admin/audit" heading="Audit log" description={<p>Every change made in the catalogue, by whom and when.</p>} />
        <CardLink href="/admin/mailbox" heading="Mailbox" description={<p>Every email the catalogue has queued or sent.</p>} />
      </div>
    </>
  );
}
