import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { AppLink, NotificationBanner, Table } from "~/components/nhs";
import { londonDateOf, formatNhsDate } from "~/modules/dates";
import { SHORTLIST_LIMIT, listShortlists } from "~/modules/shortlists/shortlists.server";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

export const handle = { title: "Shortlists" };

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "shortlist", action: "read" });
  return json({ shortlists: await listShortlists(db(), actor), organisationName: actor.organisationName, limit: SHORTLIST_LIMIT });
}

export default function Shortlists() {
  const { shortlists, organisationName, limit } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      {params.get("deleted") ? <NotificationBanner title="Success" type="success">The shortlist was deleted.</NotificationBanner> : null}
      <span className="mb-2 block text-19 text-text-secondary">{organisationName}</span>
      <h1>Shortlists</h1>
      <p>
        A shortlist is a saved search for your organisation. Reopening it shows today’s results and what has changed since it was saved. Your organisation can keep up to{" "}
        {limit}.
      </p>
      <p>
        <AppLink href="/solutions">Find solutions</AppLink> and select “Save this search as a shortlist”.
      </p>
      {shortlists.length === 0 ? (
        <p>Your organisation has no shortlists yet.</p>
      ) : (
        <Table
          caption={`${shortlists.length} of ${limit} shortlists`}
          head={[{ label: "Name" }, { label: "Saved" }, { label: "Saved by" }, { label: "Results when saved", numeric: true }]}
          rows={shortlists.map((s) => [
            <AppLink key="name" href={`/buyer/shortlists/${s.id}`}>
              {s.name}
            </AppLink>,
            formatNhsDate(londonDateOf(new Date(s.createdAt))),
            s.createdBy,
            String(s.resultsAtSave),
          ])}
        />
      )}
    </>
  );
}
