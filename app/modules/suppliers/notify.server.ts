import type { DbClient } from "~/utils/db.server";
import { appUrl } from "~/utils/env.server";

/** An absolute link for emails: the one `appUrl` (APP_URL, required in production). */
export const siteUrl = appUrl;

/**
 * Who hears about a supplier's listings and assurance: its active users, or its primary
 * contact when nobody from the supplier has an account yet.
 */
export async function supplierEmailAddresses(tx: DbClient, supplierId: number): Promise<string[]> {
  const users = await tx.user.findMany({
    where: { isActive: true, organisation: { supplierId }, role: { in: ["SUPPLIER", "SUPPLIER_ACCOUNT_MANAGER"] } },
    select: { email: true },
    orderBy: { email: "asc" },
  });
  if (users.length > 0) return users.map((u) => u.email);
  const contact = await tx.supplierContact.findFirst({ where: { supplierId }, orderBy: [{ isPrimary: "desc" }, { createdAt: "asc" }] });
  return contact ? [contact.email] : [];
}
