import { SummaryList } from "~/components/nhs";
import { CostsTable, type CostRow } from "./OrderPage";

export type OrderAnswersData = {
  rows: { key: string; value: string[]; path: string }[];
  items: { id: string; name: string; kind: string; rows: { key: string; value: string[] }[] }[];
  costs: { termMonths: number; rows: CostRow[]; totals: { oneOff: string; yearly: string; total: string } };
};

const lines = (value: string[]) => value.map((line, i) => <span key={i} className="block">{line}</span>);

/**
 * "Check your answers" for an order, with indicative costs. With `changeHref`, each answer has
 * a Change link that comes back to the review after saving; without it the answers are read-only.
 */
export function OrderAnswers({ answers, changeHref }: { answers: OrderAnswersData; changeHref?: (path: string) => string }) {
  return (
    <>
      <h2>Order details</h2>
      <SummaryList
        rows={answers.rows.map((row) => ({
          key: row.key,
          value: lines(row.value),
          action: changeHref ? { href: changeHref(row.path), label: "Change", visuallyHiddenText: row.key.toLowerCase() } : undefined,
        }))}
      />
      {answers.items.map((item) => (
        <section key={item.id} aria-label={item.name}>
          <h2>{item.name}</h2>
          <SummaryList
            rows={item.rows.map((row, index) => ({
              key: row.key,
              value: lines(row.value),
              action: changeHref && index > 0 ? { href: changeHref(`items/${item.id}`), label: "Change", visuallyHiddenText: `${row.key.toLowerCase()} of ${item.name}` } : undefined,
            }))}
          />
        </section>
      ))}
      <CostsTable costs={answers.costs.rows} termMonths={answers.costs.termMonths} totals={answers.costs.totals} />
      <p className="text-16 text-text-secondary">
        Costs are indicative: one-off costs plus the monthly cost over the maximum term, from the agreed prices and quantities. The supplier&apos;s invoices are final.
      </p>
    </>
  );
}
