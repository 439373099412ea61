import type { Prisma } from "../../../generated/prisma/client";
import { scopedWhere } from "~/modules/access/scope.server";
import { toCsv } from "~/modules/catalogue/compare";
import { readsTrue } from "~/modules/contracts/contracts.server";
import { formatNhsDate, fromDbDate, londonToday } from "~/modules/dates";
import { callOffId } from "~/modules/orders/orders.server";
import { formatMoney, toMoney } from "~/modules/pricing/pricing";
import type { Actor } from "~/utils/auth.server";
import type { Db } from "~/utils/db.server";

/**
 * The supplier's read-only view of orders and contracts for its solutions. Only what a
 * supplier needs to deliver: the buyer organisation, the contact's name (no email or phone,
 * no patient data), dates, values, status, and why a contract is flagged for termination.
 */

const FLAG_REASONS: Record<string, string> = {
  ASSURANCE_LAPSED_REMEDIATION_FAILED: "Your assurance lapsed and the remediation plan was not met",
  SOLUTION_SUSPENDED: "The solution was suspended",
};
const STATUS_WORDS: Record<string, string> = {
  ACTIVE: "Active",
  EXPIRING: "Expiring",
  EXPIRED: "Expired",
  RENEWED: "Renewed",
  TERMINATED: "Terminated",
  FLAGGED_FOR_TERMINATION: "Flagged for termination",
};

export type SupplierContractRow = {
  id: string;
  callOffId: string;
  buyer: string;
  odsCode: string;
  contactName: string | null;
  solution: string;
  solutionId: string;
  startDate: string;
  endDate: string;
  status: string;
  statusText: string;
  /** Under a termination notice that has not taken effect yet. */
  underNotice: boolean;
  annualValue: string;
  totalValue: string;
  flagReason: string | null;
};

export async function supplierContracts(db: Db, actor: Actor, { take = 1000 }: { take?: number } = {}): Promise<SupplierContractRow[]> {
  const contracts = await db.contract.findMany({
    where: scopedWhere(actor, "contract", "read", { organisation: true, supplier: true }) as Prisma.ContractWhereInput,
    orderBy: [{ status: "asc" }, { endDate: "asc" }],
    take,
    select: {
      id: true,
      status: true,
      startDate: true,
      endDate: true,
      annualValue: true,
      totalValue: true,
      terminationReason: true,
      terminatedOn: true,
      organisation: { select: { name: true, odsCode: true } },
      solution: { select: { id: true, name: true } },
      order: { select: { callOffNumber: true, revision: true, orderingPartyContactName: true } },
      terminationFlags: { where: { status: { in: ["OPEN", "NOTICE_ISSUED"] } }, orderBy: { raisedAt: "desc" }, take: 1, select: { reason: true } },
    },
  });
  const today = londonToday();
  return contracts.map((c) => {
    // Under a termination notice: "Ends on … (termination notice)", its end date and its value to that date.
    const shown = readsTrue(c, today);
    return {
      id: c.id,
      callOffId: callOffId(c.order),
      buyer: c.organisation.name,
      odsCode: c.organisation.odsCode,
      contactName: c.order.orderingPartyContactName,
      solution: c.solution.name,
      solutionId: c.solution.id,
      startDate: formatNhsDate(fromDbDate(c.startDate)),
      status: c.status,
      endDate: shown.endDate,
      totalValue: shown.totalValue,
      statusText: shown.statusText ?? STATUS_WORDS[c.status] ?? c.status,
      underNotice: shown.statusText !== null,
      annualValue: formatMoney(toMoney(c.annualValue.toString())),
      flagReason: c.terminationFlags[0] ? FLAG_REASONS[c.terminationFlags[0].reason] ?? c.terminationFlags[0].reason : c.status === "TERMINATED" ? c.terminationReason : null,
    };
  });
}

export function supplierContractsCsv(rows: SupplierContractRow[]): string {
  return toCsv([
    ["Call-off ID", "Buyer", "ODS code", "Buyer contact", "Solution ID", "Solution", "Start date", "End date", "Status", "Annual value (indicative)", "Total value (indicative)", "Termination reason"],
    ...rows.map((r) => [r.callOffId, r.buyer, r.odsCode, r.contactName ?? "", r.solutionId, r.solution, r.startDate, r.endDate, r.statusText, r.annualValue, r.totalValue, r.flagReason ?? ""]),
  ]);
}
