import { catchFlaws, trimMark, type FlawResult } from "./catching";
import { decisionCredit, gameScoreFor, maxPointsFor, pointsFor, type PointsLine } from "./points";
import { checkRewrite, type FindRestricted, type RewriteCheck } from "./rewrite-check";
import { validateScoringInput } from "./scoring-input";
import { isOverride, type Mark, type PlantedFlaw } from "./types";
import type { Decision, Outcome } from "~/app/vocabulary";

export type { ScoringInputProblem } from "./scoring-input";
export { POINTS, GAME_SCORE_PENALTY, type PointsLine, type PointsKind } from "./points";
export type { FlawResult, FlawStatus } from "./catching";
export type { FindRestricted, RestrictedSpan, RewriteCheck } from "./rewrite-check";

export type AttemptCounts = {
  planted: number;
  /** Flaws caught by some mark, mistyped ones included (DESIGN: "caught but mistyped"). */
  caught: number;
  /** Caught, every catching mark with a type the flaw accepts. */
  correctlyTyped: number;
  /** Caught, with some catching mark of a type the flaw does not accept. */
  mistyped: number;
  missed: number;
  falseFlags: number;
  /** Marks that remain after trimming (whitespace-only marks are dropped). */
  marks: number;
};

/** The scored attempt: plain data, safe to serialise and store. */
export type AttemptScore = {
  flawed: boolean;
  flaws: FlawResult[];
  /** Trimmed marks that caught no flaw. */
  falseFlags: Mark[];
  counts: AttemptCounts;
  outcome: Outcome;
  decision: Decision;
  expected: Decision;
  decisionMatches: boolean;
  /** Why the decision earned less than full credit; null when it earned full credit. */
  decisionNote: string | null;
  /** Present only when the decision was rewrite and a non-blank rewrite was given. */
  rewriteCheck: RewriteCheck | null;
  points: number;
  maxPoints: number;
  pointsBreakdown: PointsLine[];
  /** In [0, 1]: the attempt as a game against the drill (see gameScoreFor). */
  gameScore: number;
};

export function outcomeOf({ flawed, decision }: { flawed: boolean; decision: Decision }): Outcome {
  if (flawed) return isOverride(decision) ? "hit" : "miss";
  return isOverride(decision) ? "false_alarm" : "correct_rejection";
}

function decisionNoteFor({
  outcome,
  decision,
  expected,
  rewriteCheck,
}: {
  outcome: Outcome;
  decision: Decision;
  expected: Decision;
  rewriteCheck: RewriteCheck | null;
}): string | null {
  if (outcome === "hit" && rewriteCheck?.usable === false) {
    return `Your rewrite is too short to send to a customer: it has ${rewriteCheck.length} characters, and a reply to this draft needs at least ${rewriteCheck.minLength} (half of the draft's text outside the flaws). A rewrite that cannot be sent earns no points for the decision and fixes no flaws.`;
  }
  // Only a hit has something to add: a miss or a false alarm is fully told by its outcome.
  if (outcome !== "hit" || decision === expected) return null;
  return decision === "escalate"
    ? "Escalating stopped the flawed draft, but this one could be fixed by rewriting it: escalation hands over work you could finish yourself, so it earns fewer points."
    : "Rewriting stopped the flawed draft, but this case needed escalating: some problems must be handed over, not just fixed, so it earns fewer points.";
}

/**
 * Scores one attempt (DESIGN: "An attempt and how it is scored"). Throws InputError for
 * input that cannot be scored. `findRestricted` is the library's detectors and `knownAnchors`
 * the anchors of the sections that exist, injected.
 */
export function scoreAttempt({
  draft,
  flaws,
  marks,
  decision,
  expected,
  rewrite,
  findRestricted,
  knownAnchors,
}: {
  draft: string;
  flaws: readonly PlantedFlaw[];
  marks: readonly Mark[];
  decision: Decision;
  expected: Decision;
  rewrite?: string;
  findRestricted: FindRestricted;
  knownAnchors: ReadonlySet<string>;
}): AttemptScore {
  validateScoringInput({ draft, flaws, marks, decision, expected });

  const trimmedMarks = marks.flatMap((mark) => trimMark({ draft, mark }) ?? []);
  const { flawResults, falseFlags } = catchFlaws({ marks: trimmedMarks, flaws });
  const correctlyTyped = flawResults.filter((result) => result.status === "caught").length;
  const mistyped = flawResults.filter((result) => result.status === "mistyped").length;
  const counts: AttemptCounts = {
    planted: flaws.length,
    caught: correctlyTyped + mistyped,
    correctlyTyped,
    mistyped,
    missed: flaws.length - correctlyTyped - mistyped,
    falseFlags: falseFlags.length,
    marks: trimmedMarks.length,
  };

  const flawed = flaws.length > 0;
  const outcome = outcomeOf({ flawed, decision });
  const rewriteCheck =
    decision === "rewrite" && rewrite !== undefined && rewrite.trim() !== ""
      ? checkRewrite({ draft, flaws, rewrite, findRestricted, knownAnchors })
      : null;
  const credit = decisionCredit({ outcome, decision, expected, rewriteUsable: rewriteCheck?.usable ?? true });
  const { points, breakdown } = pointsFor({
    correctlyTyped,
    mistyped,
    falseFlags: counts.falseFlags,
    outcome,
    decision,
    credit,
    rewriteCheck,
  });

  return {
    flawed,
    flaws: flawResults,
    falseFlags,
    counts,
    outcome,
    decision,
    expected,
    decisionMatches: decision === expected,
    decisionNote: decisionNoteFor({ outcome, decision, expected, rewriteCheck }),
    rewriteCheck,
    points,
    maxPoints: maxPointsFor({ planted: flaws.length }),
    pointsBreakdown: breakdown,
    gameScore: gameScoreFor({
      planted: flaws.length,
      correctlyTyped,
      mistyped,
      falseFlags: counts.falseFlags,
      credit,
      rewriteCheck,
    }),
  };
}
