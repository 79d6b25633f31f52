import { describe, expect, it } from "vitest";
import { proficiencySummary, tierCounts, tierOf } from "~/app/insights/standing";
import { tierFor, type AttemptSummary } from "~/app/practice/metrics";
import { seededRandom } from "~/app/practice/seeded-random";
import { tallyOf } from "~/app/practice/tally";
import { zeroByFlawType } from "~/app/practice/types";
import { FLAW_TYPES } from "~/app/vocabulary";

/** `count` attempts by an agent who catches a flaw with probability `spot` and overrides a clean draft with probability `distrust`. */
function agent({ count, spot, distrust, seed }: { count: number; spot: number; distrust: number; seed: number }): AttemptSummary[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, index): AttemptSummary => {
    const flawed = random() < 0.7;
    const plantedByType = zeroByFlawType();
    const caughtByType = zeroByFlawType();
    if (flawed) {
      for (let flaw = 0; flaw < 1 + Math.floor(random() * 2); flaw++) {
        const type = FLAW_TYPES[Math.floor(random() * FLAW_TYPES.length)] ?? "tone";
        plantedByType[type] += 1;
        if (random() < spot) caughtByType[type] += 1;
      }
    }
    const caught = FLAW_TYPES.reduce((total, type) => total + caughtByType[type], 0);
    const falseFlags = random() < 0.1 ? 1 : 0;
    const override = flawed ? random() < spot : random() < distrust;
    return {
      at: new Date(Date.UTC(2026, 0, 5) + index * 3_600_000),
      flawed,
      outcome: flawed ? (override ? "hit" : "miss") : override ? "false_alarm" : "correct_rejection",
      decision: override ? "rewrite" : "send",
      expected: flawed ? "rewrite" : "send",
      plantedByType,
      caughtByType,
      marks: caught + falseFlags,
      falseFlags,
    };
  });
}

describe("tiers from tallies", () => {
  it("agree with tierFor on the same volume and last 100 attempts", () => {
    const seen = new Set<string>();
    let seed = 1;
    for (const profile of [
      { count: 30, spot: 0.95, distrust: 0.05 },
      { count: 60, spot: 0.9, distrust: 0.1 },
      { count: 60, spot: 0.5, distrust: 0.1 },
      { count: 90, spot: 0.8, distrust: 0.4 },
      { count: 200, spot: 0.97, distrust: 0.02 },
      { count: 200, spot: 0.9, distrust: 0.3 },
    ]) {
      for (let run = 0; run < 5; run++) {
        const attempts = agent({ ...profile, seed: seed++ });
        const expected = tierFor({ attempts }).tier;
        seen.add(expected);
        expect(tierOf({ volume: attempts.length, recent: tallyOf(attempts.slice(-100)) }), JSON.stringify(profile)).toBe(expected);
      }
    }
    expect([...seen].sort()).toEqual(["advanced", "associate", "specialist"]);
  });

  it("count tiers and the median time to proficiency over those who reached it", () => {
    expect(tierCounts(["associate", "advanced", "associate"])).toEqual({ associate: 2, advanced: 1, specialist: 0, coach: 0 });
    const at = new Date();
    expect(proficiencySummary([{ days: 10, drills: 40, reachedAt: at }, null, { days: 4, drills: 20, reachedAt: at }])).toEqual({ proficient: 2, agents: 3, medianDays: 7, medianDrills: 30 });
    expect(proficiencySummary([{ days: 3, drills: 21, reachedAt: at }])).toMatchObject({ medianDays: 3, medianDrills: 21 });
    expect(proficiencySummary([null])).toEqual({ proficient: 0, agents: 1, medianDays: null, medianDrills: null });
  });
});
