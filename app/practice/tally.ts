import type { AttemptSummary } from "./attempt-summary";
import { byFlawType, zeroByFlawType } from "./types";
import type { FlawType } from "~/app/vocabulary";

/**
 * The counts every metric is computed from. A list of attempt summaries tallies into one, and so
 * do the insight rollups, so an agent's progress page and a leader's team table use the same
 * definitions (rates.ts) over the same counts.
 */
export type Tally = {
  attempts: number;
  flawedDrafts: number;
  cleanDrafts: number;
  hits: number;
  misses: number;
  falseAlarms: number;
  correctRejections: number;
  marks: number;
  falseFlags: number;
  /** Drafts whose expected decision is escalate, and those of them the agent escalated. */
  escalateExpected: number;
  escalatedWhenExpected: number;
  /** Usable rewrites of flawed drafts: their planted flaws and the flaws they removed (the fix rate). */
  fixPlanted: number;
  flawsRemoved: number;
  plantedByType: Record<FlawType, number>;
  caughtByType: Record<FlawType, number>;
};

export function emptyTally(): Tally {
  return {
    attempts: 0,
    flawedDrafts: 0,
    cleanDrafts: 0,
    hits: 0,
    misses: 0,
    falseAlarms: 0,
    correctRejections: 0,
    marks: 0,
    falseFlags: 0,
    escalateExpected: 0,
    escalatedWhenExpected: 0,
    fixPlanted: 0,
    flawsRemoved: 0,
    plantedByType: zeroByFlawType(),
    caughtByType: zeroByFlawType(),
  };
}

export function addTallies(a: Tally, b: Tally): Tally {
  return {
    attempts: a.attempts + b.attempts,
    flawedDrafts: a.flawedDrafts + b.flawedDrafts,
    cleanDrafts: a.cleanDrafts + b.cleanDrafts,
    hits: a.hits + b.hits,
    misses: a.misses + b.misses,
    falseAlarms: a.falseAlarms + b.falseAlarms,
    correctRejections: a.correctRejections + b.correctRejections,
    marks: a.marks + b.marks,
    falseFlags: a.falseFlags + b.falseFlags,
    escalateExpected: a.escalateExpected + b.escalateExpected,
    escalatedWhenExpected: a.escalatedWhenExpected + b.escalatedWhenExpected,
    fixPlanted: a.fixPlanted + b.fixPlanted,
    flawsRemoved: a.flawsRemoved + b.flawsRemoved,
    plantedByType: byFlawType((type) => a.plantedByType[type] + b.plantedByType[type]),
    caughtByType: byFlawType((type) => a.caughtByType[type] + b.caughtByType[type]),
  };
}

/** One attempt's counts. */
export function tallyOfAttempt(attempt: AttemptSummary): Tally {
  const escalateExpected = attempt.expected === "escalate";
  const fixes = attempt.flawed && attempt.decision === "rewrite" && attempt.fixPlanted !== undefined;
  return {
    attempts: 1,
    flawedDrafts: attempt.flawed ? 1 : 0,
    cleanDrafts: attempt.flawed ? 0 : 1,
    hits: attempt.outcome === "hit" ? 1 : 0,
    misses: attempt.outcome === "miss" ? 1 : 0,
    falseAlarms: attempt.outcome === "false_alarm" ? 1 : 0,
    correctRejections: attempt.outcome === "correct_rejection" ? 1 : 0,
    marks: attempt.marks,
    falseFlags: attempt.falseFlags,
    escalateExpected: escalateExpected ? 1 : 0,
    escalatedWhenExpected: escalateExpected && attempt.decision === "escalate" ? 1 : 0,
    fixPlanted: fixes ? (attempt.fixPlanted ?? 0) : 0,
    flawsRemoved: fixes ? (attempt.fixRemoved ?? 0) : 0,
    plantedByType: { ...attempt.plantedByType },
    caughtByType: { ...attempt.caughtByType },
  };
}

/** The counts of many attempts, or a tally already made (from rollups). */
export function tallyOf(input: readonly AttemptSummary[] | Tally): Tally {
  if (!isSummaries(input)) return input;
  return input.reduce<Tally>((total, attempt) => addTallies(total, tallyOfAttempt(attempt)), emptyTally());
}

function isSummaries(input: readonly AttemptSummary[] | Tally): input is readonly AttemptSummary[] {
  return Array.isArray(input);
}

/** Overrides are rewrites and escalations: on a flawed draft a hit, on a clean one a false alarm. */
export function overrides(tally: Tally): number {
  return tally.hits + tally.falseAlarms;
}
