import type { RewriteCheck } from "./rewrite-check";
import type { Decision, Outcome } from "~/app/vocabulary";

/**
 * The points scheme. Every line only ever rises with a better attempt (catch more, type it
 * right, flag less, decide as expected, write a usable rewrite, fix more, leak and invent
 * less), so points are monotonic in quality. The total is floored at 0; the floor shows up as
 * its own breakdown line so the lines always add up to the total.
 */
export const POINTS = {
  /** per planted flaw caught with the right type */
  caught: 10,
  /** per planted flaw caught with the wrong type */
  mistyped: 5,
  /** per mark that caught no flaw */
  falseFlag: -3,
  /** the decision matched the drill's expected decision (a correct rejection included) */
  expectedDecision: 10,
  /** a flawed draft stopped with the other override (escalated where a rewrite was expected, or the reverse) */
  otherOverride: 5,
  /** per planted flaw whose quote still stands in the rewrite */
  leftIn: -5,
  /** per restricted datum found in the rewrite */
  leaked: -5,
  /**
   * per citation the rewrite adds to a section that does not exist: a new fabricated citation
   * costs what a planted one left in costs
   */
  fabricatedCitation: -5,
} as const;

export type PointsKind = "caught" | "mistyped" | "false_flag" | "decision" | "left_in" | "leaked" | "fabricated_citation" | "floor";
export type PointsLine = { kind: PointsKind; label: string; count: number; points: number };

/** `unusable_rewrite`: a rewrite too short to send earns nothing, whatever the decision would have earned. */
export type DecisionCredit = "expected" | "other_override" | "unusable_rewrite" | "none";

export function decisionCredit({
  outcome,
  decision,
  expected,
  rewriteUsable,
}: {
  outcome: Outcome;
  decision: Decision;
  expected: Decision;
  rewriteUsable: boolean;
}): DecisionCredit {
  if (!rewriteUsable) return "unusable_rewrite";
  if (decision === expected) return "expected";
  return outcome === "hit" ? "other_override" : "none";
}

function plural({ count, one, many }: { count: number; one: string; many: string }) {
  return `${count} ${count === 1 ? one : many}`;
}

function decisionLabel({ outcome, credit, decision }: { outcome: Outcome; credit: DecisionCredit; decision: Decision }) {
  switch (outcome) {
    case "hit":
      if (credit === "unusable_rewrite") return "Rewrote the flawed draft, but the rewrite is too short to send";
      if (credit === "expected") return "Stopped the flawed draft with the expected decision";
      return decision === "escalate" ? "Escalated where a rewrite was expected" : "Rewrote where escalation was expected";
    case "miss":
      return "Sent a flawed draft (blind acceptance)";
    case "false_alarm":
      return "Overrode a clean draft that could have been sent (unneeded override)";
    case "correct_rejection":
      return "Sent the clean draft as is";
  }
}

export function pointsFor({
  correctlyTyped,
  mistyped,
  falseFlags,
  outcome,
  decision,
  credit,
  rewriteCheck,
}: {
  correctlyTyped: number;
  mistyped: number;
  falseFlags: number;
  outcome: Outcome;
  decision: Decision;
  credit: DecisionCredit;
  rewriteCheck: RewriteCheck | null;
}): { points: number; breakdown: PointsLine[] } {
  const lines: PointsLine[] = [];
  const add = (kind: PointsKind, count: number, each: number, label: string) => {
    if (count > 0) lines.push({ kind, label, count, points: count * each });
  };
  add("caught", correctlyTyped, POINTS.caught, `Caught ${plural({ count: correctlyTyped, one: "flaw", many: "flaws" })} with the right type (${POINTS.caught} each)`);
  add("mistyped", mistyped, POINTS.mistyped, `Caught ${plural({ count: mistyped, one: "flaw", many: "flaws" })} with the wrong type (${POINTS.mistyped} each)`);
  add("false_flag", falseFlags, POINTS.falseFlag, `${plural({ count: falseFlags, one: "mark", many: "marks" })} on text with no flaw (${POINTS.falseFlag} each)`);

  const decisionPoints = credit === "expected" ? POINTS.expectedDecision : credit === "other_override" ? POINTS.otherOverride : 0;
  lines.push({ kind: "decision", label: decisionLabel({ outcome, credit, decision }), count: 1, points: decisionPoints });

  if (rewriteCheck !== null) {
    const leftIn = rewriteCheck.leftIn.length;
    const leaked = rewriteCheck.leaked.length;
    const fabricated = rewriteCheck.fabricatedCitations.length;
    add("left_in", leftIn, POINTS.leftIn, `${plural({ count: leftIn, one: "flaw", many: "flaws" })} left in the rewrite (${POINTS.leftIn} each)`);
    add("leaked", leaked, POINTS.leaked, `${plural({ count: leaked, one: "restricted datum", many: "restricted data" })} in the rewrite (${POINTS.leaked} each)`);
    add(
      "fabricated_citation",
      fabricated,
      POINTS.fabricatedCitation,
      `${plural({ count: fabricated, one: "citation", many: "citations" })} in the rewrite to a section that does not exist (${POINTS.fabricatedCitation} each)`,
    );
  }

  const sum = lines.reduce((total, line) => total + line.points, 0);
  if (sum < 0) lines.push({ kind: "floor", label: "Points never go below 0", count: 1, points: -sum });
  return { points: Math.max(0, sum), breakdown: lines };
}

/** The most an attempt on this drill can earn: every flaw caught with its type and the expected decision. */
export function maxPointsFor({ planted }: { planted: number }): number {
  return planted * POINTS.caught + POINTS.expectedDecision;
}

/** Each false flag, leaked datum or fabricated citation added by the rewrite takes this much off the game score. */
export const GAME_SCORE_PENALTY = 0.1;

/**
 * The attempt's result as a game against the drill, in [0, 1], for the Glicko-2 update.
 *
 *   decision  = 1 for the expected decision, 0.5 for the other override on a flawed draft,
 *               0 otherwise and for a rewrite too short to send
 *   fix       = 0.5 + 0.5 × removed / planted when a rewrite of a flawed draft was checked, else 1
 *   spotting  = (caught with the right type + 0.5 × mistyped) / planted
 *   penalty   = 0.1 × (false flags + restricted data leaked in the rewrite
 *                      + citations the rewrite adds to sections that do not exist)
 *   flawed:  clamp(0.5 × decision × fix + 0.5 × spotting − penalty)
 *   clean:   clamp(decision − penalty)
 *
 * So a clean control sent with no false flags scores 1, a flawed draft sent with nothing
 * caught scores 0, and a flawed draft stopped as expected with every flaw caught, typed and
 * fixed scores 1.
 */
export function gameScoreFor({
  planted,
  correctlyTyped,
  mistyped,
  falseFlags,
  credit,
  rewriteCheck,
}: {
  planted: number;
  correctlyTyped: number;
  mistyped: number;
  falseFlags: number;
  credit: DecisionCredit;
  rewriteCheck: RewriteCheck | null;
}): number {
  const decision = credit === "expected" ? 1 : credit === "other_override" ? 0.5 : 0;
  const penalty = GAME_SCORE_PENALTY * (falseFlags + (rewriteCheck?.leaked.length ?? 0) + (rewriteCheck?.fabricatedCitations.length ?? 0));
  if (planted === 0) return clampToUnit(decision - penalty);
  const fix = rewriteCheck === null ? 1 : 0.5 + (0.5 * rewriteCheck.removed) / planted;
  const spotting = (correctlyTyped + 0.5 * mistyped) / planted;
  return clampToUnit(0.5 * decision * fix + 0.5 * spotting - penalty);
}

function clampToUnit(value: number): number {
  // Rounded so that sums of tenths do not surface as 0.30000000000000004 in feedback.
  return Math.round(Math.min(1, Math.max(0, value)) * 1e9) / 1e9;
}
