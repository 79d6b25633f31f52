import {
  appropriateOverrideRate,
  errorSpottingRate,
  escalationAccuracy,
  falseFlagRate,
  fixRate,
  MAX_FALSE_FLAG_RATE,
  overrideBand,
  overrideRate,
  ratio,
  signalDetection,
  unneededOverrideRate,
  type OverrideBand,
  type Rate,
} from "~/app/practice/metrics";
import { productionOverrideRate } from "~/app/practice/rates";
import type { Tally } from "~/app/practice/tally";
import { byFlawType } from "~/app/practice/types";
import type { ProductionTally } from "~/app/production/tally";
import type { BandSettings } from "~/app/settings/band-settings";
import { FLAW_TYPES, type FlawType } from "~/app/vocabulary";

/**
 * A leader's figures, built from a Tally (the insight rollups) with the one definition of each
 * metric (app/practice/rates.ts): every rate with the count behind it and, where that count is
 * small, a 95 % Wilson interval; the override-rate band under the team's settings; d′ and c with a
 * plain reading and the share of flawed drafts behind them.
 */

/** Below this many trials a rate is shown with its 95 % interval. */
export const SMALL_COUNT = 100;
const Z_95 = 1.959963984540054;

export type Interval = { low: number; high: number };

/** The Wilson score interval for `successes` of `trials` (null without trials). */
export function wilsonInterval({ successes, trials, z = Z_95 }: { successes: number; trials: number; z?: number }): Interval | null {
  if (trials <= 0) return null;
  const p = successes / trials;
  const z2 = z * z;
  const scale = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / scale;
  const half = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / scale;
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** A rate and what it is a rate of ("42 % of 118"); the interval only where the count is small. */
export type RateFigure = { rate: Rate; of: number; interval: Interval | null };

export function rateFigure(rate: Rate, of: number): RateFigure {
  const interval = rate !== null && of < SMALL_COUNT ? wilsonInterval({ successes: Math.round(rate * of), trials: of }) : null;
  return { rate, of, interval };
}

export type BandFigure = { band: OverrideBand; decisions: number; minDecisions: number; low: number; high: number };

function bandFigure({ rate, decisions, settings }: { rate: Rate; decisions: number; settings: BandSettings }): BandFigure {
  const band = overrideBand({ rate, decisions, low: settings.low, high: settings.high, minDecisions: settings.minDecisions });
  return { band, decisions, minDecisions: settings.minDecisions, low: settings.low, high: settings.high };
}

/** What bias c says, in plain words (DESIGN: c > 0 leans to accepting the AI, c < 0 to overriding it). */
export function biasReading(c: number): string {
  if (c > 0) return "leans towards accepting the AI";
  if (c < 0) return "leans towards overriding it";
  return "leans neither way";
}

export type SignalFigure = {
  dPrime: number;
  c: number;
  reading: string;
  /** The bias depends on how often drafts are flawed: the share behind this c. */
  flawedShare: RateFigure;
};

export type Figures = {
  attempts: number;
  spotting: RateFigure;
  spottingByType: Record<FlawType, RateFigure>;
  /** Shown beside error-spotting everywhere. */
  falseFlags: RateFigure;
  /** Whether the false flags are within the limit, so the spotting rate means something. */
  spottingEarned: boolean;
  override: RateFigure;
  band: BandFigure;
  appropriate: RateFigure;
  unneeded: RateFigure;
  signal: SignalFigure | null;
  fix: RateFigure;
  escalation: RateFigure;
};

const plantedOf = (tally: Tally) => FLAW_TYPES.reduce((total, type) => total + tally.plantedByType[type], 0);

export function figuresOf({ tally, settings }: { tally: Tally; settings: BandSettings }): Figures {
  const spotting = errorSpottingRate(tally);
  const falseFlags = falseFlagRate(tally);
  const override = overrideRate(tally);
  const signal = signalDetection(tally);
  return {
    attempts: tally.attempts,
    spotting: rateFigure(spotting.overall, plantedOf(tally)),
    spottingByType: byFlawType((type) => rateFigure(spotting.byType[type], tally.plantedByType[type])),
    falseFlags: rateFigure(falseFlags, tally.marks),
    spottingEarned: falseFlags === null || falseFlags <= MAX_FALSE_FLAG_RATE,
    override: rateFigure(override, tally.attempts),
    band: bandFigure({ rate: override, decisions: tally.attempts, settings }),
    appropriate: rateFigure(appropriateOverrideRate(tally), tally.flawedDrafts),
    unneeded: rateFigure(unneededOverrideRate(tally), tally.cleanDrafts),
    signal: signal
      ? { dPrime: signal.dPrime, c: signal.c, reading: biasReading(signal.c), flawedShare: rateFigure(ratio(tally.flawedDrafts, tally.attempts), tally.attempts) }
      : null,
    fix: rateFigure(fixRate(tally), tally.fixPlanted),
    escalation: rateFigure(escalationAccuracy(tally), tally.escalateExpected),
  };
}

export type ProductionFigure = { override: RateFigure; band: BandFigure };

/** The production override rate and its band, beside the drill band; null without events. */
export function productionFigure({ tally, settings }: { tally: ProductionTally; settings: BandSettings }): ProductionFigure | null {
  if (tally.suggestions === 0) return null;
  const rate = productionOverrideRate(tally);
  return { override: rateFigure(rate, tally.suggestions), band: bandFigure({ rate, decisions: tally.suggestions, settings }) };
}

export type WeakType = { flawType: FlawType; spotting: RateFigure; missed: number };

/** The flaw types with the lowest error-spotting (of those planted at all), lowest first, then most missed. */
export function weakestTypes(figures: Figures, limit = 3): WeakType[] {
  return FLAW_TYPES.flatMap((flawType): WeakType[] => {
    const spotting = figures.spottingByType[flawType];
    return spotting.rate === null ? [] : [{ flawType, spotting, missed: spotting.of - Math.round(spotting.rate * spotting.of) }];
  })
    .sort((a, b) => (a.spotting.rate ?? 0) - (b.spotting.rate ?? 0) || b.missed - a.missed)
    .slice(0, limit);
}

/** One ISO week of a weekly trend: volume, error-spotting with false flags, override rate and its band. */
export type TrendWeek = { week: string; attempts: number; spotting: RateFigure; falseFlags: RateFigure; override: RateFigure; band: OverrideBand };
