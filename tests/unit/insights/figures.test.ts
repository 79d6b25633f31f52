import { describe, expect, it } from "vitest";
import { biasReading, figuresOf, productionFigure, rateFigure, SMALL_COUNT, weakestTypes, wilsonInterval } from "~/app/insights/figures";
import { bandText, rateText } from "~/app/insights/words";
import { emptyTally, type Tally } from "~/app/practice/tally";
import { productionTally } from "~/app/production/tally";
import { DEFAULT_BAND_SETTINGS, type BandSettings } from "~/app/settings/band-settings";

/** A tally of `decisions` drafts with the given counts (everything else zero). */
function tally(counts: Partial<Tally>): Tally {
  return { ...emptyTally(), ...counts };
}

/** `flawed` flawed drafts with `hits` overridden, `clean` clean ones with `falseAlarms` overridden. */
function drafts({ flawed, hits, clean, falseAlarms }: { flawed: number; hits: number; clean: number; falseAlarms: number }): Tally {
  return tally({ attempts: flawed + clean, flawedDrafts: flawed, hits, misses: flawed - hits, cleanDrafts: clean, falseAlarms, correctRejections: clean - falseAlarms });
}

describe("the 95 % Wilson interval", () => {
  it("matches hand-computed values, clamped to [0, 1]", () => {
    const half = wilsonInterval({ successes: 5, trials: 10 });
    expect(half?.low).toBeCloseTo(0.2366, 4);
    expect(half?.high).toBeCloseTo(0.7634, 4);
    const none = wilsonInterval({ successes: 0, trials: 10 });
    expect(none?.low).toBe(0);
    expect(none?.high).toBeCloseTo(0.2775, 4);
    const all = wilsonInterval({ successes: 10, trials: 10 });
    expect(all?.low).toBeCloseTo(0.7225, 4);
    expect(all?.high).toBeCloseTo(1, 12);
    expect(wilsonInterval({ successes: 0, trials: 0 })).toBeNull();
  });

  it("is shown only where the count is small", () => {
    expect(rateFigure(0.42, SMALL_COUNT - 1).interval).not.toBeNull();
    expect(rateFigure(0.42, SMALL_COUNT).interval).toBeNull();
    expect(rateFigure(null, 0).interval).toBeNull();
    expect(rateText(rateFigure(50 / 118, 118), "decisions")).toBe("42 % of 118 decisions");
    expect(rateText(rateFigure(null, 0))).toBe("— (of 0)");
  });
});

describe("the override-rate band", () => {
  const bandAt = (overridden: number, decisions: number, settings: BandSettings = DEFAULT_BAND_SETTINGS) =>
    figuresOf({ tally: drafts({ flawed: decisions, hits: overridden, clean: 0, falseAlarms: 0 }), settings }).band;

  it("puts the bounds themselves in calibrated, and below and above them at risk", () => {
    expect(bandAt(1, 20).band).toBe("calibrated"); // 5 %: the low bound
    expect(bandAt(0, 20).band).toBe("blind_acceptance_risk");
    expect(bandAt(3, 40).band).toBe("calibrated"); // 7.5 %
    expect(bandAt(6, 20).band).toBe("calibrated"); // 30 %: the high bound
    expect(bandAt(7, 20).band).toBe("distrust");
    expect(bandAt(1, 21).band).toBe("blind_acceptance_risk"); // 4.8 %
  });

  it("reads not enough data below the minimum number of decisions", () => {
    const band = bandAt(5, 19);
    expect(band.band).toBe("not_enough_data");
    expect(bandText(band)).toBe("Not enough data (19 of 20 decisions)");
    expect(bandAt(0, 0).band).toBe("not_enough_data");
    expect(bandAt(7, 19, { ...DEFAULT_BAND_SETTINGS, minDecisions: 19 }).band).toBe("distrust");
  });

  it("moves when the settings change", () => {
    expect(bandAt(7, 20).band).toBe("distrust");
    expect(bandAt(7, 20, { ...DEFAULT_BAND_SETTINGS, high: 0.4 }).band).toBe("calibrated");
    expect(bandAt(7, 20, { ...DEFAULT_BAND_SETTINGS, low: 0.4, high: 0.5 }).band).toBe("blind_acceptance_risk");
  });

  it("bands production events with the same thresholds, light edits counted as accepted", () => {
    const buckets = Array.from({ length: 20 }, (_, bucket) => (bucket === 2 ? 10 : 0)); // 10 edits of 10–15 %
    const counts = { accepted: 10, rejected: 0, editedUnknownRatio: 0, editedByRatio: buckets };
    const light = productionFigure({ tally: productionTally([counts], 0.2), settings: DEFAULT_BAND_SETTINGS });
    expect(light?.override.rate).toBe(0);
    expect(light?.band.band).toBe("blind_acceptance_risk");
    const strict = productionFigure({ tally: productionTally([counts], 0.1), settings: DEFAULT_BAND_SETTINGS });
    expect(strict?.override.rate).toBe(0.5);
    expect(strict?.band.band).toBe("distrust");
    expect(productionFigure({ tally: productionTally([], 0.2), settings: DEFAULT_BAND_SETTINGS })).toBeNull();
  });
});

describe("d′ and c with the log-linear correction", () => {
  it("at 0 % overrides: no sensitivity, leaning towards accepting the AI", () => {
    const signal = figuresOf({ tally: drafts({ flawed: 10, hits: 0, clean: 10, falseAlarms: 0 }), settings: DEFAULT_BAND_SETTINGS }).signal;
    // H = F = 0.5 / 11, z = −1.6906
    expect(signal?.dPrime).toBeCloseTo(0, 9);
    expect(signal?.c).toBeCloseTo(1.6906, 3);
    expect(signal?.reading).toBe("leans towards accepting the AI");
    expect(signal?.flawedShare.rate).toBe(0.5);
  });

  it("at 100 % overrides: no sensitivity, leaning towards overriding it", () => {
    const signal = figuresOf({ tally: drafts({ flawed: 10, hits: 10, clean: 10, falseAlarms: 10 }), settings: DEFAULT_BAND_SETTINGS }).signal;
    expect(signal?.dPrime).toBeCloseTo(0, 9);
    expect(signal?.c).toBeCloseTo(-1.6906, 3);
    expect(signal?.reading).toBe("leans towards overriding it");
  });

  it("for a perfect record: high sensitivity, no lean; and shows the share of flawed drafts behind c", () => {
    const signal = figuresOf({ tally: drafts({ flawed: 30, hits: 30, clean: 10, falseAlarms: 0 }), settings: DEFAULT_BAND_SETTINGS }).signal;
    // H = 30.5 / 31, F = 0.5 / 11
    expect(signal?.dPrime).toBeCloseTo(2.1412 + 1.6906, 3);
    expect(signal?.c).toBeCloseTo(-(2.1412 - 1.6906) / 2, 3);
    expect(signal?.flawedShare.rate).toBe(0.75);
    expect(biasReading(0)).toBe("leans neither way");
  });

  it("is not shown without both flawed and clean drafts", () => {
    expect(figuresOf({ tally: drafts({ flawed: 10, hits: 5, clean: 0, falseAlarms: 0 }), settings: DEFAULT_BAND_SETTINGS }).signal).toBeNull();
  });
});

describe("figures", () => {
  it("carry the count behind every rate and check the false-flag limit", () => {
    const figures = figuresOf({
      tally: tally({ ...drafts({ flawed: 4, hits: 3, clean: 1, falseAlarms: 1 }), marks: 10, falseFlags: 3, plantedByType: { hallucination: 4, missing_citation: 2, fabricated_citation: 0, restricted_data: 0, tone: 2 }, caughtByType: { hallucination: 3, missing_citation: 0, fabricated_citation: 0, restricted_data: 0, tone: 2 } }),
      settings: DEFAULT_BAND_SETTINGS,
    });
    expect(figures.spotting).toMatchObject({ rate: 5 / 8, of: 8 });
    expect(figures.falseFlags).toMatchObject({ rate: 0.3, of: 10 });
    expect(figures.spottingEarned).toBe(false);
    expect(figures.override).toMatchObject({ rate: 0.8, of: 5 });
    expect(figures.appropriate).toMatchObject({ rate: 0.75, of: 4 });
    expect(figures.unneeded).toMatchObject({ rate: 1, of: 1 });
    expect(figures.spottingByType.fabricated_citation).toMatchObject({ rate: null, of: 0 });
    expect(weakestTypes(figures).map((weak) => [weak.flawType, weak.missed])).toEqual([
      ["missing_citation", 2],
      ["hallucination", 1],
      ["tone", 0],
    ]);
  });
});
