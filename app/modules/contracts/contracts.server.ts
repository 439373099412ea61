import { scopedById, scopedWhere } from "~/modules/access/scope.server";
import type { Actor } from "~/utils/auth.server";
import type { Db } from "~/utils/db.server";

const contractFields = { organisation: true, supplier: true } as const;
const contractSummary = {
  supplier: { select: { name: true } },
  solution: { select: { id: true, name: true } },
  organisation: { select: { name: true, odsCode: true } },
} as const;

export async function listContracts(db: Db, actor: Actor, { take = 100 }: { take?: number } = {}) {
  return db.contract.findMany({
    where: scopedWhere(actor, "contract", "read", contractFields),
    orderBy: { endDate: "asc" },
    take,
    include: contractSummary,
  });
}

export async function getContract(db: Db, actor: Actor, id: string) {
  return db.contract.findFirst({ where: scopedById(actor, "contract", "read", contractFields, id), include: contractSummary });
}
