import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { AppLink, Button, CardLink, NotificationBanner, Tag } from "~/components/nhs";
import { catalogueOverview } from "~/modules/catalogue/overview.server";
import { requirePermission } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

export const handle = { title: "Find, compare and buy assured IT for general practice" };

export const meta: MetaFunction = () => [
  {
    name: "description",     content: "The NHS Buying Catalogue: assured IT systems for GP practices and ICBs, compared side by side and bought under NHS frameworks.",
  },
];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, { entity: "catalogue", action: "read" });
  return json(await catalogueOverview(db()), { headers: { "Cache-Control": "private, max-age=0, must-revalidate" } });
}

export default function CatalogueHome() {
  const { solutions, suppliers, frameworks, categories, recent, foundationCount } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      {params.get("signedOut") ? <NotificationBanner title="Success" type="success">You have logged out.</NotificationBanner> : null}
      <h1>Find, compare and buy assured IT for general practice</h1>
      <p className="text-22">
        {solutions} Catalogue Solutions from {suppliers} suppliers, each assessed against NHS capabilities and standards, ready to order under{" "}
        {frameworks.filter((framework) => framework.status === "LIVE").length} live frameworks.
      </p>
      <form method="get" action="/solutions" role="search" className="mb-10 flex max-w-[40rem] flex-wrap items-end gap-3 bg-white p-4">
        <div className="min-w-[14rem] flex-1">
          <label htmlFor="home-search" className="mb-2 block font-bold">
            Search for a solution, capability or supplier
          </label>
          <input id="home-search" name="q" type="search" className="nhsuk-form-control h-10 w-full" placeholder="for example, video consultation" />
        </div>
        <Button className="mb-0">Search</Button>
      </form>

      <div className="grid gap-x-8 tablet:grid-cols-2">
        <CardLink
          href="/solutions?capability=C5&capability=C11&capability=C12&capability=C13&capability=C14&capability=C15"
          heading="Foundation solutions"
          description={<p>{foundationCount} solutions meet all six foundation capabilities a practice needs to run.</p>}
        />
        <CardLink href="/compare" heading="Compare solutions" description={<p>Put up to four solutions side by side: capabilities, standards, integrations and prices.</p>} />
      </div>

      <h2>Browse by capability</h2>
      <div className="grid gap-x-8 tablet:grid-cols-2">
        {categories
          .filter((category) => category.capabilities.length > 0)
          .map((category) => (
            <section key={category.id} aria-labelledby={`category-${category.id}`} className="mb-6">
              <h3 id={`category-${category.id}`} className="text-22">
                {category.name}
              </h3>
              <ul className="list-none p-0">
                {category.capabilities.map((capability) => (
                  <li key={capability.id} className="mb-2">
                    <AppLink href={`/solutions?capability=${capability.id}`}>
                      {capability.name} <span className="sr-only">({capability.id})</span>
                    </AppLink>{" "}
                    <span className="text-16 text-text-secondary">
                      {capability.id} · {capability._count.solutions} {capability._count.solutions === 1 ? "solution" : "solutions"}
                    </span>
                  </li>
                ))}
              </ul>
            </section>
          ))}
      </div>

      <h2>Recently published</h2>
      <ul className="list-none p-0">
        {recent.map((solution) => (
          <li key={solution.id} className="mb-6 border-b border-grey-4 pb-6">
            <h3 className="mb-1 text-22">
              <AppLink href={`/solutions/${solution.id}`}>{solution.name}</AppLink>
            </h3>
            <p className="mb-2 text-16 text-text-secondary">{solution.supplier.name}</p>
            {solution.publicationStatus === "IN_REMEDIATION" ? <Tag colour="orange">In remediation</Tag> : null}
            {solution.summary ? <p className="mb-0 mt-2">{solution.summary}</p> : null}
          </li>
        ))}
      </ul>

      <h2>Frameworks</h2>
      <ul>
        {frameworks.map((framework) => (
          <li key={framework.id}>
            {framework.shortName}
            {framework.status === "EXPIRED" ? " (expired)" : null}
          </li>
        ))}
      </ul>
    </>
  );
}
