/**
 * Market concentration (DESIGN.md: "the market should stop being dominated by two
 * suppliers"): each supplier's share, the Herfindahl–Hirschman Index (the sum of squared
 * percentage shares, 0 to 10,000; above 2,500 is highly concentrated) and the share held by
 * the two largest suppliers. Exact: values are whole units (pence, patients), shares in basis points.
 */
export type SupplierValue = { supplier: string; value: bigint };
export type SupplierShare = SupplierValue & { shareBasisPoints: number };
export type Concentration = { shares: SupplierShare[]; hhi: number; topTwoBasisPoints: number; total: bigint };

export function concentration(values: SupplierValue[]): Concentration {
  const positive = values.filter((v) => v.value > 0n).sort((a, b) => (b.value > a.value ? 1 : b.value < a.value ? -1 : a.supplier.localeCompare(b.supplier)));
  const total = positive.reduce((sum, v) => sum + v.value, 0n);
  if (total === 0n) return { shares: [], hhi: 0, topTwoBasisPoints: 0, total };
  // Rounded half up to a basis point (0.01%).
  const basisPoints = (value: bigint) => Number((value * 20_000n + total) / (2n * total));
  const shares = positive.map((v) => ({ ...v, shareBasisPoints: basisPoints(v.value) }));
  // HHI from exact shares: sum of (100 × value / total)², rounded once.
  const sumOfSquares = positive.reduce((sum, v) => sum + v.value * v.value, 0n);
  const hhi = Number((sumOfSquares * 20_000n + total * total) / (2n * total * total));
  const topTwo = positive.slice(0, 2).reduce((sum, v) => sum + v.value, 0n);
  return { shares, hhi, topTwoBasisPoints: basisPoints(topTwo), total };
}

/** "12.34%" from basis points. */
export function percent(basisPoints: number): string {
  return `${(basisPoints / 100).toFixed(2)}%`;
}

/** How the competition authorities read an HHI. */
export function hhiBand(hhi: number): string {
  if (hhi > 2500) return "highly concentrated";
  if (hhi >= 1500) return "moderately concentrated";
  return "not concentrated";
}
