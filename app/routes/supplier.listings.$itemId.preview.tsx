import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { SolutionDetails } from "~/components/catalogue/SolutionDetails";
import { BackLink, InsetText } from "~/components/nhs";
import { solutionContext } from "~/modules/catalogue/solution.server";
import { solutionViewFromContent, type RevisionContent } from "~/modules/catalogue/solution-view";
import { getListingForEditing } from "~/modules/listings/drafts.server";
import { requireActor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

export const handle = { title: (data?: { solution?: { name: string } }) => (data?.solution ? `Preview: ${data.solution.name}` : "Preview") };

/** The buyer's solution page, rendered from the supplier's draft (or the published snapshot). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, { entity: "listing", action: "read" });
  const listing = await getListingForEditing(db(), actor, params.itemId!);
  const published = new URL(request.url).searchParams.get("version") === "published";
  const content = published ? listing?.publishedContent : listing?.content;
  if (!listing || !content) throw new Response("Not found", { status: 404 });
  const found = await solutionContext(db(), listing.item.id);
  if (!found) throw new Response("Not found", { status: 404 });
  // A listing never published has nothing to order yet: the preview shows assurance warnings only once it is live.
  const context = found.publicationStatus === "DRAFT" ? { ...found, orderability: null } : found;
  return json({ itemId: listing.item.id, published, solution: solutionViewFromContent(content as unknown as RevisionContent, context) });
}

export default function ListingPreview() {
  const { itemId, published, solution } = useLoaderData<typeof loader>();
  return (
    <>
      <BackLink href={`/supplier/listings/${itemId}`}>Back to your listing</BackLink>
      <InsetText>
        <p>{published ? "This is the approved version buyers see now." : "This is a preview of your revision. Buyers do not see it until commercial staff approve it."}</p>
      </InsetText>
      <SolutionDetails solution={solution} />
    </>
  );
}
