/** Outbox topics of payment work (handlers in billing.server.ts). */
export const PAYMENTS_BILL_ORDER = "payments.bill-order";
export const PAYMENTS_END_SUBSCRIPTION = "payments.end-subscription";
export const PAYMENTS_BILL_AMENDMENT = "payments.bill-amendment";
