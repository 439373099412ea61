import { AppLink } from "~/components/nhs";
import type { HitView } from "~/modules/catalogue/search.server";
import { FoundationBadge, FrameworkBadge, ListingStatusBadge } from "./Badges";
import { Highlighted } from "./Highlighted";
import { fromPriceText } from "./PriceTable";

/** Search results; each can be ticked for comparison (the checkboxes belong to the form with id `compareFormId`). */
export function ResultsList({ hits, compareFormId }: { hits: HitView[]; compareFormId: string }) {
  return (
    <ol className="m-0 list-none p-0" aria-label="Search results">
      {hits.map((hit) => (
        <li key={hit.id} className="mb-6 border-b border-grey-4 pb-6">
          <h3 className="mb-1 text-22">
            <AppLink href={`/solutions/${hit.id}`}>
              <Highlighted segments={hit.highlights.name} fallback={hit.name} />
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
            <Highlighted segments={hit.highlights.summary} fallback={hit.summary} />
          </p>
          <p className="mb-2 text-16">
            <span className="font-bold">Capabilities: </span>
            {hit.capabilities.map((c) => `${c.id} ${c.name}${c.result === "PASSED_PARTIAL" ? " (partial)" : ""}`).join(", ")}
          </p>
          {hit.fromPrice ? <p className="mb-2 text-16">{fromPriceText(hit.fromPrice)}</p> : null}
          <div className="relative mt-3 min-h-10 pl-[3.25rem]">
            <input
              id={`compare-${hit.id}`}
              form={compareFormId}
              name="ids"
              type="checkbox"
              value={hit.id}
              className="peer absolute left-0 top-0 m-0 h-10 w-10 cursor-pointer appearance-none border-2 border-text bg-white focus:border-4 focus:outline focus:outline-4 focus:outline-offset-0 focus:outline-focus"
            />
            <svg aria-hidden="true" focusable="false" viewBox="0 0 40 40" className="pointer-events-none absolute left-0 top-0 h-10 w-10 text-text opacity-0 peer-checked:opacity-100">
              <path d="M11 20.5l6 6 12-13" fill="none" stroke="currentColor" strokeWidth="4" />
            </svg>
            <label htmlFor={`compare-${hit.id}`} className="block cursor-pointer py-2 text-16">
              Select to compare<span className="sr-only">: {hit.name}</span>
            </label>
          </div>
        </li>
      ))}
    </ol>
  );
}
