import type { OverrideBand } from "~/app/practice/metrics";
import { byFlawType } from "~/app/practice/types";
import type { FlawType } from "~/app/vocabulary";
import type { BandFigure, Figures, ProductionFigure, RateFigure } from "./figures";
import { bandText, intervalText, rateText } from "./words";

/**
 * The figure tables' cells as they read, put into words once on the server: a page of 50 teams
 * then sends (for hydration) and renders a few short strings per cell instead of every rate, count,
 * interval bound and band setting behind them. Every figure of the tables stays: counts beside
 * rates, the 95 % interval where the count is small, the band (with "not enough data" and its
 * counts), false flags beside error-spotting, d′ and c with their reading and the flawed share.
 */

/** "42 % of 118 decisions" and, where the count is small, "95 % interval 33–51 %". */
export type RateWords = { text: string; interval?: string };
/** The band (for its badge's colour) and its words. */
export type BandWords = { band: OverrideBand; text: string };
export type ProductionWords = { band: BandWords; overridden: string };
export type SignalWords = { values: string; reading: string; flawedShare: string };

export type FigureWords = {
  attempts: number;
  override: RateWords;
  band: BandWords;
  production: ProductionWords | null;
  appropriate: RateWords;
  unneeded: RateWords;
  signal: SignalWords | null;
  /** Error-spotting in flaws, with the false flags (in marks) beside it. */
  spotting: RateWords;
  falseFlags: RateWords;
  /** Whether the false flags are within the limit, so the spotting rate means something. */
  spottingEarned: boolean;
  fix: RateWords;
  escalation: RateWords;
  /** Error-spotting without a unit, overall and per flaw type (the by-type table's cells). */
  allTypes: RateWords;
  byType: Record<FlawType, RateWords>;
};

export function rateWords(figure: RateFigure, unit?: string): RateWords {
  const interval = intervalText(figure.interval);
  const text = rateText(figure, unit);
  return interval ? { text, interval } : { text };
}

export function bandWords(band: BandFigure): BandWords {
  return { band: band.band, text: bandText(band) };
}

export function productionWords(production: ProductionFigure | null): ProductionWords | null {
  return production ? { band: bandWords(production.band), overridden: `${rateText(production.override, "suggestions")} overridden` } : null;
}

export function figureWords(figures: Figures, production: ProductionFigure | null): FigureWords {
  const { signal } = figures;
  return {
    attempts: figures.attempts,
    override: rateWords(figures.override, "decisions"),
    band: bandWords(figures.band),
    production: productionWords(production),
    appropriate: rateWords(figures.appropriate, "flawed"),
    unneeded: rateWords(figures.unneeded, "clean"),
    signal: signal ? { values: `d′ ${signal.dPrime.toFixed(2)} · c ${signal.c.toFixed(2)}`, reading: signal.reading, flawedShare: `flawed drafts: ${rateText(signal.flawedShare, "drafts")}` } : null,
    spotting: rateWords(figures.spotting, "flaws"),
    falseFlags: rateWords(figures.falseFlags, "marks"),
    spottingEarned: figures.spottingEarned,
    fix: rateWords(figures.fix, "flaws"),
    escalation: rateWords(figures.escalation, "drafts"),
    allTypes: rateWords(figures.spotting),
    byType: byFlawType((type) => rateWords(figures.spottingByType[type])),
  };
}
