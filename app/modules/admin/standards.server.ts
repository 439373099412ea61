/**
 * Standards management: which standards are overarching (every solution must meet them),
 * which expire on a cycle and how long before expiry the warning window opens (the daily
 * scan reads warningWindowDays per standard), and which are safety- or security-critical
 * (a lapse may then be met by suspension straight away). Audited.
 */
import { z } from "zod";
import { ActionRefused, assertCan } from "~/modules/admin/guard.server";
import { recordAudit } from "~/modules/audit/audit.server";
import type { Actor } from "~/utils/auth.server";
import type { Db, DbClient } from "~/utils/db.server";

export async function listStandards(db: DbClient, actor: Actor) {
  assertCan(actor, "standard", "manage");
  return db.standard.findMany({
    orderBy: [{ kind: "asc" }, { id: "asc" }],
    select: { id: true, name: true, kind: true, isOverarching: true, expiresOnCycle: true, cycleMonths: true, annualDeadline: true, warningWindowDays: true, safetyCritical: true, status: true },
  });
}

const yes = z.preprocess((v) => v === "yes", z.boolean());

export const standardSchema = z
  .object({
    isOverarching: yes,
    expiresOnCycle: yes,
    safetyCritical: yes,
    cycleMonths: z.string().trim().optional(),
    warningWindowDays: z
      .string({ error: "Enter the warning window in days" })
      .trim()
      .regex(/^\d{1,3}$/, "Enter the warning window as a whole number of days, like 60")
      .transform(Number)
      .refine((n) => n >= 7 && n <= 365, "The warning window must be between 7 and 365 days"),
  })
  .transform((value, ctx) => {
    let cycleMonths: number | null = null;
    if (value.expiresOnCycle) {
      if (!value.cycleMonths || !/^\d{1,2}$/.test(value.cycleMonths) || Number(value.cycleMonths) < 1 || Number(value.cycleMonths) > 60) {
        ctx.addIssue({ code: "custom", path: ["cycleMonths"], message: "Enter how often it must be renewed, in months from 1 to 60" });
        return z.NEVER;
      }
      cycleMonths = Number(value.cycleMonths);
    }
    return { isOverarching: value.isOverarching, expiresOnCycle: value.expiresOnCycle, safetyCritical: value.safetyCritical, cycleMonths, warningWindowDays: value.warningWindowDays };
  });

export type StandardInput = z.infer<typeof standardSchema>;

export async function updateStandard(db: Db, actor: Actor, id: string, input: StandardInput) {
  assertCan(actor, "standard", "manage");
  return db.$transaction(async (tx) => {
    const before = await tx.standard.findUnique({ where: { id } });
    if (!before) throw new ActionRefused("This standard no longer exists.");
    const after = await tx.standard.update({ where: { id }, data: { ...input, annualDeadline: input.expiresOnCycle ? before.annualDeadline : null } });
    const pick = (s: typeof before) => ({
      isOverarching: s.isOverarching,
      expiresOnCycle: s.expiresOnCycle,
      cycleMonths: s.cycleMonths,
      warningWindowDays: s.warningWindowDays,
      safetyCritical: s.safetyCritical,
    });
    await recordAudit(tx, { actor, action: "standard.update", objectType: "Standard", objectId: id, before: pick(before), after: pick(after) });
    return after;
  });
}
