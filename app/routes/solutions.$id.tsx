import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { SolutionDetails } from "~/components/catalogue/SolutionDetails";
import { BackLink, Button, ButtonLink, InsetText } from "~/components/nhs";
import { getSolutionForBuyers } from "~/modules/catalogue/solution.server";
import { formatNhsDate } from "~/modules/dates";
import { expiredFrameworksReason } from "~/modules/orders/orders.server";
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
  const mayOrder = can(role, "create", "order") && found.solution.publicationStatus !== "SUSPENDED";
  // Expiring a framework stops new orders (issue 6): say so where the order button would be.
  const frameworks = found.solution.frameworks;
  const expired = frameworks.length > 0 && frameworks.every((f) => f.expired) ? expiredFrameworksReason(found.solution.name, frameworks.map((f) => f.name)) : null;
  return json(
    { solution: found.solution, canOrder: mayOrder && !expired, expiredReason: mayOrder ? expired : null },
    { headers: { "Cache-Control": "private, max-age=0, must-revalidate" } },
  );
}

export default function SolutionPage() {
  const { solution, canOrder, expiredReason } = useLoaderData<typeof loader>();
  const csrf = useCsrfToken();
  return (
    <>
      <BackLink href="/solutions">Back to search</BackLink>
      <SolutionDetails
        solution={solution}
        actions={
          <div className="mb-8 flex flex-wrap items-start gap-x-4">
            {canOrder ? <ButtonLink href={`/buyer/orders/new?solution=${encodeURIComponent(solution.id)}`}>Order this solution</ButtonLink> : null}
            {expiredReason ? (
              <InsetText>
                <p>{expiredReason}</p>
              </InsetText>
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
