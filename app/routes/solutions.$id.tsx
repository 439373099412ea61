import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { SolutionDetails } from "~/components/catalogue/SolutionDetails";
import { AppLink, BackLink, Button, ButtonLink } from "~/components/nhs";
import { getSolutionForBuyers } from "~/modules/catalogue/solution.server";
import { assuredAlternatives, REFUSAL_ALTERNATIVES_SHOWN } from "~/modules/contracts/alternatives.server";
import { formatNhsDate } from "~/modules/dates";
import { useCsrfToken } from "~/root";
import { requirePermission, roleOf } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { can } from "~/utils/permissions";

export const handle = { title: (data: { solution?: { name: string } } | undefined) => data?.solution?.name ?? "Catalogue Solution" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, { entity: "catalogue", action: "read" });
  const found = await getSolutionForBuyers(db(), params.id ?? "");
  if (!found) throw json({ message: "There is no Catalogue Solution with that ID." }, { status: 404 });
  if (found.kind === "withdrawn") {
    const reason = found.reason ? ` Reason: ${found.reason}` : "";
    throw json({ message: `${found.name} was withdrawn from the catalogue on ${formatNhsDate(found.withdrawnOn)}.${reason}` }, { status: 410 });
  }
  const role = roleOf(actor);
  // The orderability rule decides (its reasons are in the page's warning callout); buyers are offered assured alternatives.
  const orderable = found.solution.orderability?.orderable ?? false;
  const alternatives = orderable ? [] : (await assuredAlternatives(db(), found.solution.id)).slice(0, REFUSAL_ALTERNATIVES_SHOWN);
  const buyer = can(role, "create", "order");
  return json(
    {
      solution: found.solution,
      canOrder: buyer && orderable,
      orderLinks: buyer,
      alternatives: alternatives.map((a) => ({ id: a.id, name: a.name, supplier: a.supplier.name })),
    },
    { headers: { "Cache-Control": "private, max-age=0, must-revalidate" } },
  );
}

export default function SolutionPage() {
  const { solution, canOrder, orderLinks, alternatives } = useLoaderData<typeof loader>();
  const csrf = useCsrfToken();
  return (
    <>
      <BackLink href="/solutions">Back to search</BackLink>
      <SolutionDetails
        solution={solution}
        actions={
          <div className="mb-8 flex flex-wrap items-start gap-x-4">
            {canOrder ? <ButtonLink href={`/buyer/orders/new?solution=${encodeURIComponent(solution.id)}`}>Order this solution</ButtonLink> : null}
            {!solution.orderability?.orderable ? (
              <section aria-labelledby="alternatives-heading" className="mb-6 w-full">
                <h2 id="alternatives-heading" className="text-22">
                  Assured alternatives
                </h2>
                {alternatives.length > 0 ? (
                  <>
                    <p>These cover the same capabilities and can be ordered today.</p>
                    <ul className="nhsuk-list">
                      {alternatives.map((a) => (
                        <li key={a.id}>
                          <AppLink href={`/solutions/${encodeURIComponent(a.id)}`}>
                            {a.name} from {a.supplier}
                          </AppLink>
                          {orderLinks ? (
                            <>
                              {" · "}
                              <AppLink href={`/buyer/orders/new?solution=${encodeURIComponent(a.id)}`}>
                                Order {a.name} instead
                              </AppLink>
                            </>
                          ) : null}
                        </li>
                      ))}
                    </ul>
                  </>
                ) : (
                  <p>There is no assured alternative covering the same capabilities at the moment.</p>
                )}
              </section>
            ) : null}
            <Form method="post" action="/compare">
              <input type="hidden" name="csrf" value={csrf} />
              <input type="hidden" name="intent" value="add" />
              <input type="hidden" name="id" value={solution.id} />
              <Button variant="secondary">
                Add to compare<span className="sr-only">: {solution.name}</span>
              </Button>
            </Form>
          </div>
        }
      />
    </>
  );
}
