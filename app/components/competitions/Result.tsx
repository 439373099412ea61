import { Table, Tag } from "~/components/nhs";
import type { ResultTable as ResultTableData } from "~/modules/competitions/award.server";

/** The result as a table: rank, cost, every score by the published formulas, the winner. */
export function ResultTable({ table }: { table: ResultTableData }) {
  return (
    <Table
      caption={`Scores (${table.basis.toLowerCase()}; total cost over ${table.contractMonths} months)`}
      head={[
        { label: "Rank", numeric: true },
        { label: "Solution" },
        { label: "Total cost (indicative)", numeric: true },
        { label: `Price (out of ${table.weights.price})`, numeric: true },
        ...table.weights.elements.map((e) => ({ label: `${e.name} (out of ${e.weight})`, numeric: true })),
        ...(table.weights.elements.length > 0 ? [{ label: "Non-price", numeric: true }] : []),
        { label: "Total (out of 100)", numeric: true },
      ]}
      rows={table.rows.map((row) => [
        String(row.rank),
        <>
          {row.name}
          <span className="block text-16 text-text-secondary">{row.supplier}</span>
          {row.winner ? <Tag colour="green">Winner</Tag> : null}
        </>,
        row.totalCost,
        row.priceScore,
        ...row.elements.map((e) => (
          <>
            {e.score}
            <span className="block text-16 text-text-secondary">agreed score {e.agreed}</span>
          </>
        )),
        ...(table.weights.elements.length > 0 ? [row.nonPriceScore] : []),
        <strong key="total">{row.total}</strong>,
      ])}
    />
  );
}

/** The published formulas, rounding and tie-break, as they were applied. */
export function ScoringRules({ table }: { table: ResultTableData }) {
  return (
    <section aria-labelledby="how-scored">
      <h2 id="how-scored">How the scores are worked out</h2>
      <ul>
        <li>{table.rules.price}. Total cost is the indicative cost over the contract length at the negotiated prices and quantities, as on a call-off order.</li>
        {table.weights.elements.length > 0 ? (
          <>
            <li>{table.rules.element}.</li>
            <li>{table.rules.agreed}</li>
            <li>{table.rules.nonPrice}.</li>
          </>
        ) : null}
        <li>{table.rules.rounding}</li>
        <li>{table.rules.tieBreak}</li>
      </ul>
    </section>
  );
}
