import type { AttemptScore } from "./scoring";
import { zeroByFlawType } from "./types";
import type { Decision, FlawType, Outcome } from "~/app/vocabulary";

/** What the metrics need to know about one attempt. */
export type AttemptSummary = {
  at: Date;
  flawed: boolean;
  outcome: Outcome;
  decision: Decision;
  expected: Decision;
  plantedByType: Record<FlawType, number>;
  /** Caught flaws by planted type, mistyped ones included (a mistyped flaw is caught). */
  caughtByType: Record<FlawType, number>;
  marks: number;
  falseFlags: number;
  /** Set only for a checked, usable rewrite of a flawed draft: the fix-rate numerator and denominator. */
  fixRemoved?: number;
  fixPlanted?: number;
};

export function summariseAttempt({ at, score }: { at: Date; score: AttemptScore }): AttemptSummary {
  const plantedByType = zeroByFlawType();
  const caughtByType = zeroByFlawType();
  for (const flaw of score.flaws) {
    plantedByType[flaw.type] += 1;
    if (flaw.status !== "missed") caughtByType[flaw.type] += 1;
  }
  // Scores stored before rewrites were judged for usability have no `usable`; they counted as usable.
  const fix =
    score.flawed && score.rewriteCheck !== null && score.rewriteCheck.usable !== false
      ? { fixRemoved: score.rewriteCheck.removed, fixPlanted: score.rewriteCheck.planted }
      : {};
  return {
    at,
    flawed: score.flawed,
    outcome: score.outcome,
    decision: score.decision,
    expected: score.expected,
    plantedByType,
    caughtByType,
    marks: score.counts.marks,
    falseFlags: score.counts.falseFlags,
    ...fix,
  };
}
