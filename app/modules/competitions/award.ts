/**
 * Who a competition is awarded to (pure): the winner, unless it cannot be ordered today, in
 * which case the next-ranked solution that can be (every one passed over is recorded with the
 * orderability rule's reason). The award creates a call-off order and nothing unassured can be
 * ordered, so a solution whose assurance lapsed during the competition is passed over like one
 * that cannot be ordered at all; when the award passes over a higher-ranked solution for that
 * reason, the lead must write a note commercial staff see. Solutions still level after every
 * stated tie-break are the lead's choice, with a reason.
 */
import type { Orderability } from "./orderability.server";
import { reasonSchema } from "./rules";
import type { CompetitionResult } from "./scoring";

export type PassedOver = {
  id: string;
  /** The orderability rule's refusal. */
  reason: string;
  /** Refused because its (or its supplier's) assurance is not in place: the award needs a note for commercial staff. */
  assuranceLapsed: boolean;
};

export type AwardOptions = {
  /** The solution the award goes to, when the ranking decides it. */
  target: string | null;
  /** Solutions the lead must choose between (level on every count), when the ranking does not decide. */
  choose: string[];
  /** Higher-ranked (or level) solutions passed over because they cannot be ordered today, with why. */
  passedOver: PassedOver[];
};

export function awardOptions(result: CompetitionResult, orderability: ReadonlyMap<string, Orderability>): AwardOptions {
  const passedOver: PassedOver[] = [];
  const ranks = [...new Set(result.rows.map((row) => row.rank))].sort((a, b) => a - b);
  for (const rank of ranks) {
    const group = result.rows.filter((row) => row.rank === rank);
    const available = group.filter((row) => {
      const answer = orderability.get(row.id) ?? { state: "unavailable", reason: "It could not be checked whether this solution can be ordered." };
      if (answer.state !== "orderable") passedOver.push({ id: row.id, reason: answer.reason, assuranceLapsed: answer.state === "assurance-lapsed" });
      return answer.state === "orderable";
    });
    if (available.length === 1) return { target: available[0].id, choose: [], passedOver };
    if (available.length > 1) return { target: null, choose: available.map((row) => row.id), passedOver };
  }
  return { target: null, choose: [], passedOver };
}

/** The solutions the award passes over because their assurance lapsed during the competition: each one needs the note for commercial staff. */
export const passedOverForLapse = (options: Pick<AwardOptions, "passedOver">) => options.passedOver.filter((p) => p.assuranceLapsed);

export type AwardDecision = { solutionId: string; tieReason: string | null; lapseNote: string | null };

export const LAPSE_NOTE_LABEL = "a note for commercial staff on the award passing over a solution whose assurance lapsed";

/**
 * The lead's award form against the options: a choice and its reason when the ranking leaves
 * a tie, and the note for commercial staff when the award passes over a solution whose
 * assurance lapsed during the competition.
 */
export function parseAwardDecision(options: AwardOptions, values: Record<string, unknown>): { ok: true; decision: AwardDecision } | { ok: false; errors: Record<string, string> } {
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
  if (passedOverForLapse(options).length > 0) {
    const note = reasonSchema(LAPSE_NOTE_LABEL).safeParse(String(values.lapseNote ?? ""));
    if (note.success) lapseNote = note.data;
    else errors.lapseNote = note.error.issues[0].message;
  }
  if (Object.keys(errors).length > 0 || !solutionId) return { ok: false, errors };
  return { ok: true, decision: { solutionId, tieReason, lapseNote } };
}
