import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { CompareTable } from "~/components/catalogue/CompareTable";
import { AppLink, Button, ButtonLink, ErrorSummary } from "~/components/nhs";
import { MAX_COMPARE, buildComparison, parseCompareParams } from "~/modules/catalogue/compare";
import { addToBasket, readBasket, writeBasket } from "~/modules/catalogue/compare-basket.server";
import { getSolutionsForBuyers } from "~/modules/catalogue/solution.server";
import { londonToday } from "~/modules/dates";
import { requirePermission } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

export const handle = { title: "Compare Catalogue Solutions" };

const compareHref = (ids: string[], extra: Record<string, string> = {}) => {
  const params = new URLSearchParams(ids.length ? { ids: ids.join(","), ...extra } : extra);
  const text = params.toString();
  return text ? `/compare?${text}` : "/compare";
};

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, { entity: "catalogue", action: "read" });
  const url = new URL(request.url);
  const parsed = parseCompareParams(url.searchParams);
  if (!parsed.ok) {
    return json({ errors: [{ fieldId: parsed.fieldId, message: parsed.message }], comparison: null }, { status: 400 });
  }
  const { ids, listSize, differences } = parsed.data;
  if (ids.length === 0) {
    const basket = await readBasket(request);
    if (basket.length > 0 && !url.searchParams.has("ids")) throw redirect(compareHref(basket));
  }
  const today = londonToday();
  const solutions = await getSolutionsForBuyers(db(), ids, today);
  const sections = buildComparison(solutions, { listSize, today });
  const missing = ids.filter((id) => !solutions.some((s) => s.id === id));
  return json(
    {
      errors: [] as { fieldId: string; message: string }[],
      comparison: {
        ids: solutions.map((s) => s.id),
        missing,
        listSize,
        differences,
        solutions: solutions.map((s) => ({ id: s.id, name: s.name })),
        sections,
        csvHref: `/compare.csv?${new URLSearchParams({ ids: solutions.map((s) => s.id).join(","), listSize: String(listSize) })}`,
      },
    },
    // The basket follows what is on screen, so "Add to compare" elsewhere adds to this.
    { headers: { "Set-Cookie": await writeBasket(solutions.map((s) => s.id)), "Cache-Control": "private, no-store" } },
  );
}

/** "Add to compare" from a solution page (works without JavaScript). */
export async function action({ request }: ActionFunctionArgs) {
  await requirePermission(request, { entity: "catalogue", action: "read" });
  const form = await request.formData();
  const id = String(form.get("id") ?? "");
  const basket = await readBasket(request);
  if (form.get("intent") !== "add" || !/^[A-Za-z0-9-]{1,40}$/.test(id)) {
    throw json({ message: "Choose a Catalogue Solution to add to the comparison." }, { status: 400 });
  }
  const ids = addToBasket(basket, id);
  return redirect(compareHref(ids), { headers: { "Set-Cookie": await writeBasket(ids) } });
}

export default function Compare() {
  const { errors, comparison } = useLoaderData<typeof loader>();
  return (
    <>
      <ErrorSummary errors={errors} />
      <h1>Compare Catalogue Solutions</h1>
      {!comparison || comparison.solutions.length === 0 ? (
        <>
          <p>Choose up to {MAX_COMPARE} solutions to compare their capabilities, standards, integrations, hosting and prices side by side.</p>
          <p>
            <AppLink href="/solutions">Find solutions to compare</AppLink>, tick them in the results and select “Compare selected solutions”, or use “Add to compare” on a solution’s page.
          </p>
        </>
      ) : (
        <>
          {comparison.missing.length > 0 ? <p>Some solutions you chose are no longer in the catalogue: {comparison.missing.join(", ")}.</p> : null}
          <p>
            This page’s address can be shared: it opens the same comparison. Prices are indicative list prices excluding VAT, normalised to one practice list size.
          </p>
          <Form method="get" action="/compare" className="mb-6 flex flex-wrap items-end gap-4 bg-white p-4">
            <input type="hidden" name="ids" value={comparison.ids.join(",")} />
            <div>
              <label htmlFor="listSize" className="mb-1 block font-bold">
                Practice list size (patients)
              </label>
              <input id="listSize" name="listSize" inputMode="numeric" defaultValue={String(comparison.listSize)} className="nhsuk-form-control h-10 w-40" />
            </div>
            <div className="relative min-h-10 pl-[3.25rem]">
              <input
                id="differences"
                name="differences"
                type="checkbox"
                value="1"
                defaultChecked={comparison.differences}
                className="peer absolute left-0 top-0 m-0 h-10 w-10 cursor-pointer appearance-none border-2 border-text bg-white focus:border-4 focus:outline focus:outline-4 focus:outline-focus"
              />
              <svg aria-hidden="true" focusable="false" viewBox="0 0 40 40" className="pointer-events-none absolute left-0 top-0 h-10 w-10 text-text opacity-0 peer-checked:opacity-100">
                <path d="M11 20.5l6 6 12-13" fill="none" stroke="currentColor" strokeWidth="4" />
              </svg>
              <label htmlFor="differences" className="block cursor-pointer py-2">
                Show only rows that differ
              </label>
            </div>
            <Button variant="secondary" className="mb-0">
              Update comparison
            </Button>
          </Form>
          <CompareTable
            solutions={comparison.solutions}
            sections={comparison.sections}
            onlyDifferences={comparison.differences}
            removeHref={(id) => compareHref(comparison.ids.filter((other) => other !== id), { listSize: String(comparison.listSize) })}
          />
          <ButtonLink href={comparison.csvHref} reloadDocument variant="secondary" download>
            Download this comparison (CSV)
          </ButtonLink>
        </>
      )}
    </>
  );
}
