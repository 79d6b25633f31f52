import { describe, expect, it } from "vitest";
import { detect } from "~/app/content/detectors";
import { draftOverlay, flawLabel, markLabel, rewriteOverlay, safeOffset, segment } from "~/app/practice/feedback-overlay";
import { leftInRanges, maskSecret } from "~/app/practice/feedback.server";
import { checkRewrite } from "~/app/practice/rewrite-check";
import type { PlantedFlaw } from "~/app/practice/types";

const joined = (runs: { text: string }[]) => runs.map((run) => run.text).join("");

describe("segment", () => {
  it("splits at every boundary of overlapping and nested ranges, and the runs make up the text", () => {
    const text = "abcdefghij";
    const runs = segment(text, [
      { id: "a", start: 2, end: 6 },
      { id: "b", start: 4, end: 8 },
      { id: "c", start: 5, end: 6 },
    ]);
    expect(runs.map((r) => [r.text, r.ids])).toEqual([
      ["ab", []],
      ["cd", ["a"]],
      ["e", ["a", "b"]],
      ["f", ["a", "b", "c"]],
      ["gh", ["b"]],
      ["ij", []],
    ]);
    expect(joined(runs)).toBe(text);
  });

  it("ignores empty ranges and clamps ranges to the text", () => {
    expect(segment("abc", [{ id: "e", start: 1, end: 1 }, { id: "x", start: -5, end: 99 }]).map((r) => [r.text, r.ids])).toEqual([["abc", ["x"]]]);
    expect(segment("", [{ id: "x", start: 0, end: 3 }])).toEqual([]);
  });

  it("uses UTF-16 offsets in Japanese, as marks and flaws are stored", () => {
    const text = "ご注文番号は1234です。返品期限は30日です。";
    const start = text.indexOf("返品期限");
    const runs = segment(text, [{ id: "flaw", start, end: start + "返品期限は30日".length }]);
    expect(runs.map((r) => r.text)).toEqual(["ご注文番号は1234です。", "返品期限は30日", "です。"]);
    expect(runs[1]).toMatchObject({ start, ids: ["flaw"] });
  });

  it("never splits an emoji's surrogate pair, and keeps the offsets of the text after it", () => {
    const text = "Sorry 😞 about the 🧊 fridge";
    const fridge = text.indexOf("fridge");
    const runs = segment(text, [
      { id: "fridge", start: fridge, end: fridge + 6 },
      // Both ends of this range fall inside a surrogate pair: they move to the pair's start.
      { id: "halves", start: text.indexOf("😞") + 1, end: text.indexOf("🧊") + 1 },
    ]);
    expect(joined(runs)).toBe(text);
    expect(runs.find((r) => r.ids.includes("halves"))?.text).toBe("😞 about the ");
    expect(runs.find((r) => r.ids.includes("fridge"))?.text).toBe("fridge");
    for (const run of runs) expect(run.text).toBe(run.text.normalize()); // no lone surrogates
    expect(runs.every((run) => !/[\uD800-\uDBFF]$/.test(run.text))).toBe(true);
    expect(safeOffset("a😞", 2)).toBe(1);
  });
});

describe("labels", () => {
  it("tell each status and verdict in words", () => {
    expect(flawLabel({ index: 0, type: "tone", status: "caught", markedAs: ["tone"] })).toBe("Caught: flaw 1, Tone");
    expect(flawLabel({ index: 1, type: "missing_citation", status: "mistyped", markedAs: ["tone"] })).toBe("Mistyped: flaw 2, Missing citation, marked as Tone");
    expect(flawLabel({ index: 2, type: "hallucination", status: "missed", markedAs: [] })).toBe("Missed: flaw 3, Hallucination");
    expect(markLabel({ type: "tone", verdict: "caught" })).toBe("Your mark (Tone): caught");
    expect(markLabel({ type: "tone", verdict: "mistyped" })).toBe("Your mark: mistyped as Tone");
    expect(markLabel({ type: "hallucination", verdict: "false_flag" })).toBe("Your mark (Hallucination): false flag");
  });
});

describe("draftOverlay", () => {
  const draft = "Hi 👋 Derek, please calm down. The fee applies. 配送は明日です。";
  const span = (quote: string) => ({ start: draft.indexOf(quote), end: draft.indexOf(quote) + quote.length });
  const overlay = draftOverlay({
    draft,
    flaws: [
      { index: 0, type: "tone", ...span("please calm down."), status: "caught", markedAs: ["tone"] },
      { index: 1, type: "missing_citation", ...span("The fee applies."), status: "mistyped", markedAs: ["tone"] },
      { index: 2, type: "hallucination", ...span("配送は明日です。"), status: "missed", markedAs: [] },
    ],
    marks: [
      { ...span("please calm down"), type: "tone", caught: 0 },
      { ...span("fee applies"), type: "tone", caught: 1 },
      { ...span("👋 Derek"), type: "hallucination", caught: null },
    ],
    accepts: (index, type) => (index === 0 ? type === "tone" : type === "missing_citation"),
  });

  it("labels every flaw and mark, judged as scoring judged it", () => {
    expect(overlay.annotations.map((a) => a.label)).toEqual([
      "Caught: flaw 1, Tone",
      "Mistyped: flaw 2, Missing citation, marked as Tone",
      "Missed: flaw 3, Hallucination",
      "Your mark (Hallucination): false flag",
      "Your mark (Tone): caught",
      "Your mark: mistyped as Tone",
    ]);
  });

  it("keeps the whole draft, in order, with each label right after the text it covers", () => {
    expect(overlay.pieces.map((p) => p.text).join("")).toBe(draft);
    const endOf = (id: string) => overlay.pieces.find((p) => p.ends.includes(id))?.text;
    expect(endOf("flaw-0")).toBe(".");
    expect(endOf("mark-1")).toBe("please calm down");
    expect(endOf("mark-2")).toBe("fee applies");
    expect(endOf("mark-0")).toBe("👋 Derek");
    expect(endOf("flaw-2")).toBe("配送は明日です。");
    expect(overlay.pieces.find((p) => p.text === "fee applies")?.ids).toEqual(["flaw-1", "mark-2"]);
    expect(overlay.pieces.find((p) => p.text === "please calm down")?.ids).toEqual(["flaw-0", "mark-1"]);
  });
});

describe("rewriteOverlay", () => {
  const draft = "Hi Derek, please calm down. The $45 fee applies. A new slot is free [shipping.freight].";
  const flaws: PlantedFlaw[] = [{ index: 0, type: "tone", quote: "please calm down", start: 10, end: 26 }];
  const rewrite = "Hi Derek, please\u00A0calm down. Your card 4111 1111 1111 1111 is on file; a new slot is free [shipping.freight] and see [shipping.made-up].";

  const check = checkRewrite({ draft, flaws, rewrite, findRestricted: (text) => detect(text, ["payment_card"]), knownAnchors: new Set(["shipping.freight"]) });
  const overlay = rewriteOverlay({
    rewrite,
    leftIn: leftInRanges({ rewrite, flaws, leftIn: check.leftIn }),
    leaked: check.leaked,
    fabricated: check.fabricatedCitations,
    mask: maskSecret,
    categoryLabel: (c) => (c === "payment_card" ? "payment card number" : c),
  });
  const shown = overlay.pieces.map((p) => p.text).join("");

  it("never shows the leaked datum: its category and last four characters only", () => {
    expect(shown).not.toMatch(/4111 1111 1111/);
    expect(shown).toContain("[payment card number ••••1111]");
    expect(overlay.annotations.find((a) => a.kind === "leaked")?.label).toBe("Leaked: payment card number");
  });

  it("highlights the flaw left in (found through the normalisation) and the added fabricated citation", () => {
    expect(overlay.pieces.find((p) => p.ids.some((id) => id.startsWith("left-")))?.text).toBe("please\u00A0calm down");
    expect(overlay.pieces.find((p) => p.ids.some((id) => id.startsWith("fabricated-")))?.text).toBe("[shipping.made-up]");
    expect(overlay.annotations.map((a) => a.label)).toEqual([
      "Left in: flaw 1, Tone",
      "Added: a citation of a section that does not exist",
      "Leaked: payment card number",
    ]);
  });

  it("masks a secret once even when a left-in flaw overlaps it", () => {
    const secret = "4111 1111 1111 1111";
    const text = `Card ${secret} ok`;
    const start = text.indexOf(secret);
    const o = rewriteOverlay({
      rewrite: text,
      leftIn: [{ flawIndex: 0, type: "restricted_data", start: start - 5, end: start + 4 }],
      leaked: [{ category: "payment_card", start, end: start + secret.length }],
      fabricated: [],
      mask: maskSecret,
      categoryLabel: () => "payment card number",
    });
    expect(o.pieces.map((p) => p.text).join("")).toBe("Card [payment card number ••••1111] ok");
    expect(o.pieces.filter((p) => p.masked)).toHaveLength(1);
    expect(o.pieces.flatMap((p) => p.ends)).toEqual(["left-0", "leaked-0"]);
  });

  it("keeps Japanese and emoji rewrites whole around a masked secret", () => {
    const text = "🙏 カード番号 4111111111111111 は削除しました。";
    const spans = detect(text, ["payment_card"]);
    const o = rewriteOverlay({ rewrite: text, leftIn: [], leaked: spans, fabricated: [], mask: maskSecret, categoryLabel: () => "カード" });
    expect(o.pieces.map((p) => p.text).join("")).toBe("🙏 カード番号 [カード ••••1111] は削除しました。");
  });
});
