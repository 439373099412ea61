import { json, redirect } from "@remix-run/node";
import type { Params } from "@remix-run/react";
import { notFound, summaryOf } from "~/modules/orders/pages.server";
import type { Actor } from "~/utils/auth.server";
import type { ActionOf } from "~/utils/permissions";
import { db } from "~/utils/db.server";
import { formValues } from "~/utils/forms";
import { findCompetition, type CompetitionDetail, type Outcome } from "./competitions.server";

/** What every competition page's loader and action start with (routes stay guard → parse → module → respond). */

export { notFound };

const NOT_FOUND = "There is no competition with that address for your organisation.";

/**
 * The competition, found with the organisation's scope for the page's permission in the query
 * (each route has already guarded itself with `requireActor` for that permission): another
 * organisation's id is a 404, as if it did not exist.
 */
export async function competitionFor(actor: Actor, params: Params, action: ActionOf<"competition">): Promise<CompetitionDetail> {
  const competition = await findCompetition(db(), actor, params.competitionId ?? "", action);
  if (!competition) throw json({ message: NOT_FOUND }, { status: 404 });
  return competition;
}

/** A page that changes the competition: an awarded one goes back to its task list, which shows the award. */
export async function changeableCompetition(request: Request, actor: Actor, params: Params, action: ActionOf<"competition">): Promise<CompetitionDetail> {
  const competition = await competitionFor(actor, params, action);
  if (competition.status !== "IN_PROGRESS" && request.method === "GET") throw redirect(`/buyer/competitions/${competition.id}`);
  return competition;
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
