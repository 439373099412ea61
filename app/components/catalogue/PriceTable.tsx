import { Table } from "~/components/nhs";
import { billingPeriodWords, formatListPrice } from "~/modules/catalogue/indicative-price";
import type { PriceView } from "~/modules/catalogue/solution-view";

const CALCULATION_WORDS: Record<string, string> = {
  SINGLE_FIXED: "A fixed price for the tier the quantity falls in",
  VOLUME: "Every unit is charged at the price of the tier the total quantity falls in",
  CUMULATIVE: "Each tier's units are charged at that tier's price",
};

export function priceLabel(price: Pick<PriceView, "unitDescription" | "billingPeriod">): string {
  return `${price.unitDescription} ${billingPeriodWords(price.billingPeriod)}`.trim();
}

/** "From £1.25 per patient per year": the first tier of a price. */
export function fromPriceText(price: { amount: string; unitDescription: string; billingPeriod: string }): string {
  return `From ${formatListPrice(price.amount)} ${priceLabel(price)}`;
}

export function PriceTable({ price, caption }: { price: PriceView; caption: string }) {
  const range = (t: PriceView["tiers"][number]) => (t.upperRange === null ? `${t.lowerRange.toLocaleString("en-GB")} or more` : `${t.lowerRange.toLocaleString("en-GB")} to ${t.upperRange.toLocaleString("en-GB")}`);
  if (price.tiers.length <= 1) {
    return (
      <p>
        <strong>{price.tiers[0] ? formatListPrice(price.tiers[0].price) : "Price on request"}</strong> {priceLabel(price)}
        {price.unitDefinition ? <span className="block text-16 text-text-secondary">{price.unitDefinition}</span> : null}
      </p>
    );
  }
  return (
    <>
      <Table
        caption={caption}
        head={[{ label: price.rangeDescription ?? "Quantity" }, { label: `Price ${priceLabel(price)}`, numeric: true }]}
        rows={price.tiers.map((t) => [range(t), formatListPrice(t.price)])}
      />
      <p className="text-16 text-text-secondary">
        {CALCULATION_WORDS[price.calculationType] ?? ""}. {price.unitDefinition ?? ""}
      </p>
    </>
  );
}
