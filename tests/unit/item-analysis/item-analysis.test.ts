import { describe, expect, it } from "vitest";
import {
  discrimination,
  discriminationReading,
  extremeGroupSize,
  itemAnalysis,
  listedItemAnalysis,
  markedSpans,
  median,
  pearson,
  pearsonFromSums,
  ratedDifficulty,
  type AnalysedAttempt,
  type AnalysedRevision,
} from "~/app/item-analysis/item-analysis";
import { discriminationText, durationText, hintText } from "~/app/item-analysis/wording";
import type { Outcome } from "~/app/vocabulary";

const span = (text: string, part: string) => {
  const start = text.indexOf(part);
  if (start < 0) throw new Error(`"${part}" is not in the draft`);
  return { start, end: start + part.length };
};

// A Japanese draft with an emoji: two planted flaws, and a span agents keep marking that no flaw declares.
const jaDraft = "ご返品は45日以内です [refunds.window]。送料は無料です 🎉 ご安心ください。";
const flawed: AnalysedRevision = {
  id: 11,
  revision: 1,
  difficulty: 2,
  draft: jaDraft,
  flaws: [
    { type: "hallucination", quote: "ご返品は45日以内です", ...span(jaDraft, "ご返品は45日以内です") },
    { type: "tone", quote: "ご安心ください", ...span(jaDraft, "ご安心ください") },
  ],
};

type Spec = { outcome: Outcome; flaw0: "caught" | "mistyped" | "missed"; flaw1: "caught" | "mistyped" | "missed"; falseFlags?: { start: number; end: number }[] };

function attempt(id: number, spec: Spec, revision = flawed): AnalysedAttempt {
  const markedAs = { caught: ["hallucination"], mistyped: ["tone"], missed: [] } as const;
  return {
    id,
    revisionId: revision.id,
    outcome: spec.outcome,
    points: 20,
    maxPoints: 30,
    timeOnTaskMs: id * 10_000,
    // Attempt 1 by the highest-rated agent, 10 by the lowest.
    ratingBefore: 1500 + 10 * (11 - id),
    flaws: [
      { index: 0, status: spec.flaw0, markedAs: [...markedAs[spec.flaw0]] },
      { index: 1, status: spec.flaw1, markedAs: spec.flaw1 === "caught" ? ["tone"] : spec.flaw1 === "mistyped" ? ["tone", "hallucination"] : [] },
    ],
    falseFlags: (spec.falseFlags ?? []).map((range) => ({ ...range, type: "hallucination" as const })),
  };
}

const shipping = span(jaDraft, "送料は無料です 🎉");
const free = span(jaDraft, "無料です 🎉");
const attempts10 = [
  attempt(1, { outcome: "hit", flaw0: "caught", flaw1: "caught" }),
  attempt(2, { outcome: "hit", flaw0: "caught", flaw1: "mistyped" }),
  attempt(3, { outcome: "hit", flaw0: "caught", flaw1: "missed", falseFlags: [span(jaDraft, "送料は無料です")] }),
  attempt(4, { outcome: "hit", flaw0: "caught", flaw1: "missed", falseFlags: [shipping] }),
  // Ends inside the emoji's surrogate pair: the span shown still holds the whole emoji.
  attempt(5, { outcome: "hit", flaw0: "caught", flaw1: "missed", falseFlags: [{ start: free.start, end: free.end - 1 }] }),
  // One mark over the whole draft counts once everywhere: it never makes a span alone.
  attempt(6, { outcome: "hit", flaw0: "mistyped", flaw1: "missed", falseFlags: [{ start: 0, end: jaDraft.length }] }),
  attempt(7, { outcome: "miss", flaw0: "missed", flaw1: "missed" }),
  attempt(8, { outcome: "miss", flaw0: "missed", flaw1: "missed" }),
  attempt(9, { outcome: "miss", flaw0: "missed", flaw1: "missed" }),
  attempt(10, { outcome: "hit", flaw0: "missed", flaw1: "missed" }),
];

describe("item analysis", () => {
  it("says only how many attempts there are below the minimum", () => {
    expect(itemAnalysis({ attempts: attempts10.slice(0, 4), revisions: [flawed], minAttempts: 5, drillRating: null, statedDifficulty: 2 })).toEqual({ enough: false, attempts: 4, minAttempts: 5 });
    expect(itemAnalysis({ attempts: [], revisions: [flawed], minAttempts: 5, drillRating: null, statedDifficulty: 2 }).enough).toBe(false);
  });

  it("computes facility both ways, the median time, catch and mistype rates with the types mistaken for", () => {
    const analysis = itemAnalysis({ attempts: attempts10, revisions: [flawed], minAttempts: 5, drillRating: 1550, statedDifficulty: 3 });
    if (!analysis.enough) throw new Error("expected figures");
    expect(analysis.attempts).toBe(10);
    expect(analysis.facility).toEqual({ count: 7, of: 10, rate: 0.7 });
    expect(analysis.pointsFacility).toEqual({ count: 200, of: 300, rate: 200 / 300 });
    expect(analysis.medianTimeMs).toBe(55_000);
    expect(analysis.flaws).toEqual([
      { revision: 1, index: 0, type: "hallucination", quote: "ご返品は45日以内です", caught: { count: 6, of: 10, rate: 0.6 }, mistyped: { count: 1, of: 6, rate: 1 / 6 }, mistakenFor: [{ type: "tone", count: 1 }] },
      { revision: 1, index: 1, type: "tone", quote: "ご安心ください", caught: { count: 2, of: 10, rate: 0.2 }, mistyped: { count: 1, of: 2, rate: 0.5 }, mistakenFor: [{ type: "hallucination", count: 1 }] },
    ]);
  });

  it("measures discrimination as upper minus lower 27 % below 30 attempts", () => {
    // 27 % of 10 is 2.7: three in each group. Upper (attempts 1–3): 3 of 3 right; lower (8–10): 1 of 3.
    expect(extremeGroupSize(10)).toBe(3);
    expect(extremeGroupSize(2)).toBe(1);
    expect(extremeGroupSize(50)).toBe(14);
    const value = discrimination(attempts10);
    expect(value?.method).toBe("upper_lower");
    expect(value?.groupSize).toBe(3);
    expect(value?.index).toBeCloseTo(2 / 3, 12);
    expect(value?.reading).toBe("discriminates");
  });

  it("measures discrimination as the point-biserial correlation from 30 attempts", () => {
    // Ratings 1400, 1410, … 1690; the 20 highest-rated are right. r_pb = (M1 − M0) / s · √(pq), s the population deviation.
    const thirty = Array.from({ length: 30 }, (_, i): AnalysedAttempt => ({ ...attempt(i + 1, { outcome: i >= 10 ? "hit" : "miss", flaw0: "missed", flaw1: "missed" }), ratingBefore: 1400 + 10 * i }));
    const m1 = 1595;
    const m0 = 1445;
    const s = 10 * Math.sqrt((30 * 30 - 1) / 12);
    const expected = ((m1 - m0) / s) * Math.sqrt((20 / 30) * (10 / 30));
    const value = discrimination(thirty);
    expect(value).toMatchObject({ method: "point_biserial", groupSize: null, reading: "discriminates" });
    expect(value?.index).toBeCloseTo(expected, 10);
    expect(value?.index).toBeCloseTo(0.817, 3);
  });

  it("does not measure discrimination when the results or the ratings do not vary", () => {
    expect(discrimination(attempts10.map((a) => ({ ...a, outcome: "hit" as const })))).toBeNull();
    expect(discrimination(attempts10.map((a) => ({ ...a, ratingBefore: 1500 })))).toBeNull();
    expect(discriminationText(null)).toMatch(/not measured/);
  });

  it("reads the index as Moodle does: below 0.3 likely to need revision, below 0.2 very likely", () => {
    expect(discriminationReading(0.3)).toBe("discriminates");
    expect(discriminationReading(0.29)).toBe("likely_revision");
    expect(discriminationReading(0.2)).toBe("likely_revision");
    expect(discriminationReading(0.19)).toBe("very_likely_revision");
    expect(discriminationReading(-0.4)).toBe("very_likely_revision");
    const value = discrimination(attempts10.map((a) => ({ ...a, outcome: a.id >= 8 ? ("hit" as const) : ("miss" as const) })));
    expect(value?.index).toBe(-1);
    expect(discriminationText(value)).toBe("−1.00, very likely to need revision (below 0.2)");
  });

  it("hints at a rarely caught flaw and at marks clustering on an unplanted span, Japanese and emoji kept whole", () => {
    const analysis = itemAnalysis({ attempts: attempts10, revisions: [flawed], minAttempts: 5, drillRating: 1550, statedDifficulty: 3 });
    if (!analysis.enough) throw new Error("expected figures");
    expect(analysis.hints).toEqual([
      { kind: "rarely_caught", revision: 1, flawIndex: 1, type: "tone", quote: "ご安心ください", caught: { count: 2, of: 10, rate: 0.2 } },
      { kind: "unplanted_span", span: { revision: 1, ...shipping, text: "送料は無料です 🎉", agents: 4, attempts: 10 } },
    ]);
    expect(analysis.hints.map(hintText)).toEqual([
      "Flaw 2 (Tone, revision 1) is rarely caught: 2 of 10 (20 %). Unclear or too subtle?",
      "Marks cluster on a span no flaw declares (revision 1): “送料は無料です 🎉”, marked by 4 of 10. A flaw the key misses, or a distractor?",
    ]);
  });

  it("finds no span where fewer than three agents marked the same characters", () => {
    expect(markedSpans({ revision: flawed, attempts: attempts10.slice(0, 4) })).toEqual([]);
    // Three is the floor; with 20 attempts it takes 20 %, four.
    const three = attempts10.slice(2, 5);
    expect(markedSpans({ revision: flawed, attempts: three }).map((s) => s.text)).toEqual(["無料です"]);
    const twenty = [...three, ...Array.from({ length: 17 }, (_, i) => attempt(20 + i, { outcome: "hit", flaw0: "caught", flaw1: "caught" }))];
    expect(markedSpans({ revision: flawed, attempts: twenty })).toEqual([]);
  });

  it("hints at a clean control overridden often, with the span agents marked and how many", () => {
    const controlDraft = "Thank you 😊 Your refund of $20 is on its way.";
    const control: AnalysedRevision = { id: 12, revision: 2, difficulty: 1, draft: controlDraft, flaws: [] };
    const amount = span(controlDraft, "$20");
    const six = Array.from({ length: 6 }, (_, i): AnalysedAttempt => ({
      ...attempt(i + 1, { outcome: i < 3 ? "false_alarm" : "correct_rejection", flaw0: "missed", flaw1: "missed", falseFlags: i < 3 ? [amount] : [] }, control),
      flaws: [],
    }));
    const analysis = itemAnalysis({ attempts: six, revisions: [control], minAttempts: 5, drillRating: null, statedDifficulty: 1 });
    if (!analysis.enough) throw new Error("expected figures");
    expect(analysis.flaws).toEqual([]);
    expect(analysis.hints).toEqual([{ kind: "overridden_control", revision: 2, overridden: { count: 3, of: 6, rate: 0.5 }, spans: [{ revision: 2, ...amount, text: "$20", agents: 3, attempts: 6 }] }]);
    expect(hintText(analysis.hints[0]!)).toBe("This clean control (revision 2) is overridden often: 3 of 6 (50 %). Possible unplanted flaw here: “$20” (marked by 3 of 6).");
    // One override in six is not often; the three marks then make an unplanted-span hint.
    const rarely = six.map((a, i) => (i === 0 || i === 1 ? { ...a, outcome: "correct_rejection" as const } : a));
    const calmer = itemAnalysis({ attempts: rarely, revisions: [control], minAttempts: 5, drillRating: null, statedDifficulty: 1 });
    expect(calmer.enough && calmer.hints.map((hint) => hint.kind)).toEqual(["unplanted_span"]);
  });

  it("hints at a drill everyone gets right, and at a rating drifted from the stated difficulty", () => {
    const right = attempts10.map((a) => ({ ...a, outcome: "hit" as const }));
    const analysis = itemAnalysis({ attempts: right, revisions: [{ ...flawed, flaws: [] }], minAttempts: 5, drillRating: 1950, statedDifficulty: 2 });
    if (!analysis.enough) throw new Error("expected figures");
    expect(analysis.discrimination).toBeNull();
    expect(analysis.hints.filter((hint) => hint.kind === "too_easy" || hint.kind === "rating_drift")).toEqual([
      { kind: "too_easy", right: { count: 10, of: 10, rate: 1 } },
      { kind: "rating_drift", stated: 2, ratedLike: 5, rating: 1950 },
    ]);
    expect(ratedDifficulty(1500)).toBe(3);
    expect(ratedDifficulty(1600)).toBe(4);
    expect(ratedDifficulty(1599)).toBe(3);
    expect(ratedDifficulty(900)).toBe(1);
    // One level away is no drift; 95 % right is too easy, 94 % not.
    const near = itemAnalysis({ attempts: attempts10, revisions: [flawed], minAttempts: 5, drillRating: 1700, statedDifficulty: 3 });
    expect(near.enough && near.hints.some((hint) => hint.kind === "rating_drift")).toBe(false);
    const listed = (rightOf: number) => listedItemAnalysis({ figures: { attempts: 100, right: rightOf, flat: false, pointBiserial: 0.1, upperLower: null, rarelyCaught: 0, overriddenControls: 0 }, minAttempts: 20, drillRating: null, statedDifficulty: 3 })?.hints;
    expect(listed(95)).toEqual(["too_easy"]);
    expect(listed(94)).toEqual([]);
  });

  it("keeps per-revision hints to revisions with the minimum number of attempts", () => {
    const second: AnalysedRevision = { ...flawed, id: 13, revision: 2 };
    const mixed = [...attempts10.slice(0, 6), ...attempts10.slice(6).map((a) => ({ ...a, revisionId: 13 }))];
    const analysis = itemAnalysis({ attempts: mixed, revisions: [second, flawed], minAttempts: 5, drillRating: null, statedDifficulty: null });
    if (!analysis.enough) throw new Error("expected figures");
    expect(analysis.flaws.map((flaw) => [flaw.revision, flaw.index, flaw.caught.of])).toEqual([
      [1, 0, 6],
      [1, 1, 6],
      [2, 0, 4],
      [2, 1, 4],
    ]);
    // Revision 2's flaw 2 was caught by none of its four attempts, but four are below the minimum: only revision 1 (six) gives hints.
    expect(analysis.hints.map((hint) => (hint.kind === "unplanted_span" ? `span, revision ${hint.span.revision}` : hint.kind))).toEqual(["span, revision 1"]);
  });

  it("takes the median of an even and an odd count", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBe(0);
  });

  it("agrees with the list's figures for the same attempts", () => {
    const full = itemAnalysis({ attempts: attempts10, revisions: [flawed], minAttempts: 5, drillRating: 1950, statedDifficulty: 2 });
    const listed = listedItemAnalysis({ figures: { attempts: 10, right: 7, flat: false, pointBiserial: 0.5, upperLower: 2 / 3, rarelyCaught: 1, overriddenControls: 0 }, minAttempts: 5, drillRating: 1950, statedDifficulty: 2 });
    if (!full.enough || !listed) throw new Error("expected figures");
    expect(listed.facility).toBe(full.facility.rate);
    expect(listed.discrimination).toMatchObject({ method: full.discrimination?.method, reading: full.discrimination?.reading, groupSize: full.discrimination?.groupSize });
    expect(listed.discrimination?.index).toBeCloseTo(full.discrimination?.index ?? NaN, 12);
    expect(listed.hints).toEqual(["rarely_caught", "rating_drift"]);
    expect(listedItemAnalysis({ figures: { attempts: 4, right: 4, flat: true, pointBiserial: null, upperLower: 0, rarelyCaught: 0, overriddenControls: 0 }, minAttempts: 5, drillRating: null, statedDifficulty: 2 })).toBeNull();
  });
});

describe("item analysis in words", () => {
  it("says durations in seconds and minutes", () => {
    expect(durationText(44_600)).toBe("45 s");
    expect(durationText(125_000)).toBe("2 min 5 s");
  });

  it("gives Pearson's r from running sums as from the values, and null when either does not vary", () => {
    const sumsOf = (xs: number[], ys: number[]) => ({
      n: xs.length,
      x: xs.reduce((a, b) => a + b, 0),
      y: ys.reduce((a, b) => a + b, 0),
      xx: xs.reduce((a, b) => a + b * b, 0),
      yy: ys.reduce((a, b) => a + b * b, 0),
      xy: xs.reduce((a, b, i) => a + b * (ys[i] ?? 0), 0),
    });
    const results = [1, 0, 1, 1, 0, 0, 1, 0, 1, 1];
    // Ratings less 1500, as the rollup keeps them; shifting them does not move r.
    const ratings = [120.5, -80.25, 64, 310, -12.5, -200, 8, 45.75, -150, 99];
    const expected = pearson(results, ratings);
    expect(expected).not.toBeNull();
    expect(pearsonFromSums(sumsOf(results, ratings))).toBeCloseTo(expected ?? NaN, 12);
    expect(pearsonFromSums(sumsOf(results, ratings.map((rating) => rating + 1500)))).toBeCloseTo(expected ?? NaN, 9);
    // A perfect split reads 1, not 1.0000000000000002.
    expect(pearsonFromSums(sumsOf([0, 0, 1, 1], [-10, -10, 10, 10]))).toBe(1);
    expect(pearsonFromSums(sumsOf([1, 1, 1], [1, 2, 3]))).toBeNull();
    expect(pearsonFromSums(sumsOf([0, 1, 0], [7, 7, 7]))).toBeNull();
    expect(pearsonFromSums(sumsOf([], []))).toBeNull();
  });
});
