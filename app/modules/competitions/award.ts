/**
 * Who a competition is awarded to (pure): the winner, unless it cannot be ordered at all, in
 * which case the next-ranked solution that can be (every one passed over is recorded with
 * why). A solution whose assurance lapsed during the competition can still be awarded, but
 * only with a note commercial staff can see. Solutions still level after every stated
 * tie-break are the lead's choice, with a reason.
 */
import type { Orderability } from "./orderability.server";
import { reasonSchema } from "./rules";
import type { CompetitionResult } from "./scoring";

export type AwardOptions = {
  /** The solution the award goes to, when the ranking decides it. */
  target: string | null;
  /** Solutions the lead must choose between (level on every count), when the ranking does not decide. */
  choose: string[];
  /** Higher-ranked solutions passed over because they cannot be ordered, with why. */
  passedOver: { id: string; reason: string }[];
};

export function awardOptions(result: CompetitionResult, orderability: ReadonlyMap<string, Orderability>): AwardOptions {
  const passedOver: AwardOptions["passedOver"] = [];
  const ranks = [...new Set(result.rows.map((row) => row.rank))].sort((a, b) => a - b);
  for (const rank of ranks) {
    const group = result.rows.filter((row) => row.rank === rank);
    const available = group.filter((row) => {
      const answer = orderability.get(row.id);
      if (answer?.state === "unavailable") passedOver.push({ id: row.id, reason: answer.reason });
      return answer !== undefined && answer.state !== "unavailable";
    });
    if (available.length === 1) return { target: available[0].id, choose: [], passedOver };
    if (available.length > 1) return { target: null, choose: available.map((row) => row.id), passedOver };
  }
  return { target: null, choose: [], passedOver };
}

export type AwardDecision = { solutionId: string; tieReason: string | null; lapseNote: string | null };

/**
 * The lead's award form against the options: a choice and its reason when the ranking leaves
 * a tie, and the note for commercial staff when the chosen solution's assurance has lapsed.
 */
export function parseAwardDecision(
  options: AwardOptions,
  orderability: ReadonlyMap<string, Orderability>,
  values: Record<string, unknown>,
): { ok: true; decision: AwardDecision } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  let solutionId = options.target;
  let tieReason: string | null = null;
  if (!solutionId) {
    if (options.choose.length === 0) return { ok: false, errors: { solutionId: "None of the solutions in this competition can be ordered now, so it cannot be awarded" } };
    const chosen = String(values.solutionId ?? "");
    if (!options.choose.includes(chosen)) errors.solutionId = "Select which of the level solutions the competition is awarded to";
    else solutionId = chosen;
    const reason = reasonSchema("why you chose this solution").safeParse(String(values.tieReason ?? ""));
    if (reason.success) tieReason = reason.data;
    else errors.tieReason = reason.error.issues[0].message;
  }
  let lapseNote: string | null = null;
  if (solutionId && orderability.get(solutionId)?.state === "assurance-lapsed") {
    const note = reasonSchema("a note for commercial staff on why you are awarding to a solution whose assurance has lapsed").safeParse(String(values.lapseNote ?? ""));
    if (note.success) lapseNote = note.data;
    else errors.lapseNote = note.error.issues[0].message;
  }
  if (Object.keys(errors).length > 0 || !solutionId) return { ok: false, errors };
  return { ok: true, decision: { solutionId, tieReason, lapseNote } };
}
