import { describe, expect, it } from "vitest";
import { flawRollupRowsOf, type FlawRollupCounts } from "~/app/insights/flaw-rollup-rows";
import type { FlawResult } from "~/app/practice/scoring";
import type { FlawType } from "~/app/vocabulary";

const result = (index: number, type: FlawType, status: FlawResult["status"], markedAs: FlawType[]): FlawResult => ({ index, type, start: index * 10, end: index * 10 + 5, status, markedAs });

const counts = (overrides: Partial<FlawRollupCounts>): FlawRollupCounts => ({
  planted: 1,
  caught: 0,
  correctlyTyped: 0,
  missed: 0,
  mistypedAsHallucination: 0,
  mistypedAsMissingCitation: 0,
  mistypedAsFabricatedCitation: 0,
  mistypedAsRestrictedData: 0,
  mistypedAsTone: 0,
  ...overrides,
});

describe("flawRollupRowsOf", () => {
  it("gives one row per planted flaw, in flaw order: caught, correctly typed, missed", () => {
    const rows = flawRollupRowsOf({
      score: { flaws: [result(1, "tone", "missed", []), result(0, "hallucination", "caught", ["hallucination"])] },
      flaws: [{ type: "hallucination" }, { type: "tone" }],
    });
    expect(rows).toEqual([
      { flawIndex: 0, flawType: "hallucination", counts: counts({ caught: 1, correctlyTyped: 1 }) },
      { flawIndex: 1, flawType: "tone", counts: counts({ missed: 1 }) },
    ]);
  });

  it("counts each type a catching mark gave that the flaw does not accept, once", () => {
    const [row] = flawRollupRowsOf({ score: { flaws: [result(0, "restricted_data", "mistyped", ["restricted_data", "tone", "hallucination"])] }, flaws: [{ type: "restricted_data" }] });
    expect(row?.counts).toEqual(counts({ caught: 1, mistypedAsTone: 1, mistypedAsHallucination: 1 }));
  });

  it("does not count a type the flaw accepts, by its accept list or by default", () => {
    const rows = flawRollupRowsOf({
      score: { flaws: [result(0, "fabricated_citation", "mistyped", ["hallucination", "tone"]), result(1, "missing_citation", "mistyped", ["tone", "restricted_data"])] },
      // A fabricated citation is accepted as a hallucination whatever the drill says; the second flaw accepts tone.
      flaws: [{ type: "fabricated_citation" }, { type: "missing_citation", accept: ["tone"] }],
    });
    expect(rows.map((row) => row.counts)).toEqual([counts({ caught: 1, mistypedAsTone: 1 }), counts({ caught: 1, mistypedAsRestrictedData: 1 })]);
  });

  it("adds nothing for a clean control", () => {
    expect(flawRollupRowsOf({ score: { flaws: [] }, flaws: [] })).toEqual([]);
  });

  it("refuses a score whose flaws are not the revision's", () => {
    expect(() => flawRollupRowsOf({ score: { flaws: [result(0, "tone", "missed", [])] }, flaws: [{ type: "hallucination" }] })).toThrow(/not the revision's/);
    expect(() => flawRollupRowsOf({ score: { flaws: [result(1, "tone", "missed", [])] }, flaws: [{ type: "tone" }] })).toThrow(/not the revision's/);
  });
});
