import { describe, expect, it } from "vitest";
import { findOccurrences } from "~/app/content/drill";
import { compareDraftAndReply, MAX_EDITS, tokenize, type ChangedSpan } from "~/app/drill-candidates/changed-spans";

/** A span as the drill validator resolves it: the quote's occurrence (the only one, or the numbered one) starts where the span does. */
function resolves(draft: string, span: ChangedSpan) {
  const starts = findOccurrences(draft, span.quote);
  return span.occurrence === null ? starts.length === 1 && starts[0] === span.start : starts[span.occurrence - 1] === span.start;
}

const spansOf = (draft: string, reply: string, locale?: string) => compareDraftAndReply(draft, reply, locale).spans.map(({ kind, quote, occurrence, replacement }) => ({ kind, quote, occurrence, replacement }));

describe("tokenize", () => {
  it("splits Japanese into words without spaces, keeps an emoji sequence and a redaction marker whole, and leaves whitespace out", () => {
    const text = "返品期限は45日です。👩‍💻 カード [REDACTED: payment card] です";
    const words = tokenize(text, "ja").map((token) => text.slice(token.start, token.end));
    expect(words).toEqual(["返品", "期限", "は", "45", "日", "です", "。", "👩‍💻", "カード", "[REDACTED: payment card]", "です"]);
  });

  it("compares tokens after the shared normalisation: full-width digits and no-break spaces are no change", () => {
    expect(compareDraftAndReply("Within ３０ days,\u00a0we refund.", "Within 30 days, we\nrefund.").spans).toEqual([]);
  });
});

describe("compareDraftAndReply", () => {
  it("marks a changed number in English and says what it became", () => {
    const draft = "Hi Dana, our return window is 45 days [refunds.window], so you can send it back.";
    const { spans, draft: left, reply: right } = compareDraftAndReply(draft, "Hi Dana, our return window is 30 days [refunds.window], so you can send it back.");
    expect(spans).toEqual([{ start: 30, end: 32, kind: "changed", quote: "45", occurrence: null, replacement: "30" }]);
    expect(left.filter((part) => part.marked).map((part) => part.text)).toEqual(["45"]);
    expect(right.filter((part) => part.marked).map((part) => part.text)).toEqual(["30"]);
    // Each side reads back exactly as it was.
    expect(left.map((part) => part.text).join("")).toBe(draft);
  });

  it("marks changed words in Japanese at UTF-16 offsets the drill validator resolves", () => {
    const draft = "田中様、返品期限は45日です [refunds.window]。ご安心ください。";
    const reply = "田中様、返品期限は30日です [refunds.window]。";
    const { spans } = compareDraftAndReply(draft, reply, "ja");
    expect(spans.map(({ kind, quote, replacement }) => ({ kind, quote, replacement }))).toEqual([
      { kind: "changed", quote: "45", replacement: "30" },
      { kind: "deleted", quote: "ご安心ください。", replacement: "" },
    ]);
    for (const span of spans) expect(resolves(draft, span)).toBe(true);
  });

  it("keeps offsets right after emoji (two UTF-16 units each, a ZWJ sequence five)", () => {
    const draft = "Thanks 🙏👩‍💻! Calm down, we refund in 45 days.";
    const reply = "Thanks 🙏👩‍💻! We refund in 30 days.";
    const { spans } = compareDraftAndReply(draft, reply);
    expect(spans.map((span) => span.quote)).toEqual(["Calm down, we", "45"]);
    expect(spans[0]?.start).toBe(draft.indexOf("Calm"));
    for (const span of spans) expect(resolves(draft, span)).toBe(true);
  });

  it("an emoji the agent took out is a span of its own", () => {
    const draft = "Sorry 😡 about that.";
    expect(spansOf(draft, "Sorry about that.")).toEqual([{ kind: "deleted", quote: "😡", occurrence: null, replacement: "" }]);
  });

  it("words added with nothing taken out mark the sentence they went into", () => {
    expect(spansOf("We refund within 30 days. Thanks!", "We refund within 30 days [refunds.window]. Thanks!")).toEqual([
      { kind: "added", quote: "We refund within 30 days.", occurrence: null, replacement: "[refunds.window]" },
    ]);
    expect(spansOf("返品は30日以内です。", "返品は30日以内です [refunds.window]。", "ja")).toEqual([{ kind: "added", quote: "返品は30日以内です。", occurrence: null, replacement: "[refunds.window]" }]);
  });

  it("numbers the occurrence when the changed words occur more than once", () => {
    const draft = "Yes. Yes. We will refund. Yes.";
    const [span] = compareDraftAndReply(draft, "Yes. Yes. We will refund.").spans;
    expect(span).toMatchObject({ quote: "Yes.", occurrence: 3, start: 26 });
    expect(span && resolves(draft, span)).toBe(true);
  });

  it("merges overlapping spans: an added citation in a sentence that also lost words", () => {
    expect(spansOf("We refund fully within 30 days. Bye.", "We refund within 30 days [refunds.window]. Bye.")).toEqual([
      { kind: "changed", quote: "We refund fully within 30 days.", occurrence: null, replacement: "[refunds.window]" },
    ]);
  });

  it("a redaction marker the agent removed is one span", () => {
    expect(spansOf("Your card [REDACTED: payment card] is on file.", "Your card is on file.")).toEqual([{ kind: "deleted", quote: "[REDACTED: payment card]", occurrence: null, replacement: "" }]);
  });

  it("finds nothing when the agent changed only spacing or line breaks", () => {
    const { spans, draft, reply } = compareDraftAndReply("Same text.\nHere", "Same  text. Here");
    expect(spans).toEqual([]);
    expect([...draft, ...reply].some((part) => part.marked)).toBe(false);
  });

  it("a reply that replaces everything marks the whole draft", () => {
    expect(spansOf("A b c.", "Totally different")).toEqual([{ kind: "changed", quote: "A b c.", occurrence: null, replacement: "Totally different" }]);
  });
});

describe("a reply too different to mark word by word", () => {
  it(`past ${MAX_EDITS} tokens taken out and put in is a rewrite: the whole draft is one changed span, found quickly`, () => {
    const words = (seed: number, n: number) => Array.from({ length: n }, (_, i) => `w${(i * seed) % 997}`).join(" ");
    const draft = words(7, 3000);
    const reply = words(13, 3000);
    const started = performance.now();
    const comparison = compareDraftAndReply(draft, reply);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(comparison.rewritten).toBe(true);
    expect(comparison.spans).toEqual([{ start: 0, end: draft.length, kind: "changed", quote: draft, occurrence: null, replacement: reply }]);
    expect(comparison.draft).toEqual([{ text: draft, marked: true }]);
    // Just within the bound, it is still an edit.
    const edited = compareDraftAndReply(words(7, 400), `${words(7, 400)} ${"x ".repeat(MAX_EDITS / 2)}`.trim());
    expect(edited.rewritten).toBe(false);
  });
});
