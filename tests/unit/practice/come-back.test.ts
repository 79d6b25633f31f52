import { describe, expect, it } from "vitest";
import { improvedFlawTypes, IMPROVEMENT } from "~/app/practice/improvement";
import { needText, nextMilestone } from "~/app/practice/milestone";
import { emptyTally, type Tally } from "~/app/practice/tally";
import { tierFor, tierOfTally, type TierResult } from "~/app/practice/tiers";
import { weeklyGoalProgress, WEEKLY_GOAL } from "~/app/practice/weekly-goal";
import type { AttemptSummary } from "~/app/practice/attempt-summary";
import { zeroByFlawType } from "~/app/practice/types";
import type { FlawType } from "~/app/vocabulary";

/** A tally planting and catching per type, with `marks` marks of which `falseFlags` were wrong. */
function tally({ planted = {}, caught = {}, marks = 0, falseFlags = 0 }: { planted?: Partial<Record<FlawType, number>>; caught?: Partial<Record<FlawType, number>>; marks?: number; falseFlags?: number }): Tally {
  const plantedByType = { ...zeroByFlawType(), ...planted };
  const caughtByType = { ...zeroByFlawType(), ...caught };
  const flaws = Object.values(plantedByType).reduce((a, b) => a + b, 0);
  return { ...emptyTally(), attempts: flaws, flawedDrafts: flaws, plantedByType, caughtByType, marks, falseFlags };
}

describe("weeklyGoalProgress", () => {
  it("says how many are done, how many to go and whether the goal is reached", () => {
    expect(weeklyGoalProgress({ done: 6, goal: 10 })).toEqual({ done: 6, goal: 10, reached: false, remaining: 4 });
    expect(weeklyGoalProgress({ done: 0, goal: 1 })).toEqual({ done: 0, goal: 1, reached: false, remaining: 1 });
    expect(weeklyGoalProgress({ done: 10, goal: 10 })).toEqual({ done: 10, goal: 10, reached: true, remaining: 0 });
    expect(weeklyGoalProgress({ done: 14, goal: 10 })).toEqual({ done: 14, goal: 10, reached: true, remaining: 0 });
    expect(WEEKLY_GOAL.default).toBe(10);
  });
});

describe("improvedFlawTypes", () => {
  it("finds a type whose rate this week is at least 10 points above the 4 weeks before, with enough flaws on both sides", () => {
    const thisWeek = tally({ planted: { restricted_data: 4, tone: 3 }, caught: { restricted_data: 3, tone: 1 }, marks: 4 });
    const before = tally({ planted: { restricted_data: 10, tone: 10 }, caught: { restricted_data: 4, tone: 5 }, marks: 9 });
    expect(improvedFlawTypes({ thisWeek, before })).toEqual([{ flawType: "restricted_data", caught: 3, planted: 4, rate: 0.75, rateBefore: 0.4, plantedBefore: 10 }]);
  });

  it("needs 3 planted this week and 5 before: a single lucky catch is not improvement", () => {
    const before = tally({ planted: { tone: 10, hallucination: 4 }, caught: { tone: 0, hallucination: 0 } });
    expect(improvedFlawTypes({ thisWeek: tally({ planted: { tone: 1 }, caught: { tone: 1 }, marks: 1 }), before })).toEqual([]);
    expect(improvedFlawTypes({ thisWeek: tally({ planted: { tone: 2 }, caught: { tone: 2 }, marks: 2 }), before })).toEqual([]);
    expect(improvedFlawTypes({ thisWeek: tally({ planted: { tone: 3 }, caught: { tone: 3 }, marks: 3 }), before }).map((i) => i.flawType)).toEqual(["tone"]);
    // Only 4 planted before: nothing to compare with.
    expect(improvedFlawTypes({ thisWeek: tally({ planted: { hallucination: 5 }, caught: { hallucination: 5 }, marks: 5 }), before })).toEqual([]);
    expect(IMPROVEMENT).toEqual({ weeksBefore: 4, minPlantedThisWeek: 3, minPlantedBefore: 5, minRisePoints: 10 });
  });

  it("needs a rise of 10 whole percentage points as shown, not less, and never a fall", () => {
    const before = tally({ planted: { tone: 10 }, caught: { tone: 5 } });
    // 60 % vs 50 %: exactly 10 points.
    expect(improvedFlawTypes({ thisWeek: tally({ planted: { tone: 5 }, caught: { tone: 3 }, marks: 3 }), before })).toHaveLength(1);
    // 4 of 7 = 57 %: 7 points.
    expect(improvedFlawTypes({ thisWeek: tally({ planted: { tone: 7 }, caught: { tone: 4 }, marks: 4 }), before })).toEqual([]);
    expect(improvedFlawTypes({ thisWeek: tally({ planted: { tone: 5 }, caught: { tone: 1 }, marks: 1 }), before })).toEqual([]);
    expect(improvedFlawTypes({ thisWeek: emptyTally(), before: emptyTally() })).toEqual([]);
  });

  it("says nothing while this week's marks are too broad (marking everything catches everything)", () => {
    const before = tally({ planted: { tone: 10 }, caught: { tone: 2 } });
    expect(improvedFlawTypes({ thisWeek: tally({ planted: { tone: 4 }, caught: { tone: 4 }, marks: 20, falseFlags: 16 }), before })).toEqual([]);
  });

  it("puts the biggest rise first, then the most planted", () => {
    const before = tally({ planted: { tone: 10, hallucination: 10, missing_citation: 10 }, caught: { tone: 5, hallucination: 2, missing_citation: 5 } });
    const thisWeek = tally({ planted: { tone: 4, hallucination: 3, missing_citation: 8 }, caught: { tone: 4, hallucination: 3, missing_citation: 8 }, marks: 15 });
    expect(improvedFlawTypes({ thisWeek, before }).map((i) => i.flawType)).toEqual(["hallucination", "missing_citation", "tone"]);
  });
});

/** `count` attempts, one an hour, each planting one tone flaw (caught when `i` is below `caught`) or, every fourth, clean and sent. */
function history(count: number, caughtShare: number): AttemptSummary[] {
  return Array.from({ length: count }, (_, i) => {
    const flawed = i % 4 !== 3;
    const caught = flawed && (i % 10) / 10 < caughtShare;
    return {
      at: new Date(Date.UTC(2026, 0, 1) + i * 3_600_000),
      flawed,
      outcome: flawed ? "hit" : "correct_rejection",
      decision: flawed ? "rewrite" : "send",
      expected: flawed ? "rewrite" : "send",
      plantedByType: { ...zeroByFlawType(), tone: flawed ? 1 : 0 },
      caughtByType: { ...zeroByFlawType(), tone: caught ? 1 : 0 },
      marks: caught ? 1 : 0,
      falseFlags: 0,
    };
  });
}

describe("nextMilestone", () => {
  it("names the next tier and, in numbers, what it still needs, from the tier rule's own result", () => {
    const attempts = history(28, 0.6);
    const tier = tierFor({ attempts });
    expect(tier.tier).toBe("associate");
    const milestone = nextMilestone(tier);
    expect(milestone).toEqual({
      kind: "next",
      tier: "advanced",
      needs: ["12 more first attempts", expect.stringMatching(/^error-spotting ≥ 70 % \(now \d+ %\)$/)],
      sentence: expect.stringMatching(/^Reach Advanced: 12 more first attempts and error-spotting ≥ 70 % \(now \d+ %\)\.$/),
    });
    // Every unmet requirement, no more: one definition with the tier.
    expect(milestone.kind === "next" ? milestone.needs.length : 0).toBe(tier.next?.needs.length);
  });

  it("counts down one attempt in the singular, and needs only what is unmet", () => {
    const tier = tierFor({ attempts: history(39, 1) });
    expect(nextMilestone(tier).sentence).toBe("Reach Advanced: 1 more first attempt.");
  });

  it("words every kind of requirement, including a flaw type not planted yet and a nomination", () => {
    const specialist = tierOfTally({ volume: 200, recent: tally({ planted: { tone: 10, hallucination: 3 }, caught: { tone: 10, hallucination: 3 }, marks: 13 }) });
    // Advanced needs a clean draft to measure unneeded overrides: none here.
    expect(nextMilestone(specialist).sentence).toBe("Reach Advanced: unneeded overrides ≤ 25 % of clean drafts (not measured yet).");
    const withClean = { ...tally({ planted: { tone: 10, hallucination: 3 }, caught: { tone: 10, hallucination: 3 }, marks: 13 }), attempts: 30, cleanDrafts: 10, correctRejections: 10 };
    expect(nextMilestone(tierOfTally({ volume: 200, recent: withClean })).sentence).toBe(
      "Reach Specialist: Hallucination error-spotting ≥ 75 % over at least 5 planted (now 100 % of 3), Missing citation error-spotting ≥ 75 % over at least 5 planted (none planted yet), Fabricated citation error-spotting ≥ 75 % over at least 5 planted (none planted yet) and Restricted data error-spotting ≥ 75 % over at least 5 planted (none planted yet).",
    );
    expect(needText({ kind: "nomination", label: "", met: false })).toBe("a leader's nomination");
    expect(needText({ kind: "false_flags", label: "", met: false, required: 0.2, current: 0.35 })).toBe("false flags ≤ 20 % of your marks (now 35 %)");
  });

  it("says so at the top tier", () => {
    const top: TierResult = { tier: "coach", next: null };
    expect(nextMilestone(top)).toEqual({ kind: "top", tier: "coach", sentence: "You are at the top tier, Coach." });
  });
});
