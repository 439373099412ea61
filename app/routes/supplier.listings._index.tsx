import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { KIND_LABELS, PUBLICATION_LABELS, REVISION_LABELS } from "~/components/listings/labels";
import { AppLink, ButtonLink, Table, Tag } from "~/components/nhs";
import { listListingsWithReviews } from "~/modules/listings/drafts.server";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

export const handle = { title: "Your listings" };

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "listing", action: "read" });
  return json({ listings: await listListingsWithReviews(db(), actor) });
}

export default function SupplierListings() {
  const { listings } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Your listings</h1>
      <p>Changes you make are saved as a draft revision. Buyers only see a change once commercial staff approve it.</p>
      <ButtonLink href="/supplier/listings/new">Create a listing</ButtonLink>
      <Table
        caption="Catalogue Solutions, Additional and Associated Services"
        head={[{ label: "Listing" }, { label: "Type" }, { label: "Publication status" }, { label: "Open revision" }]}
        rows={listings.map((listing) => {
          const publication = PUBLICATION_LABELS[listing.publicationStatus];
          const open = listing.revisions[0];
          return [
            <AppLink key="name" href={`/supplier/listings/${listing.id}`}>
              {listing.name} <span className="block text-16 text-text-secondary">{listing.id}</span>
            </AppLink>,
            KIND_LABELS[listing.kind],
            <Tag key="status" colour={publication.colour}>{publication.text}</Tag>,
            open ? <Tag key="review" colour={REVISION_LABELS[open.status].colour}>{REVISION_LABELS[open.status].text}</Tag> : "None",
          ];
        })}
      />
    </>
  );
}
