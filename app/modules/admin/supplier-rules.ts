/**
 * When commercial staff may switch a supplier off or on. An inactive supplier's listings leave
 * search and cannot be ordered (domain.md: only items from an active supplier can be ordered),
 * while its contracts, orders and history stay.
 */
export type SupplierStanding = {
  isActive: boolean;
  /** Contracts still running for the supplier's solutions (active, expiring or flagged for termination). */
  liveContracts: number;
  contacts: number;
};

export type SupplierStatusCheck = { ok: true } | { ok: false; reason: string };

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function checkSupplierStatusChange(supplier: SupplierStanding, active: boolean): SupplierStatusCheck {
  if (supplier.isActive === active) return { ok: false, reason: active ? "This supplier is already active." : "This supplier is already inactive." };
  if (!active) {
    // Buyers rely on a live contract's supplier for service and for renewal: the contracts end
    // first (termination notices from the flags queue, or expiry), then the supplier goes.
    if (supplier.liveContracts > 0) {
      return { ok: false, reason: `This supplier has ${plural(supplier.liveContracts, "live contract", "live contracts")}. A supplier with live contracts cannot be made inactive: end the contracts first.` };
    }
    return { ok: true };
  }
  // A call-off order names a supplier contact: a supplier buyers cannot contact cannot take orders.
  if (supplier.contacts === 0) return { ok: false, reason: "Add a supplier contact before making this supplier active: every call-off order names one." };
  return { ok: true };
}

export const LIVE_CONTRACT_STATUSES = ["ACTIVE", "EXPIRING", "FLAGGED_FOR_TERMINATION"] as const;
