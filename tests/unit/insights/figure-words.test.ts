import { describe, expect, it } from "vitest";
import { figureWords, productionWords, rateWords } from "~/app/insights/figure-words";
import { figuresOf, rateFigure } from "~/app/insights/figures";
import { agentProficiencyText, bandsNote, proficiencyText, tiersText } from "~/app/insights/words";
import { emptyTally, type Tally } from "~/app/practice/tally";
import { DEFAULT_BAND_SETTINGS } from "~/app/settings/band-settings";

function tally(counts: Partial<Tally>): Tally {
  return { ...emptyTally(), ...counts };
}

describe("a rate in words", () => {
  it("carries its count and unit, and its 95 % interval only where the count is small", () => {
    expect(rateWords(rateFigure(0.5, 10), "decisions")).toEqual({ text: "50 % of 10 decisions", interval: "95 % interval 24–76 %" });
    expect(rateWords(rateFigure(0.25, 400), "flaws")).toEqual({ text: "25 % of 400 flaws" });
    expect(rateWords(rateFigure(null, 0))).toEqual({ text: "— (of 0)" });
  });
});

describe("a row's figures in words", () => {
  const small = tally({
    attempts: 5,
    flawedDrafts: 4,
    hits: 3,
    misses: 1,
    cleanDrafts: 1,
    falseAlarms: 1,
    marks: 10,
    falseFlags: 3,
    plantedByType: { hallucination: 4, missing_citation: 2, fabricated_citation: 0, restricted_data: 0, tone: 2 },
    caughtByType: { hallucination: 3, missing_citation: 0, fabricated_citation: 0, restricted_data: 0, tone: 2 },
  });

  it("keeps every figure the tables show: counts, intervals, the band with its counts, false flags, d′ and c", () => {
    const words = figureWords(figuresOf({ tally: small, settings: DEFAULT_BAND_SETTINGS }), null);
    expect(words.attempts).toBe(5);
    expect(words.override).toEqual({ text: "80 % of 5 decisions", interval: expect.stringMatching(/^95 % interval \d+–\d+ %$/) });
    expect(words.band).toEqual({ band: "not_enough_data", text: `Not enough data (5 of ${DEFAULT_BAND_SETTINGS.minDecisions} decisions)` });
    expect(words.production).toBeNull();
    expect(words.appropriate.text).toBe("75 % of 4 flawed");
    expect(words.unneeded.text).toBe("100 % of 1 clean");
    expect(words.spotting.text).toBe("63 % of 8 flaws");
    expect(words.allTypes.text).toBe("63 % of 8");
    expect(words.byType.fabricated_citation).toEqual({ text: "— (of 0)" });
    expect(words.byType.hallucination.text).toBe("75 % of 4");
    expect(words.falseFlags.text).toBe("30 % of 10 marks");
    expect(words.spottingEarned).toBe(false);
    expect(words.signal?.values).toMatch(/^d′ -?\d\.\d\d · c -?\d\.\d\d$/);
    expect(words.signal?.reading).toMatch(/^leans /);
    expect(words.signal?.flawedShare).toBe("flawed drafts: 80 % of 5 drafts");
  });

  it("says the production band beside the drill band, or nothing without events", () => {
    const production = { override: rateFigure(0.4, 250), band: { band: "distrust" as const, decisions: 250, minDecisions: 20, low: 0.05, high: 0.3 } };
    expect(productionWords(production)).toEqual({ band: { band: "distrust", text: "Distrust (or a weak AI)" }, overridden: "40 % of 250 suggestions overridden" });
    expect(productionWords(null)).toBeNull();
  });

  it("has no d′ and c without both flawed and clean drafts", () => {
    expect(figureWords(figuresOf({ tally: tally({ attempts: 2, flawedDrafts: 2, hits: 1, misses: 1 }), settings: DEFAULT_BAND_SETTINGS }), null).signal).toBeNull();
  });
});

describe("standing and settings in words", () => {
  it("lists the tiers held, or says there are no active agents", () => {
    expect(tiersText({ associate: 38, advanced: 4, specialist: 0, coach: 1 })).toBe("Associate 38 · Advanced 4 · Coach 1");
    expect(tiersText({ associate: 0, advanced: 0, specialist: 0, coach: 0 })).toBe("no active agents");
  });

  it("gives time to proficiency as medians with how many reached it", () => {
    expect(proficiencyText({ proficient: 37, agents: 42, medianDays: 66, medianDrills: 178 })).toBe("median 178 drills, 66 days (37 of 42 agents)");
    expect(proficiencyText({ proficient: 0, agents: 3, medianDays: null, medianDrills: null })).toBe("nobody yet (0 of 3)");
    expect(agentProficiencyText({ drills: 12, days: 4 })).toBe("reached after 12 drills, 4 days");
    expect(agentProficiencyText(null)).toBe("not reached yet");
  });

  it("says the band settings and where they come from", () => {
    expect(bandsNote({ ...DEFAULT_BAND_SETTINGS, low: 0.05, high: 0.3, minDecisions: 20 }, "organisation default")).toBe("Bands 5 %–30 %, at least 20 decisions (organisation default)");
  });
});
