import { describe, expect, it } from "vitest";
import { characterUnits, labelMatrix, NO_FLAW, unitLabels } from "~/app/calibration/span-labels";

describe("characterUnits", () => {
  it("is one unit per code point, leaving whitespace and format characters out", () => {
    expect(characterUnits("a b\n c")).toEqual([
      { start: 0, end: 1 },
      { start: 2, end: 3 },
      { start: 5, end: 6 },
    ]);
    expect(characterUnits("a\u200Bb\u00AD")).toEqual([
      { start: 0, end: 1 },
      { start: 2, end: 3 },
    ]);
  });

  it("counts an emoji outside the BMP as one unit two UTF-16 offsets long, as marks store offsets", () => {
    const draft = "OK 👍 done";
    const units = characterUnits(draft);
    expect(units).toHaveLength(7);
    expect(units[2]).toEqual({ start: 3, end: 5 });
    expect(draft.slice(3, 5)).toBe("👍");
    expect(units[3]).toEqual({ start: 6, end: 7 });
  });

  it("gives every Japanese character its own unit (no spaces to lean on)", () => {
    const units = characterUnits("返品は30日以内です。");
    expect(units).toHaveLength(11);
    expect(units.map((unit) => "返品は30日以内です。".slice(unit.start, unit.end)).join("")).toBe("返品は30日以内です。");
  });
});

describe("unitLabels", () => {
  it("labels the characters a mark covers with its type and the rest none (Japanese)", () => {
    const draft = "返品は45日以内です。";
    const start = draft.indexOf("45日");
    const labels = unitLabels({ units: characterUnits(draft), marks: [{ start, end: start + 3, type: "hallucination" }] });
    expect(labels).toEqual([NO_FLAW, NO_FLAW, NO_FLAW, "hallucination", "hallucination", "hallucination", NO_FLAW, NO_FLAW, NO_FLAW, NO_FLAW, NO_FLAW]);
  });

  it("labels an emoji once, whether a mark covers both of its offsets or only one", () => {
    const draft = "Calm down 😡 please";
    const at = draft.indexOf("😡");
    const units = characterUnits(draft);
    const whole = unitLabels({ units, marks: [{ start: at, end: at + 2, type: "tone" }] });
    const half = unitLabels({ units, marks: [{ start: at + 1, end: at + 2, type: "tone" }] });
    expect(whole.filter((label) => label === "tone")).toHaveLength(1);
    expect(half).toEqual(whole);
  });

  it("gives overlapping marks of one rater the shortest mark's type", () => {
    const draft = "refund in 45 days";
    const labels = unitLabels({
      units: characterUnits(draft),
      marks: [
        { start: 0, end: 17, type: "tone" },
        { start: 10, end: 12, type: "hallucination" },
      ],
    });
    expect(labels.slice(0, 8)).toEqual(Array(8).fill("tone"));
    expect(labels.slice(8, 10)).toEqual(["hallucination", "hallucination"]);
    expect(labels.slice(10)).toEqual(Array(4).fill("tone"));
  });
});

describe("labelMatrix", () => {
  it("has one row per character and one label per rater", () => {
    const matrix = labelMatrix({ draft: "ab c", ratersMarks: [[{ start: 0, end: 2, type: "tone" }], []] });
    expect(matrix).toEqual([
      ["tone", NO_FLAW],
      ["tone", NO_FLAW],
      [NO_FLAW, NO_FLAW],
    ]);
  });
});
