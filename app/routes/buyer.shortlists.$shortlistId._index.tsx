import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useLoaderData, useSearchParams } from "@remix-run/react";
import { ResultsList, catalogueStyles } from "~/components/catalogue/ResultsList";
import { AppLink, BackLink, Button, ButtonLink, NotificationBanner, Table } from "~/components/nhs";
import { formatNhsDate, londonDateOf } from "~/modules/dates";
import { deleteShortlist, markShortlistSeen, openShortlist, type ShortlistChangeKind } from "~/modules/shortlists/shortlists.server";
import { useCsrfToken } from "~/root";
import { SEARCH_PATH } from "~/services/search/query-url";
import { forbidden, requireActor } from "~/utils/auth.server";
import { can } from "~/utils/permissions";
import { db } from "~/utils/db.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: catalogueStyles }];

export const handle = { title: (data: { shortlist?: { name: string } } | undefined) => data?.shortlist?.name ?? "Shortlist" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "shortlist", action: "read" });
  const shortlist = await openShortlist(db(), actor, params.shortlistId ?? "");
  if (!shortlist) throw json({ message: "There is no shortlist with that address for your organisation." }, { status: 404 });
  const { query: _query, ...rest } = shortlist;
  return json({ shortlist: rest }, { headers: { "Cache-Control": "private, no-store" } });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const notFound = () => json({ message: "There is no shortlist with that address for your organisation." }, { status: 404 });
  // The guard checks the form and its CSRF token before anything reads the body.
  const actor = await requireActor(request, { entity: "shortlist", action: "read" });
  const form = await request.formData();
  if (form.get("intent") === "seen") {
    // Anyone in the organisation who can read it can say they have seen its changes.
    if (!(await markShortlistSeen(db(), actor, params.shortlistId ?? ""))) throw notFound();
    return redirect(`/buyer/shortlists/${params.shortlistId}?seen=1`);
  }
  if (!can(actor.role, "delete", "shortlist")) throw forbidden();
  const deleted = await deleteShortlist(db(), actor, params.shortlistId ?? "");
  if (!deleted) throw notFound();
  return redirect("/buyer/shortlists?deleted=1");
}

const CHANGE_WORDS: Record<ShortlistChangeKind, string> = {
  new: "New result",
  withdrawn: "Withdrawn from the catalogue",
  lapsed: "Assurance lapsed",
  "assured-again": "Assured again",
  "price-changed": "Price changed",
  "no-longer-matches": "No longer matches the search",
};

export default function ShortlistPage() {
  const { shortlist } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const csrf = useCsrfToken();
  return (
    <>
      <BackLink href="/buyer/shortlists">Back to shortlists</BackLink>
      {params.get("saved") ? (
        <NotificationBanner title="Success" type="success">
          Shortlist saved.
        </NotificationBanner>
      ) : null}
      <h1>{shortlist.name}</h1>
      <p>
        Saved on {formatNhsDate(londonDateOf(new Date(shortlist.createdAt)))} by {shortlist.createdBy}. These are today’s results for{" "}
        <AppLink href={`${SEARCH_PATH}${shortlist.search ? `?${shortlist.search}` : ""}`}>the saved search</AppLink>.
      </p>
      {params.get("seen") ? (
        <NotificationBanner title="Success" type="success">
          Changes marked as seen. Next time you will see only what changes from now.
        </NotificationBanner>
      ) : null}
      <h2>
        What has changed since it was {shortlist.markedSeen ? "last checked" : "saved"} on {formatNhsDate(londonDateOf(new Date(shortlist.seenAt)))}
      </h2>
      {shortlist.changes.length === 0 ? (
        <p>Nothing has changed: the same solutions match, at the same prices, and none has been withdrawn or changed its assurance.</p>
      ) : (
        <>
          <Table
            caption={`${shortlist.changes.length} ${shortlist.changes.length === 1 ? "change" : "changes"}`}
            head={[{ label: "Solution" }, { label: "Change" }]}
            rows={shortlist.changes.map((c) => [
              c.change === "withdrawn" ? c.name : <AppLink key="link" href={`/solutions/${c.id}`}>{c.name}</AppLink>,
              c.detail ? `${CHANGE_WORDS[c.change]}: ${c.detail}` : CHANGE_WORDS[c.change],
            ])}
          />
          <Form method="post">
            <input type="hidden" name="csrf" value={csrf} />
            <Button variant="secondary" name="intent" value="seen">
              Mark these changes as seen
            </Button>
          </Form>
        </>
      )}
      <h2>
        {shortlist.results.length} {shortlist.results.length === 1 ? "solution matches" : "solutions match"} today
      </h2>
      <div className="flex flex-wrap items-center gap-x-6">
        <ButtonLink href={`/buyer/competitions/new?shortlist=${shortlist.id}`}>Run a further competition</ButtonLink>
        <ButtonLink href={`/buyer/shortlists/${shortlist.id}/csv`} reloadDocument variant="secondary" download>
          Download results (CSV)
        </ButtonLink>
      </div>
      <ResultsList hits={shortlist.results} compareFormId="compare-form" />
      {shortlist.results.length > 0 ? (
        <Button variant="secondary" form="compare-form">
          Compare selected solutions
        </Button>
      ) : null}
      <form id="compare-form" method="get" action="/compare" />
      <h2>Delete this shortlist</h2>
      <Form method="post">
        <input type="hidden" name="csrf" value={csrf} />
        <Button variant="warning">
          Delete shortlist<span className="sr-only">: {shortlist.name}</span>
        </Button>
      </Form>
    </>
  );
}
