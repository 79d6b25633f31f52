import { describe, expect, it } from "vitest";
import type { RollupCounts } from "~/app/insights/rollup-rows";
import { tallyForType, type SummedRollup } from "~/app/insights/type-tally";

function rollup(flawType: SummedRollup["flawType"], counts: Partial<RollupCounts>): SummedRollup {
  const zero: RollupCounts = { attempts: 0, planted: 0, caught: 0, correctlyTyped: 0, marks: 0, falseFlags: 0, flawedDrafts: 0, cleanDrafts: 0, hits: 0, misses: 0, falseAlarms: 0, correctRejections: 0, escalateExpected: 0, escalatedWhenExpected: 0, usableRewrites: 0, fixPlanted: 0, flawsRemoved: 0, points: 0, timeOnTaskMs: 0 };
  return { ...zero, ...counts, flawType };
}

describe("a flaw type's tally", () => {
  const rows = [
    rollup("all", { attempts: 10, flawedDrafts: 7, cleanDrafts: 3, hits: 5, misses: 2, falseAlarms: 1, correctRejections: 2, marks: 12, falseFlags: 2 }),
    rollup("tone", { attempts: 4, flawedDrafts: 4, hits: 3, misses: 1, planted: 4, caught: 2, marks: 3, falseFlags: 1 }),
    rollup("hallucination", { attempts: 5, flawedDrafts: 5, hits: 4, misses: 1, planted: 6, caught: 5, marks: 6 }),
  ];

  it("is every drafts' counts without a type", () => {
    const tally = tallyForType({ rows, flawType: null });
    expect(tally).toMatchObject({ attempts: 10, cleanDrafts: 3, falseAlarms: 1, marks: 12 });
    expect(tally.plantedByType).toMatchObject({ tone: 4, hallucination: 6 });
  });

  it("is the drafts that plant the type, with that type's flaws and marks", () => {
    const tally = tallyForType({ rows, flawType: "tone" });
    expect(tally).toMatchObject({ attempts: 4, flawedDrafts: 4, cleanDrafts: 0, hits: 3, marks: 3, falseFlags: 1 });
    expect(tally.plantedByType).toEqual({ hallucination: 0, missing_citation: 0, fabricated_citation: 0, restricted_data: 0, tone: 4 });
    expect(tally.caughtByType.tone).toBe(2);
  });
});
