import { json, redirect } from "@remix-run/node";
import type { Params } from "@remix-run/react";
import { notFound, summaryOf } from "~/modules/orders/pages.server";
import { requireActor, type Actor } from "~/utils/auth.server";
import type { ActionOf } from "~/utils/permissions";
import { db } from "~/utils/db.server";
import { formValues } from "~/utils/forms";
import { findCompetition, type CompetitionDetail, type Outcome } from "./competitions.server";

/** What every competition page's loader and action start with (routes stay guard → parse → module → respond). */

export { notFound };

const NOT_FOUND = "There is no competition with that address for your organisation.";

/**
 * The actor (with the page's permission) and the competition, found with the organisation's
 * scope in the query: another organisation's id is a 404, as if it did not exist.
 */
export async function competitionFor(request: Request, params: Params, action: ActionOf<"competition">): Promise<{ actor: Actor; competition: CompetitionDetail }> {
  const actor = await requireActor(request, { entity: "competition", action });
  const competition = await findCompetition(db(), actor, params.competitionId ?? "", action);
  if (!competition) throw json({ message: NOT_FOUND }, { status: 404 });
  return { actor, competition };
}

/** A page that changes the competition: an awarded one goes back to its task list, which shows the award. */
export async function changeableCompetition(request: Request, params: Params, action: ActionOf<"competition"> = "edit") {
  const found = await competitionFor(request, params, action);
  if (found.competition.status !== "IN_PROGRESS" && request.method === "GET") throw redirect(`/buyer/competitions/${found.competition.id}`);
  return found;
}

/**
 * The answer to a form post: the next page when saved; the page again with the error summary
 * (answers kept) when the answers are wrong; a 400 page saying why when the change is refused
 * as a whole (locked criteria, not the lead, already awarded), and nothing saved in either case.
 */
export async function respond(outcome: Outcome | null, formData: FormData, next: string) {
  if (!outcome) throw json({ message: NOT_FOUND }, { status: 404 });
  if (outcome.ok) return redirect(next);
  if ("refused" in outcome) throw json({ message: outcome.refused }, { status: 400 });
  return json({ errors: summaryOf(outcome.errors), fieldErrors: outcome.errors, values: formValues(formData) }, { status: 400 });
}

/** "Save and come back later" goes to the competitions list; otherwise the task list (or `next`). */
export function afterSave(formData: FormData, competitionId: string, next?: string): string {
  if (formData.get("intent") === "later") return "/buyer/competitions";
  return next ?? `/buyer/competitions/${competitionId}`;
}

export const privateHeaders = { "Cache-Control": "private, no-store" };
