import type { BillContractResult, PaymentsProvider } from "./index.server";

/** No payment service: the supplier invoices locally funded items outside the catalogue. */
export class OfflinePayments implements PaymentsProvider {
  readonly kind = "offline" as const;

  async billContract(): Promise<BillContractResult> {
    return { paymentState: "INVOICED_OUTSIDE_CATALOGUE", customerId: null, subscriptionId: null, invoiceId: null };
  }

  async endSubscription(): Promise<void> {
    // Nothing was subscribed here: the supplier's own invoicing stops with the contract.
  }
}
