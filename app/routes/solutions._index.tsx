import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData, useSubmit } from "@remix-run/react";
import { useEffect, useRef, type FormEvent } from "react";
import { ActiveFilters, FilterPanel } from "~/components/catalogue/FilterPanel";
import { ResultsList, catalogueStyles } from "~/components/catalogue/ResultsList";
import { AppLink, Button, Pagination } from "~/components/nhs";
import { searchCataloguePage } from "~/modules/catalogue/search.server";
import { SEARCH_PATH, searchHref, toSearchParams } from "~/services/search/query-url";
import { requirePermission, roleOf } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { can } from "~/utils/permissions";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: catalogueStyles }];

export const handle = {
  title: (data: { page?: { query: { q: string }; total: number } } | undefined) =>
    data?.page?.query.q ? `${data.page.total} results for “${data.page.query.q}” – Find Catalogue Solutions` : "Find Catalogue Solutions",
};

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const actor = await requirePermission(request, { entity: "catalogue", action: "read" });
  const result = await searchCataloguePage(db(), url.searchParams);
  if (!result.ok) {
    throw json({ message: result.problems.map((p) => `${p.message}.`).join(" ") }, { status: 400 });
  }
  return json(
    { page: result.page, canSaveShortlist: can(roleOf(actor), "create", "shortlist") },
    { headers: { "Cache-Control": "private, max-age=0, must-revalidate" } },
  );
}

const SORT_OPTIONS = [
  { value: "relevance", label: "Relevance" },
  { value: "name", label: "Name (A to Z)" },
  { value: "price", label: "Lowest indicative price" },
];

const LIVE_DELAY_MS = 350;

export default function FindSolutions() {
  const { page, canSaveShortlist } = useLoaderData<typeof loader>();
  const { query } = page;
  const submit = useSubmit();
  const formRef = useRef<HTMLFormElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(timer.current), []);

  // With JavaScript, results follow the typing and ticking; the GET form is the path without it.
  const liveUpdate = (event: FormEvent<HTMLFormElement>) => {
    const target = event.target as HTMLInputElement | HTMLSelectElement;
    if (target.form !== formRef.current) return;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => submit(formRef.current, { replace: true, preventScrollReset: true }), target.type === "search" ? LIVE_DELAY_MS : 0);
  };

  const savedSearch = toSearchParams(query, { includePage: false }).toString();
  const clearHref = searchHref(SEARCH_PATH, query, { capability: [], epic: [], framework: [], standard: [], integration: [], hosting: [], applicationType: [], supplier: [], provisioning: [], assurance: ["assured"] });

  return (
    <>
      <h1>Find Catalogue Solutions</h1>
      <Form id="search-form" ref={formRef} method="get" action={SEARCH_PATH} onChange={liveUpdate}>
        <div role="search" className="mb-8 flex max-w-[40rem] flex-wrap items-end gap-3 bg-white p-4">
          <div className="min-w-[14rem] flex-1">
            <label htmlFor="q" className="mb-2 block font-bold">
              Search by solution, supplier, capability or integration
            </label>
            <input id="q" name="q" type="search" defaultValue={query.q} maxLength={200} className="nhsuk-form-control h-10 w-full" autoComplete="off" />
          </div>
          <Button className="mb-0">Search</Button>
        </div>

        <div className="grid gap-8 desktop:grid-cols-[18rem_1fr]">
          <FilterPanel facets={page.facets} foundationHref={page.foundationHref} foundationSelected={page.foundationSelected} expanded={page.expanded} />

          <div>
            <ActiveFilters filters={page.activeFilters} clearHref={clearHref} />
            <div className="mb-4 flex flex-wrap items-end justify-between gap-4">
              <p role="status" aria-live="polite" className="mb-0 text-22 font-bold">
                {page.total === 1 ? "1 solution found" : `${page.total.toLocaleString("en-GB")} solutions found`}
              </p>
              <div className="flex items-end gap-2">
                <div>
                  <label htmlFor="sort" className="mb-1 block text-16 font-bold">
                    Sort by
                  </label>
                  <select id="sort" name="sort" defaultValue={query.sort} key={query.sort} className="nhsuk-form-control h-10">
                    {SORT_OPTIONS.map((option) => (
                      <option key={option.value} value={option.value}>
                        {option.label}
                      </option>
                    ))}
                  </select>
                </div>
                <Button variant="secondary" className="mb-0">
                  Sort
                </Button>
              </div>
            </div>
            {canSaveShortlist ? (
              <p className="text-16">
                <AppLink href={`/buyer/shortlists/new${savedSearch ? `?${savedSearch}` : ""}`}>Save this search as a shortlist</AppLink>
              </p>
            ) : null}

            {page.total === 0 ? (
              <div className="bg-white p-4">
                <h2 className="text-22">No solutions match your search</h2>
                <p>You could:</p>
                <ul className="nhsuk-list nhsuk-list--bullet">
                  {query.q ? <li>check the spelling, or use fewer or more general words</li> : null}
                  {page.activeFilters.length > 0 ? (
                    <li>
                      remove a filter, or <AppLink href={clearHref}>clear all filters</AppLink>
                    </li>
                  ) : null}
                  {query.assurance.length === 1 ? (
                    <li>
                      <AppLink href={searchHref(SEARCH_PATH, query, { assurance: ["assured", "lapsed", "in-remediation"] })}>include solutions whose assurance has lapsed or is in remediation</AppLink>
                    </li>
                  ) : null}
                  <li>
                    <AppLink href={SEARCH_PATH}>browse every Catalogue Solution</AppLink>
                  </li>
                </ul>
              </div>
            ) : (
              <>
                <ResultsList hits={page.hits} compareFormId="compare-form" />
                <Button variant="secondary" form="compare-form">
                  Compare selected solutions
                </Button>
                <p className="text-16 text-text-secondary">Tick up to 4 solutions to compare them side by side.</p>
              </>
            )}
            <Pagination currentPage={page.page} totalPages={page.totalPages} href={(n) => searchHref(SEARCH_PATH, query, { page: n })} />
          </div>
        </div>
      </Form>
      {/* Outside the search form: the result checkboxes join it through their form attribute. */}
      <form id="compare-form" method="get" action="/compare" />
    </>
  );
}
