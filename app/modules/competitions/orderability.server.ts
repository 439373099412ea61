import { refusalText, refusedForAssurance, solutionsOrderability } from "~/modules/assurance/orderability.server";
import type { DateOnly } from "~/modules/dates";
import type { DbClient } from "~/utils/db.server";

/**
 * Whether each solution of a competition can be ordered today on the competition's framework:
 * the one orderability rule (app/modules/assurance/orderability.ts, issue 10), asked for all of
 * them at once under the competition's framework, with its verdict sorted into what a
 * competition needs to tell apart. Nothing here decides orderability itself.
 *
 * - orderable: can be included, win and be awarded;
 * - assurance-lapsed: refused because its or its supplier's assurance is not in place (lapsed,
 *   in remediation, remediation failed or withdrawn). It cannot be included in a new
 *   competition, nor awarded (the award creates an order, and nothing unassured can be
 *   ordered); when it lapsed during a competition and the award passes over it, the lead
 *   writes a note commercial staff see;
 * - unavailable: refused for any other reason (not published, suspended, supplier inactive,
 *   no price, not on the framework or the framework not live).
 *
 * `reason` is the rule's own refusal text.
 */
export type Orderability = { state: "orderable" } | { state: "assurance-lapsed"; reason: string } | { state: "unavailable"; reason: string };

export async function competitionOrderability(db: DbClient, solutionIds: readonly string[], frameworkId: string, today: DateOnly): Promise<Map<string, Orderability>> {
  const verdicts = await solutionsOrderability(db, solutionIds, { today, frameworkId });
  return new Map(
    [...verdicts].map(([id, verdict]): [string, Orderability] => {
      if (verdict.orderable) return [id, { state: "orderable" }];
      return [id, { state: refusedForAssurance(verdict) ? "assurance-lapsed" : "unavailable", reason: refusalText(verdict) }];
    }),
  );
}
