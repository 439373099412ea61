import { AppLink } from "~/components/nhs";
import type { HitView } from "~/modules/catalogue/search.server";
import { FoundationBadge, FrameworkBadge, ListingStatusBadge, WordedStandardBadge } from "./Badges";
import { Highlighted } from "./Highlighted";
import { fromPriceText } from "./PriceTable";
import catalogueStyles from "./catalogue-choices.css?url";

export { catalogueStyles };

/**
 * Search results; each can be ticked for comparison (the checkboxes belong to the form with id
 * `compareFormId`). Routes rendering it add `catalogueStyles` to their links.
 */
export function ResultsList({ hits, compareFormId }: { hits: HitView[]; compareFormId: string }) {
  return (
    <ol className="m-0 list-none p-0" aria-label="Search results">
      {hits.map((hit) => (
        <li key={hit.id} className="mb-6 border-b border-grey-4 pb-6">
          <h3 className="mb-1 text-22">
            <AppLink href={`/solutions/${hit.id}`}>
              <Highlighted segments={hit.highlights.name} />
            </AppLink>
          </h3>
          <p className="mb-2 text-16 text-text-secondary">{hit.supplierName}</p>
          <div className="mb-2">
            {hit.foundation ? <FoundationBadge /> : null}
            <ListingStatusBadge publicationStatus={hit.publicationStatus} assurance={hit.assurance} />
            {hit.frameworks.map((f) => (
              <FrameworkBadge key={f.id} shortName={f.shortName} expired={f.expired} />
            ))}
          </div>
          <p className="mb-2">
            <Highlighted segments={hit.highlights.summary} />
          </p>
          <p className="mb-2 text-16">
            <span className="font-bold">Capabilities: </span>
            {hit.capabilitiesText}
          </p>
          {hit.fromPrice ? <p className="mb-2 text-16">{fromPriceText(hit.fromPrice)}</p> : null}
          {hit.standards.length > 0 ? (
            <ul className="m-0 mb-2 list-none p-0 text-16" aria-label={`Assurance of ${hit.name}`}>
              {hit.standards.map((standard) => (
                <li key={standard.id} className="mb-1">
                  {standard.name}: <WordedStandardBadge status={standard.status} text={standard.text} />
                </li>
              ))}
            </ul>
          ) : null}
          <div className="catalogue-choice mt-3">
            <input id={`compare-${hit.id}`} form={compareFormId} name="ids" type="checkbox" value={hit.id} />
            <label htmlFor={`compare-${hit.id}`}>
              Select to compare<span className="sr-only">: {hit.name}</span>
            </label>
          </div>
        </li>
      ))}
    </ol>
  );
}
