import { Form, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { OrderabilityCallout } from "~/components/catalogue/OrderabilityCallout";
import { BackLink, Button, ErrorSummary, Table, type FieldError } from "~/components/nhs";
import type { RefusalView } from "~/modules/contracts/alternatives.server";
import { useCsrfToken } from "~/root";

/**
 * Why the order's Catalogue Solution can no longer be ordered, from the order pages' layout
 * route (routes/buyer.orders.$orderId.tsx), on every page template of an in-progress order.
 */
export function OrderRefusal() {
  const refusal = useOrderRefusal();
  if (!refusal) return null;
  return <OrderabilityCallout refusal={refusal} heading={`${refusal.solutionName} can no longer be ordered`} orderLinks />;
}

export function useOrderRefusal(): RefusalView | null {
  return useRouteLoaderData<{ refusal: RefusalView | null }>("routes/buyer.orders.$orderId")?.refusal ?? null;
}

export type OrderHeading = { id: string; callOffId: string; description: string; orderType?: string };

const TYPE_WORDS: Record<string, string> = { RENEWAL: "Renewal", AMENDMENT: "Amendment", REPLACEMENT: "Replacement order" };

/** The call-off id and description above every order page's heading. */
export function OrderCaption({ order }: { order: OrderHeading }) {
  const type = order.orderType ? TYPE_WORDS[order.orderType] : undefined;
  return (
    <span className="mb-2 block text-19 text-text-secondary">
      {type ? `${type} ` : null}
      {order.callOffId}: {order.description}
    </span>
  );
}

/**
 * A question page of the order: back link to the task list, error summary, caption and one
 * form with "Save and continue" and "Save and come back later".
 */
export function OrderQuestionPage({
  order,
  errors,
  children,
  encType,
  back,
  submitLabel = "Save and continue",
}: {
  order: OrderHeading;
  errors?: FieldError[];
  children: ReactNode;
  encType?: "multipart/form-data";
  back?: string;
  submitLabel?: string;
}) {
  const csrf = useCsrfToken();
  return (
    <div className="desktop:w-2/3">
      <BackLink href={back ?? `/buyer/orders/${order.id}`}>Back</BackLink>
      <ErrorSummary errors={errors ?? []} />
      <OrderCaption order={order} />
      <OrderRefusal />
      <Form method="post" noValidate encType={encType}>
        <input type="hidden" name="csrf" value={csrf} />
        {children}
        <div className="flex flex-wrap items-center gap-x-6">
          <Button preventDoubleClick>{submitLabel}</Button>
          <Button variant="secondary" name="intent" value="later">
            Save and come back later
          </Button>
        </div>
      </Form>
    </div>
  );
}

export type CostRow = { name: string; quantity: number; perPeriod: string; oneOff: string; yearly: string; total: string; fundingText: string };

/** Indicative costs per item, per year and for the whole term (the pricing module's figures). */
export function CostsTable({ costs, termMonths, totals }: { costs: CostRow[]; termMonths: number; totals: { oneOff: string; yearly: string; total: string } }) {
  return (
    <Table
      caption="Indicative costs"
      head={[{ label: "Item" }, { label: "Quantity", numeric: true }, { label: "One-off", numeric: true }, { label: "Per year", numeric: true }, { label: `Total over ${termMonths} months`, numeric: true }, { label: "Funding" }]}
      firstCellIsHeader
      rows={[
        ...costs.map((row) => [row.name, row.quantity.toLocaleString("en-GB"), row.oneOff, row.yearly, row.total, row.fundingText]),
        ["Total (indicative)", "", totals.oneOff, totals.yearly, totals.total, ""],
      ]}
    />
  );
}
