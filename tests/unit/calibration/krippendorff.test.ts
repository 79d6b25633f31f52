import { describe, expect, it } from "vitest";
import { krippendorffAlphaNominal } from "~/app/calibration/krippendorff";
import { seededRandom } from "~/app/practice/seeded-random";

describe("krippendorffAlphaNominal", () => {
  it("is 1 when every rater gives every unit the same value", () => {
    const result = krippendorffAlphaNominal([
      ["none", "none", "none"],
      ["tone", "tone", "tone"],
      ["none", "none", "none"],
      ["hallucination", "hallucination", "hallucination"],
    ]);
    expect(result.alpha).toBe(1);
    expect(result.pairable).toBe(12);
  });

  it("every combination of two values once: hand-computed 1 − 7·4/32 = 0.125 (chance, corrected for the small sample)", () => {
    // o_aa = 2, o_bb = 2, o_ab = o_ba = 2; n_a = n_b = 4, n = 8; α = 1 − (n − 1)·Σ_{c≠k} o_ck / Σ_{c≠k} n_c·n_k = 1 − 7·4 / 32.
    const result = krippendorffAlphaNominal([
      ["a", "a"],
      ["a", "b"],
      ["b", "a"],
      ["b", "b"],
    ]);
    expect(result.alpha).toBeCloseTo(0.125, 12);
  });

  it("is about 0 when raters label independently at random", () => {
    const random = seededRandom(2026);
    const labels = ["none", "tone", "hallucination"];
    const pick = () => labels[Math.floor(random() * labels.length)] ?? "none";
    const units = Array.from({ length: 20_000 }, () => [pick(), pick(), pick()]);
    const { alpha } = krippendorffAlphaNominal(units);
    expect(alpha).not.toBeNull();
    expect(Math.abs(alpha ?? 1)).toBeLessThan(0.02);
  });

  it("is negative when raters systematically disagree", () => {
    expect(krippendorffAlphaNominal([["a", "b"], ["b", "a"]]).alpha).toBeLessThan(0);
  });

  it("leaves a missing rater out of a unit, and a unit with one value out altogether: hand-computed 0.5", () => {
    // u1 a,a,– → o_aa += 2; u2 b,b,b → o_bb += 6/2 = 3; u3 a,b,– → o_ab += 1, o_ba += 1; u4 –,a,– adds nothing.
    // n_a = 3, n_b = 4, n = 7; α = 1 − 6·2 / (2·3·4) = 0.5.
    const result = krippendorffAlphaNominal([
      ["a", "a", null],
      ["b", "b", "b"],
      ["a", "b", null],
      [null, "a", null],
    ]);
    expect(result).toEqual({ alpha: 0.5, pairable: 7, units: 3 });
  });

  it("reproduces Krippendorff's published nominal example (2011: 4 observers, 12 units, missing values): α = 0.743", () => {
    // "Computing Krippendorff's Alpha-Reliability", section C: the reliability data matrix, observers A–D by rows.
    const observers: (number | null)[][] = [
      [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
      [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
      [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
      [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
    ];
    const units = Array.from({ length: 12 }, (_, unit) => observers.map((row) => (row[unit] === null || row[unit] === undefined ? null : String(row[unit]))));
    const result = krippendorffAlphaNominal(units);
    expect(result.pairable).toBe(40);
    expect(result.alpha).toBeCloseTo(0.743, 3);
  });

  it("is undefined without two values in a unit, or without any variation", () => {
    expect(krippendorffAlphaNominal([])).toEqual({ alpha: null, pairable: 0, units: 0, reason: "no_pairable_values" });
    expect(krippendorffAlphaNominal([["a"], ["b"], [null, "a"]])).toMatchObject({ alpha: null, reason: "no_pairable_values" });
    expect(krippendorffAlphaNominal([["none", "none"], ["none", "none", null]])).toEqual({ alpha: null, pairable: 4, units: 2, reason: "no_variation" });
  });
});
