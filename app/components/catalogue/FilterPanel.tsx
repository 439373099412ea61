import { AppLink, Button, cx } from "~/components/nhs";
import type { ActiveFilter, FacetGroupView, FacetOption } from "~/modules/catalogue/search.server";

/** NHS-sized checkbox (catalogue-choices.css); keyed by its checked state so a filter removed by a link is unticked after a client-side navigation. */
function FacetCheckbox({ name, option, id }: { name: string; option: FacetOption; id: string }) {
  return (
    <div className="catalogue-choice">
      <input id={id} name={name} type="checkbox" value={option.value} defaultChecked={option.checked} />
      <label htmlFor={id}>
        {option.label} <span className="text-text-secondary">({option.count})</span>
      </label>
    </div>
  );
}

function FacetGroup({ group, expanded }: { group: FacetGroupView; expanded: boolean }) {
  const selected = group.options.filter((o) => o.checked).length;
  // Long lists start closed unless something in them is chosen or they were expanded; they open without JavaScript.
  const open = selected > 0 || expanded || group.options.length <= 6 || group.key === "capability";
  return (
    <details open={open} className="mb-4 border-b border-grey-4 pb-2">
      <summary className="cursor-pointer py-2 font-bold text-link underline focus-visible:bg-focus focus-visible:text-text focus-visible:outline-none">
        {group.legend}
        {selected > 0 ? ` (${selected} chosen)` : null}
      </summary>
      <fieldset className="m-0 mt-2 border-0 p-0">
        <legend className="sr-only">{group.legend}</legend>
        <div className={cx(group.options.length > 12 && "max-h-96 overflow-y-auto pr-2")}>
          {group.options.map((option, index) => (
            <FacetCheckbox key={`${option.value}-${option.checked}`} name={group.key} option={option} id={index === 0 ? group.key : `${group.key}-${index + 1}`} />
          ))}
        </div>
        {group.showAll ? (
          // A submit button of the GET form, so ticks not yet applied are kept, with or without JavaScript.
          <button
            type="submit"
            name="expand"
            value={group.key}
            className="mb-2 cursor-pointer border-0 bg-transparent p-0 text-16 text-link underline hover:text-link-hover focus:bg-focus focus:text-text focus:no-underline focus:shadow-[0_4px_0_0_#212b32] focus:outline-none"
          >
            {group.showAll.text}
          </button>
        ) : null}
        {group.showFewer ? (
          <p className="mb-2 text-16">
            <AppLink href={group.showFewer.href}>{group.showFewer.text}</AppLink>
          </p>
        ) : null}
      </fieldset>
    </details>
  );
}

export function FilterPanel({
  facets,
  foundationHref,
  foundationSelected,
  expanded,
}: {
  facets: FacetGroupView[];
  foundationHref: string;
  foundationSelected: boolean;
  expanded: string[];
}) {
  return (
    <div aria-labelledby="filters-heading">
      <h2 id="filters-heading" className="text-22">
        Filter results
      </h2>
      {/* Lists shown in full stay so when the form is submitted again. */}
      {expanded.map((key) => (
        <input key={key} type="hidden" name="expand" value={key} />
      ))}
      {foundationSelected ? null : (
        <p className="text-16">
          <AppLink href={foundationHref}>Show foundation solutions</AppLink>
          <span className="block text-text-secondary">They meet all six foundation capabilities: C5, C11, C12, C13, C14 and C15.</span>
        </p>
      )}
      {facets.map((group) => (
        <FacetGroup key={group.key} group={group} expanded={expanded.includes(group.key)} />
      ))}
      <Button variant="secondary">Apply filters</Button>
    </div>
  );
}

export function ActiveFilters({ filters, clearHref }: { filters: ActiveFilter[]; clearHref: string }) {
  if (filters.length === 0) return null;
  return (
    <div className="mb-6 bg-white p-4">
      <h2 className="mb-2 text-19">Active filters</h2>
      <ul className="m-0 flex list-none flex-wrap gap-2 p-0">
        {filters.map((filter) => (
          <li key={`${filter.key}-${filter.value}`}>
            <AppLink href={filter.removeHref} className="inline-block border border-text bg-grey-5 px-2 py-1 text-16 text-text no-underline hover:bg-grey-4">
              <span className="sr-only">Remove filter </span>
              {filter.label} <span aria-hidden="true">×</span>
            </AppLink>
          </li>
        ))}
      </ul>
      <p className="mb-0 mt-3 text-16">
        <AppLink href={clearHref}>Clear filters</AppLink>
      </p>
    </div>
  );
}
