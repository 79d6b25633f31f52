import type { AttemptSummary } from "./attempt-summary";
import { errorSpottingRate, falseFlagRate, ratio, unneededOverrideRate, type Attempts, type Rate } from "./rates";
import { tallyOf } from "./tally";
import { FLAW_TYPES, type FlawType } from "~/app/vocabulary";
import { MAX_FALSE_FLAG_RATE, spottingIsEarned } from "./spotting-limit";

/**
 * The metrics of DESIGN "Metrics (one definition each, used everywhere)" and "Practice that
 * sticks", over attempt summaries. Rates live in rates.ts and tiers in tiers.ts; all are
 * exported from here.
 */

export type { AttemptSummary } from "./attempt-summary";
export { summariseAttempt } from "./attempt-summary";
export { inverseNormalCdf } from "./normal";
export { MAX_FALSE_FLAG_RATE, spottingIsEarned } from "./spotting-limit";
export {
  appropriateOverrideRate,
  errorSpottingRate,
  escalationAccuracy,
  falseFlagRate,
  fixRate,
  overrideRate,
  ratio,
  signalDetection,
  unneededOverrideRate,
  type Rate,
  type SignalDetection,
} from "./rates";
export { dayStreak, storedDayStreak, type StoredStreak } from "./streak";
export {
  DEFAULT_TIER_RULES,
  TIERS,
  tierFor,
  type Tier,
  type TierRequirement,
  type TierResult,
  type TierRule,
} from "./tiers";

export type OverrideBand = "blind_acceptance_risk" | "calibrated" | "distrust" | "not_enough_data";

export const DEFAULT_BAND_THRESHOLDS = { low: 0.05, high: 0.3, minDecisions: 20 } as const;

/** Below `low`: blind-acceptance risk; above `high`: distrust (or a weak AI); the bounds themselves are calibrated. */
export function overrideBand({
  rate,
  decisions,
  low = DEFAULT_BAND_THRESHOLDS.low,
  high = DEFAULT_BAND_THRESHOLDS.high,
  minDecisions = DEFAULT_BAND_THRESHOLDS.minDecisions,
}: {
  rate: Rate;
  decisions: number;
  low?: number;
  high?: number;
  minDecisions?: number;
}): OverrideBand {
  if (rate === null || decisions < minDecisions) return "not_enough_data";
  if (rate < low) return "blind_acceptance_risk";
  if (rate > high) return "distrust";
  return "calibrated";
}

const DAY_MS = 24 * 60 * 60 * 1000;

export const PROFICIENCY = { window: 20, minErrorSpotting: 0.8, maxUnneededOverride: 0.2, maxFalseFlags: MAX_FALSE_FLAG_RATE } as const;

export type Proficiency = {
  /** Whole days (24 h) from the first attempt to the attempt that reached proficiency. */
  days: number;
  /** Attempts up to and including that one. */
  drills: number;
  reachedAt: Date;
};

/**
 * The first point at which the last 20 attempts reach error-spotting ≥ 80 % with unneeded
 * overrides ≤ 20 % and false flags ≤ 20 %; null if never. A window with no planted flaws or no clean drafts cannot
 * show either rate, so it does not count as proficient.
 */
export function timeToProficiency(attempts: readonly AttemptSummary[]): Proficiency | null {
  const ordered = [...attempts].sort((a, b) => a.at.getTime() - b.at.getTime());
  const first = ordered[0];
  if (first === undefined) return null;
  for (let end = PROFICIENCY.window; end <= ordered.length; end += 1) {
    const window = ordered.slice(end - PROFICIENCY.window, end);
    const spotting = errorSpottingRate(window).overall;
    const unneeded = unneededOverrideRate(window);
    if (spotting === null || unneeded === null) continue;
    if (spotting >= PROFICIENCY.minErrorSpotting && unneeded <= PROFICIENCY.maxUnneededOverride && spottingIsEarned(window)) {
      const reachedAt = window[window.length - 1]?.at ?? first.at;
      return { days: Math.floor((reachedAt.getTime() - first.at.getTime()) / DAY_MS), drills: end, reachedAt };
    }
  }
  return null;
}

export type WeakFlawType = { flawType: FlawType; rate: number; missed: number; planted: number };

export const WEAK_FLAW_TYPES = { days: 30, minMissed: 3, shown: 2 } as const;

/**
 * A weak flaw type: over the last 30 days, missed at least 3 times with an error-spotting rate
 * below the agent's overall rate over the same 30 days. The weakest (lowest rate; then most
 * missed) come first; only `limit` (default 2) are returned. None while the false flags of those
 * 30 days exceed the limit: marks that broad say nothing about which types the agent sees.
 */
export function weakFlawTypes({
  attempts,
  now,
  limit = WEAK_FLAW_TYPES.shown,
}: {
  attempts: readonly AttemptSummary[];
  now: Date;
  limit?: number;
}): WeakFlawType[] {
  return weakFlawTypesOf({ window: weakTypeWindow({ attempts, now }), limit });
}

/**
 * weakFlawTypes over the 30 days' attempts already picked out, or over their counts (a Tally,
 * such as whole weeks of the rollups plus the attempts at the window's edges): the rule only
 * adds the attempts' counts up.
 */
export function weakFlawTypesOf({ window, limit = WEAK_FLAW_TYPES.shown }: { window: Attempts; limit?: number }): WeakFlawType[] {
  const tally = tallyOf(window);
  const overall = errorSpottingRate(tally).overall;
  if (overall === null || !spottingIsEarned(tally)) return [];
  const weak = FLAW_TYPES.flatMap((flawType): WeakFlawType[] => {
    const planted = tally.plantedByType[flawType];
    const missed = planted - tally.caughtByType[flawType];
    const rate = ratio(planted - missed, planted);
    return rate !== null && missed >= WEAK_FLAW_TYPES.minMissed && rate < overall ? [{ flawType, rate, missed, planted }] : [];
  });
  return weak.sort((a, b) => a.rate - b.rate || b.missed - a.missed).slice(0, limit);
}

/**
 * What the weak-types card says over the 30 days' counts: the weak types; or that the marks are too
 * broad to tell (false flags over the limit); or that there is not enough yet, while no flaw type
 * has been planted the 3 times a weak type must have been missed (with the most planted of one
 * type so far, and how many more that type needs); or that none is weak.
 */
export type WeakTypesState =
  | { kind: "weak"; weak: WeakFlawType[] }
  | { kind: "marks_too_broad"; falseFlagRate: number }
  | { kind: "not_enough"; mostPlanted: { flawType: FlawType; planted: number } | null; needed: number }
  | { kind: "none_weak" };

export function weakTypesState({ window }: { window: Attempts }): WeakTypesState {
  const tally = tallyOf(window);
  const weak = weakFlawTypesOf({ window: tally });
  if (weak.length > 0) return { kind: "weak", weak };
  const falseFlags = falseFlagRate(tally);
  if (falseFlags !== null && falseFlags > MAX_FALSE_FLAG_RATE) return { kind: "marks_too_broad", falseFlagRate: falseFlags };
  const most = FLAW_TYPES.reduce<{ flawType: FlawType; planted: number } | null>((best, flawType) => {
    const planted = tally.plantedByType[flawType];
    return planted > 0 && (best === null || planted > best.planted) ? { flawType, planted } : best;
  }, null);
  const planted = most?.planted ?? 0;
  if (planted < WEAK_FLAW_TYPES.minMissed) return { kind: "not_enough", mostPlanted: most, needed: WEAK_FLAW_TYPES.minMissed - planted };
  return { kind: "none_weak" };
}

/** The attempts weak flaw types are judged on: the last 30 days. */
export function weakTypeWindow({ attempts, now }: { attempts: readonly AttemptSummary[]; now: Date }): AttemptSummary[] {
  const since = now.getTime() - WEAK_FLAW_TYPES.days * DAY_MS;
  return attempts.filter((attempt) => attempt.at.getTime() > since && attempt.at.getTime() <= now.getTime());
}
