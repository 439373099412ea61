/**
 * Funding source of an order item (reference/domain.md, "Call-off orders and contracts"):
 * zero cost → no funding required; a GP practice ordering → local funding only; a framework
 * with one funding type → that type; otherwise the buyer chooses central (GPIT) or local.
 */
export type FundingType = "CENTRAL" | "LOCAL";
export type OrderFundingType = FundingType | "NO_FUNDING_REQUIRED";

export type FundingRule =
  | { kind: "fixed"; fundingType: OrderFundingType; reason: string }
  | { kind: "choice"; options: FundingType[] };

export function fundingRule(input: {
  zeroCost: boolean;
  orderingOrganisationType: string;
  frameworkFundingTypes: readonly FundingType[];
}): FundingRule {
  if (input.zeroCost) return { kind: "fixed", fundingType: "NO_FUNDING_REQUIRED", reason: "This item costs nothing, so no funding is required." };
  if (input.orderingOrganisationType === "GP_PRACTICE") {
    return { kind: "fixed", fundingType: "LOCAL", reason: "GP practices fund their orders locally." };
  }
  const types = [...new Set(input.frameworkFundingTypes)];
  if (types.length === 1) {
    const only = types[0];
    return { kind: "fixed", fundingType: only, reason: `This framework allows ${fundingTypeText(only).toLowerCase()} only.` };
  }
  return { kind: "choice", options: ["CENTRAL", "LOCAL"] };
}

/** Whether a submitted funding type is allowed by the rule (a tampered form cannot pick another). */
export function fundingAllowed(rule: FundingRule, chosen: string | null | undefined): chosen is OrderFundingType {
  return rule.kind === "fixed" ? chosen === rule.fundingType : (rule.options as string[]).includes(chosen ?? "");
}

export function fundingTypeText(type: OrderFundingType): string {
  return type === "CENTRAL" ? "Central funding (GPIT)" : type === "LOCAL" ? "Local funding" : "No funding required";
}
