import type { AttemptSummary } from "./attempt-summary";
import { errorSpottingRate, ratio, unneededOverrideRate, type Attempts, type Rate } from "./rates";
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

/** The attempts weak flaw types are judged on: the last 30 days. */
export function weakTypeWindow({ attempts, now }: { attempts: readonly AttemptSummary[]; now: Date }): AttemptSummary[] {
  const since = now.getTime() - WEAK_FLAW_TYPES.days * DAY_MS;
  return attempts.filter((attempt) => attempt.at.getTime() > since && attempt.at.getTime() <= now.getTime());
}

/**
 * The calendar day of an instant in a time zone, as YYYY-MM-DD. Building an Intl.DateTimeFormat
 * is costly (it loads the zone's rules), so one is built per zone and reused for every instant.
 */
function calendarDayIn(timeZone: string): (at: Date) => string {
  const format = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
  return (at) => {
    const parts = format.formatToParts(at);
    const part = (type: "year" | "month" | "day") => parts.find((p) => p.type === type)?.value ?? "";
    return `${part("year")}-${part("month")}-${part("day")}`;
  };
}

function previousDay(day: string): string {
  const noon = new Date(`${day}T12:00:00Z`);
  return new Date(noon.getTime() - DAY_MS).toISOString().slice(0, 10);
}

/**
 * Consecutive calendar days (in `timeZone`) with at least one attempt, ending today, or
 * yesterday while today has none yet (the streak is still alive until today ends).
 */
export function dayStreak(attemptDates: readonly Date[], now: Date, timeZone = "UTC"): number {
  const calendarDay = calendarDayIn(timeZone);
  const days = new Set(attemptDates.filter((at) => at.getTime() <= now.getTime()).map(calendarDay));
  const today = calendarDay(now);
  let day = days.has(today) ? today : previousDay(today);
  let streak = 0;
  while (days.has(day)) {
    streak += 1;
    day = previousDay(day);
  }
  return streak;
}

/**
 * dayStreak (in UTC) from a streak kept as it stood at the latest attempt: `days` consecutive UTC
 * days ending on the day of `lastAt`, which is at or before `now`. Alive while that day is today
 * or yesterday, as dayStreak counts it.
 */
export function storedDayStreak({ lastAt, days }: { lastAt: Date; days: number }, now: Date): number {
  const calendarDay = calendarDayIn("UTC");
  const today = calendarDay(now);
  const last = calendarDay(lastAt);
  return last === today || last === previousDay(today) ? days : 0;
}
