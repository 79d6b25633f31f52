import { describe, expect, it } from "vitest";
import {
  POINTS,
  scoreAttempt,
  type AttemptScore,
  type FindRestricted,
} from "~/app/practice/scoring";
import { InputError } from "~/app/input-error";
import type { Mark, PlantedFlaw } from "~/app/practice/types";
import type { Decision, FlawType } from "~/app/vocabulary";

const noRestricted: FindRestricted = () => [];
/** The sections that exist, for the citation checks of rewrites. */
const KNOWN_ANCHORS: ReadonlySet<string> = new Set(["refunds.window", "refunds.members", "refunds.timing"]);
/** A stand-in detector: 16-digit runs are payment cards. */
const findCards: FindRestricted = (text) =>
  [...text.matchAll(/\d{16}/g)].map((match) => ({ start: match.index, end: match.index + match[0].length, category: "payment_card" }));

function flawAt({ draft, quote, type, index = 0, policy }: { draft: string; quote: string; type: FlawType; index?: number; policy?: string }): PlantedFlaw {
  const start = draft.indexOf(quote);
  if (start === -1) throw new Error(`quote not in draft: ${quote}`);
  return { index, type, quote, start, end: start + quote.length, ...(policy === undefined ? {} : { policy }) };
}

/** A mark over the first occurrence of `text` in the draft. */
function markOn({ draft, text, type, from = 0 }: { draft: string; text: string; type: FlawType; from?: number }): Mark {
  const start = draft.indexOf(text, from);
  if (start === -1) throw new Error(`text not in draft: ${text}`);
  return { start, end: start + text.length, type };
}

function score(overrides: Partial<Parameters<typeof scoreAttempt>[0]> & { draft: string }): AttemptScore {
  const flaws = overrides.flaws ?? [];
  return scoreAttempt({
    flaws,
    marks: [],
    decision: flaws.length > 0 ? "rewrite" : "send",
    expected: flaws.length > 0 ? "rewrite" : "send",
    findRestricted: noRestricted,
    knownAnchors: KNOWN_ANCHORS,
    ...overrides,
  });
}

const DRAFT =
  "Hi Dana, sorry about the leak. Our return window is 45 days [refunds.window], so you can send it back. Have a great day!";
const WINDOW_FLAW = flawAt({ draft: DRAFT, quote: "Our return window is 45 days", type: "hallucination", policy: "refunds.window" });

describe("catching: overlap at the edges", () => {
  // No whitespace in these drafts, so trimming leaves the marks exactly as given.
  const EDGES = "abcdeFGHIJklmno";
  const EDGE_FLAW: PlantedFlaw = { index: 0, type: "tone", quote: "FGHIJ", start: 5, end: 10 };

  it("a mark ending exactly where the flaw starts does not overlap it", () => {
    const mark: Mark = { start: 2, end: 5, type: "tone" };
    const result = score({ draft: EDGES, flaws: [EDGE_FLAW], marks: [mark] });
    expect(result.flaws[0]?.status).toBe("missed");
    expect(result.falseFlags).toEqual([mark]);
  });

  it("a mark starting exactly where the flaw ends does not overlap it", () => {
    const mark: Mark = { start: 10, end: 12, type: "tone" };
    const result = score({ draft: EDGES, flaws: [EDGE_FLAW], marks: [mark] });
    expect(result.flaws[0]?.status).toBe("missed");
    expect(result.falseFlags).toEqual([mark]);
  });

  it("a one-character overlap on a one-character mark catches it", () => {
    const result = score({ draft: EDGES, flaws: [EDGE_FLAW], marks: [{ start: 9, end: 10, type: "tone" }] });
    expect(result.flaws[0]?.status).toBe("caught");
  });

  it("exactly half of the mark inside the quote catches the flaw", () => {
    // 10 characters, 5 of them inside the quote.
    const result = score({ draft: EDGES, flaws: [EDGE_FLAW], marks: [{ start: 0, end: 10, type: "tone" }] });
    expect(result.flaws[0]?.status).toBe("caught");
    expect(result.counts.falseFlags).toBe(0);
  });

  it("just under half inside does not catch it", () => {
    // 11 characters, 5 of them inside the quote.
    const result = score({ draft: EDGES, flaws: [EDGE_FLAW], marks: [{ start: 0, end: 11, type: "tone" }] });
    expect(result.flaws[0]?.status).toBe("missed");
    expect(result.counts.falseFlags).toBe(1);
  });

  it("a mark wholly inside the quote catches it", () => {
    const result = score({ draft: DRAFT, flaws: [WINDOW_FLAW], marks: [markOn({ draft: DRAFT, text: "return window", type: "hallucination" })] });
    expect(result.flaws[0]?.status).toBe("caught");
  });
});

describe("catching: what the agent marks", () => {
  it("marking the wrong number inside a long flawed sentence catches the flaw", () => {
    const draft = "Thanks for waiting. Refunds reach your card within 2 hours of us receiving the item, every time. Bye.";
    const flaw = flawAt({ draft, quote: "Refunds reach your card within 2 hours of us receiving the item, every time.", type: "hallucination" });
    const result = score({ draft, flaws: [flaw], marks: [markOn({ draft, text: "2 hours", type: "hallucination" })] });
    expect(result.flaws[0]?.status).toBe("caught");
    expect(result.counts).toMatchObject({ caught: 1, correctlyTyped: 1, missed: 0, falseFlags: 0, marks: 1 });
  });

  it("marking the whole draft catches nothing and is a false flag", () => {
    const result = score({ draft: DRAFT, flaws: [WINDOW_FLAW], marks: [{ start: 0, end: DRAFT.length, type: "hallucination" }] });
    expect(result.flaws[0]?.status).toBe("missed");
    expect(result.counts).toMatchObject({ caught: 0, missed: 1, falseFlags: 1, marks: 1 });
  });

  it("a caught flaw with the wrong type is caught but mistyped", () => {
    const result = score({ draft: DRAFT, flaws: [WINDOW_FLAW], marks: [markOn({ draft: DRAFT, text: "45 days", type: "missing_citation" })] });
    expect(result.flaws[0]).toMatchObject({ status: "mistyped", markedAs: ["missing_citation"] });
    expect(result.counts).toMatchObject({ planted: 1, caught: 1, correctlyTyped: 0, mistyped: 1, missed: 0, falseFlags: 0 });
  });

  it("several marks on one flaw count it once, correctly typed only if every one has an accepted type", () => {
    const marks: Mark[] = [
      markOn({ draft: DRAFT, text: "45", type: "tone" }),
      markOn({ draft: DRAFT, text: "return window", type: "hallucination" }),
      markOn({ draft: DRAFT, text: "Our", type: "hallucination" }),
    ];
    const result = score({ draft: DRAFT, flaws: [WINDOW_FLAW], marks });
    expect(result.flaws[0]).toMatchObject({ status: "mistyped", markedAs: ["tone", "hallucination"] });
    expect(result.counts).toMatchObject({ caught: 1, correctlyTyped: 0, mistyped: 1, falseFlags: 0, marks: 3 });
    expect(result.points).toBe(POINTS.mistyped + POINTS.expectedDecision);
    const allRight = score({ draft: DRAFT, flaws: [WINDOW_FLAW], marks: marks.slice(1) });
    expect(allRight.flaws[0]).toMatchObject({ status: "caught", markedAs: ["hallucination"] });
    expect(allRight.points).toBe(POINTS.caught + POINTS.expectedDecision);
  });

  it("several wrongly typed marks on one flaw leave it mistyped once", () => {
    const marks: Mark[] = [markOn({ draft: DRAFT, text: "45", type: "tone" }), markOn({ draft: DRAFT, text: "window", type: "fabricated_citation" })];
    const result = score({ draft: DRAFT, flaws: [WINDOW_FLAW], marks });
    expect(result.flaws[0]).toMatchObject({ status: "mistyped", markedAs: ["tone", "fabricated_citation"] });
    expect(result.counts.mistyped).toBe(1);
  });

  it("a mark over two flaws goes to the one it overlaps most", () => {
    const draft = "We refund in 2 hours. Calm down please.";
    const refund = flawAt({ draft, quote: "We refund in 2 hours.", type: "hallucination", index: 0 });
    const calm = flawAt({ draft, quote: "Calm down please.", type: "tone", index: 1 });
    // "2 hours. Calm down please" overlaps "2 hours." (8) and "Calm down please" (16).
    const mark = markOn({ draft, text: "2 hours. Calm down please", type: "tone" });
    const result = score({ draft, flaws: [refund, calm], marks: [mark] });
    expect(result.flaws.map((flaw) => flaw.status)).toEqual(["missed", "caught"]);
  });

  it("an exact tie between adjacent flaws goes to the flaw of the marked type", () => {
    const draft = "AAAABBBB";
    const first: PlantedFlaw = { index: 0, type: "hallucination", quote: "AAAA", start: 0, end: 4 };
    const second: PlantedFlaw = { index: 1, type: "tone", quote: "BBBB", start: 4, end: 8 };
    const result = score({ draft, flaws: [first, second], marks: [{ start: 2, end: 6, type: "tone" }] });
    expect(result.flaws.map((flaw) => flaw.status)).toEqual(["missed", "caught"]);
  });

  it("nested flaws: a mark on the inner datum catches the inner flaw", () => {
    const draft = "Your card 4111111111111111 is refunded in 2 hours.";
    const outer = flawAt({ draft, quote: draft, type: "hallucination", index: 0 });
    const inner = flawAt({ draft, quote: "4111111111111111", type: "restricted_data", index: 1 });
    const typed = score({ draft, flaws: [outer, inner], marks: [markOn({ draft, text: "4111111111111111", type: "restricted_data" })] });
    expect(typed.flaws.map((flaw) => flaw.status)).toEqual(["missed", "caught"]);
    // With neither type matching, the shorter, more specific quote wins.
    const untyped = score({ draft, flaws: [outer, inner], marks: [markOn({ draft, text: "4111111111111111", type: "tone" })] });
    expect(untyped.flaws.map((flaw) => flaw.status)).toEqual(["missed", "mistyped"]);
  });

  it("results come back in flaw index order whatever the input order", () => {
    const draft = "one two";
    const flaws: PlantedFlaw[] = [
      { index: 1, type: "tone", quote: "two", start: 4, end: 7 },
      { index: 0, type: "hallucination", quote: "one", start: 0, end: 3 },
    ];
    const result = score({ draft, flaws, marks: [{ start: 4, end: 7, type: "tone" }] });
    expect(result.flaws.map((flaw) => [flaw.index, flaw.status])).toEqual([
      [0, "missed"],
      [1, "caught"],
    ]);
  });
});

describe("catching: whitespace trimming", () => {
  it("trims surrounding whitespace before applying the half rule", () => {
    const draft = "x          45          y";
    const flaw: PlantedFlaw = { index: 0, type: "hallucination", quote: "45", start: 11, end: 13 };
    // Untrimmed, only 2 of 22 characters are inside the quote.
    const result = score({ draft, flaws: [flaw], marks: [{ start: 1, end: 23, type: "hallucination" }] });
    expect(result.flaws[0]?.status).toBe("caught");
  });

  it("drops a mark that is only whitespace: neither a mark nor a false flag", () => {
    const draft = "Hello   there";
    const result = score({ draft, marks: [{ start: 5, end: 8, type: "tone" }] });
    expect(result.counts).toMatchObject({ marks: 0, falseFlags: 0 });
    expect(result.gameScore).toBe(1);
  });

  it("trims newlines, tabs and the ideographic space", () => {
    const draft = "前文\n\t\u3000返品は45日以内です。\u3000\n後文";
    const flaw = flawAt({ draft, quote: "返品は45日以内です。", type: "hallucination" });
    const result = score({ draft, flaws: [flaw], marks: [{ start: 2, end: draft.length - 2, type: "hallucination" }] });
    expect(result.flaws[0]?.status).toBe("caught");
    expect(result.falseFlags).toEqual([]);
  });

  it("reports false flags as the trimmed mark", () => {
    const draft = "Hello  there  friend";
    const result = score({ draft, marks: [{ start: 5, end: 14, type: "tone" }] });
    expect(result.falseFlags).toEqual([{ start: 7, end: 12, type: "tone" }]);
  });
});

describe("catching: Japanese text and emoji use UTF-16 offsets", () => {
  const draft = "田中様😀、ご連絡ありがとうございます。返品期間は45日です[refunds.window]。🙇‍♀️よろしくお願いします。";
  const flaw = flawAt({ draft, quote: "返品期間は45日です", type: "hallucination" });

  it("finds the quote after surrogate pairs at the right code-unit offsets", () => {
    expect(draft.slice(flaw.start, flaw.end)).toBe("返品期間は45日です");
    // "田中様" (3) + "😀" (2 code units) + "、" …
    expect(draft.indexOf("、")).toBe(5);
    const result = score({ draft, flaws: [flaw], marks: [markOn({ draft, text: "45日", type: "hallucination" })] });
    expect(result.flaws[0]?.status).toBe("caught");
  });

  it("counts an emoji as two characters of the mark", () => {
    const emojiDraft = "ab😀cX";
    const emojiFlaw: PlantedFlaw = { index: 0, type: "tone", quote: "cX", start: 4, end: 6 };
    // Mark "😀c": 3 code units, 1 inside the quote: under half.
    const under = score({ draft: emojiDraft, flaws: [emojiFlaw], marks: [{ start: 2, end: 5, type: "tone" }] });
    expect(under.flaws[0]?.status).toBe("missed");
    // Mark "😀cX": 4 code units, 2 inside: exactly half.
    const half = score({ draft: emojiDraft, flaws: [emojiFlaw], marks: [{ start: 2, end: 6, type: "tone" }] });
    expect(half.flaws[0]?.status).toBe("caught");
  });

  it("accepts a mark ending at the very end of a draft ending in an emoji", () => {
    const emojiDraft = "Calm down 😤";
    const toneFlaw = flawAt({ draft: emojiDraft, quote: "Calm down 😤", type: "tone" });
    const result = score({ draft: emojiDraft, flaws: [toneFlaw], marks: [{ start: 0, end: emojiDraft.length, type: "tone" }] });
    expect(result.flaws[0]?.status).toBe("caught");
  });
});

describe("draft-level outcome and decision", () => {
  const clean = "Hi Dana, your refund was issued today [refunds.timing].";

  it.each<[boolean, Decision, string]>([
    [true, "rewrite", "hit"],
    [true, "escalate", "hit"],
    [true, "send", "miss"],
    [false, "rewrite", "false_alarm"],
    [false, "escalate", "false_alarm"],
    [false, "send", "correct_rejection"],
  ])("flawed=%s, decision %s → %s", (flawed, decision, outcome) => {
    const result = flawed
      ? score({ draft: DRAFT, flaws: [WINDOW_FLAW], decision, expected: "rewrite" })
      : score({ draft: clean, decision, expected: "send" });
    expect(result.outcome).toBe(outcome);
    expect(result.flawed).toBe(flawed);
  });

  it("a clean control sent with no false flags: correct rejection, full points, game score 1", () => {
    const result = score({ draft: clean });
    expect(result).toMatchObject({ outcome: "correct_rejection", decisionMatches: true, decisionNote: null, points: 10, maxPoints: 10, gameScore: 1 });
    expect(result.flaws).toEqual([]);
  });

  it("a clean control overridden is a false alarm, with no note beyond the outcome, and game score 0", () => {
    const result = score({ draft: clean, decision: "rewrite", rewrite: "Hi Dana, your refund is on its way." });
    expect(result.outcome).toBe("false_alarm");
    expect(result.decisionMatches).toBe(false);
    // The outcome says it all: no note repeats it.
    expect(result.decisionNote).toBeNull();
    expect(result.points).toBe(0);
    expect(result.gameScore).toBe(0);
  });

  it("false flags on a control cost points and game score", () => {
    const result = score({ draft: clean, marks: [markOn({ draft: clean, text: "today", type: "hallucination" })] });
    expect(result.outcome).toBe("correct_rejection");
    expect(result.points).toBe(10 + POINTS.falseFlag);
    expect(result.gameScore).toBeCloseTo(0.9);
  });

  it("escalating where a rewrite was expected is a hit with fewer points and a note", () => {
    const result = score({ draft: DRAFT, flaws: [WINDOW_FLAW], decision: "escalate", expected: "rewrite" });
    expect(result.outcome).toBe("hit");
    expect(result.decisionMatches).toBe(false);
    expect(result.decisionNote).toMatch(/rewriting/i);
    expect(result.pointsBreakdown.find((line) => line.kind === "decision")?.points).toBe(POINTS.otherOverride);
  });

  it("rewriting where escalation was expected is a hit with fewer points and a note", () => {
    const result = score({ draft: DRAFT, flaws: [WINDOW_FLAW], decision: "rewrite", expected: "escalate" });
    expect(result.outcome).toBe("hit");
    expect(result.decisionNote).toMatch(/escalat/i);
    expect(result.pointsBreakdown.find((line) => line.kind === "decision")).toMatchObject({ points: POINTS.otherOverride, label: "Rewrote where escalation was expected" });
  });

  it("escalating as expected earns the full decision points", () => {
    const result = score({ draft: DRAFT, flaws: [WINDOW_FLAW], decision: "escalate", expected: "escalate" });
    expect(result.decisionMatches).toBe(true);
    expect(result.decisionNote).toBeNull();
    expect(result.pointsBreakdown.find((line) => line.kind === "decision")?.points).toBe(POINTS.expectedDecision);
  });

  it("a flawed draft sent with nothing caught: blind acceptance, 0 points, game score 0", () => {
    const result = score({ draft: DRAFT, flaws: [WINDOW_FLAW], decision: "send" });
    expect(result).toMatchObject({ outcome: "miss", points: 0, gameScore: 0 });
    expect(result.decisionNote).toBeNull();
  });
});

describe("rewrite check", () => {
  const draft = "Hi Dana. Our return window is 45 days. Returns are free for members. Your card 4111111111111111 is on file.";
  const flaws: PlantedFlaw[] = [
    flawAt({ draft, quote: "Our return window is 45 days.", type: "hallucination", index: 0 }),
    flawAt({ draft, quote: "Returns are free for members.", type: "missing_citation", index: 1 }),
    flawAt({ draft, quote: "4111111111111111", type: "restricted_data", index: 2 }),
  ];
  const check = (rewrite: string, decision: Decision = "rewrite") =>
    scoreAttempt({ draft, flaws, marks: [], decision, expected: "rewrite", rewrite, findRestricted: findCards, knownAnchors: KNOWN_ANCHORS }).rewriteCheck;

  it("flags every planted quote left verbatim in the rewrite", () => {
    expect(check(draft)).toEqual({
      leftIn: [0, 1, 2],
      leaked: [{ start: draft.indexOf("4111"), end: draft.indexOf("4111") + 16, category: "payment_card" }],
      fabricatedCitations: [],
      usable: true,
      length: draft.length,
      minLength: 15,
      removed: 0,
      planted: 3,
    });
  });

  it("counts fixed flaws as removed", () => {
    expect(check("Hi Dana. Our return window is 30 days [refunds.window]. Your card on file stays private.")).toEqual({
      leftIn: [],
      leaked: [],
      fabricatedCitations: [],
      usable: true,
      length: 88,
      minLength: 15,
      removed: 3,
      planted: 3,
    });
  });

  it("a missing citation is fixed by citing it, with or without whitespace before the anchor", () => {
    for (const cited of [
      "Returns are free for members.[refunds.members]",
      "Returns are free for members. [refunds.members]",
      "Returns are free for members.\n  [refunds.members]",
    ]) {
      expect(check(cited)?.leftIn).toEqual([]);
    }
  });

  it("a missing citation stays left in when the citation is missing, elsewhere, or a link", () => {
    for (const uncited of [
      "Returns are free for members.",
      "[refunds.members] Returns are free for members.",
      "Returns are free for members. See [refunds.members](https://example.com).",
      "Returns are free for members. Thanks. [refunds.members]",
      "Returns are free for members. [not an anchor]",
    ]) {
      expect(check(uncited)?.leftIn, uncited).toEqual([1]);
    }
  });

  it("a missing citation repeated in the rewrite is left in if any occurrence lacks a citation", () => {
    expect(check("Returns are free for members. [refunds.members] Returns are free for members.")?.leftIn).toEqual([1]);
  });

  it("lists restricted data the detectors find in the rewrite, with offsets into the rewrite", () => {
    const rewrite = "We will charge 5500000000000004 again.";
    expect(check(rewrite)?.leaked).toEqual([{ start: 15, end: 31, category: "payment_card" }]);
  });

  it("is only run for a rewrite decision with a non-blank rewrite", () => {
    expect(check(draft, "escalate")).toBeNull();
    expect(check("   \n")).toBeNull();
    const noText = scoreAttempt({ draft, flaws, marks: [], decision: "rewrite", expected: "rewrite", findRestricted: findCards, knownAnchors: KNOWN_ANCHORS });
    expect(noText.rewriteCheck).toBeNull();
  });

  it("checks a rewrite of a clean control for leaks too", () => {
    const clean = "Your refund is on its way.";
    const result = scoreAttempt({
      draft: clean,
      flaws: [],
      marks: [],
      decision: "rewrite",
      expected: "send",
      rewrite: "Refund to 4111111111111111 is on its way.",
      findRestricted: findCards,
      knownAnchors: KNOWN_ANCHORS,
    });
    expect(result.rewriteCheck).toMatchObject({ leftIn: [], removed: 0, planted: 0 });
    expect(result.rewriteCheck?.leaked).toHaveLength(1);
    expect(result.points).toBe(0);
  });

  it("left-in flaws and leaks cost points", () => {
    const marks = flaws.map((flaw) => ({ start: flaw.start, end: flaw.end, type: flaw.type }));
    const perfect = scoreAttempt({ draft, flaws, marks, decision: "rewrite", expected: "rewrite", rewrite: "Fixed [refunds.window].", findRestricted: findCards, knownAnchors: KNOWN_ANCHORS });
    const leaky = scoreAttempt({ draft, flaws, marks, decision: "rewrite", expected: "rewrite", rewrite: draft, findRestricted: findCards, knownAnchors: KNOWN_ANCHORS });
    expect(perfect.points).toBe(3 * POINTS.caught + POINTS.expectedDecision);
    expect(perfect.points).toBe(perfect.maxPoints);
    expect(perfect.gameScore).toBe(1);
    expect(leaky.points).toBe(3 * POINTS.caught + POINTS.expectedDecision + 3 * POINTS.leftIn + POINTS.leaked);
    expect(leaky.gameScore).toBeLessThan(perfect.gameScore);
  });
});

describe("points and game score", () => {
  const sumOf = (result: AttemptScore) => result.pointsBreakdown.reduce((total, line) => total + line.points, 0);

  it("breakdown lines add up to the total, with a floor line when negative", () => {
    const manyFalseFlags = score({
      draft: DRAFT,
      flaws: [WINDOW_FLAW],
      decision: "send",
      marks: ["Hi", "Dana", "sorry", "leak", "great"].map((text) => markOn({ draft: DRAFT, text, type: "tone" })),
    });
    expect(manyFalseFlags.points).toBe(0);
    expect(sumOf(manyFalseFlags)).toBe(0);
    expect(manyFalseFlags.pointsBreakdown.at(-1)).toMatchObject({ kind: "floor", points: 15 });
    expect(manyFalseFlags.gameScore).toBe(0);
  });

  it("explains each line with a count", () => {
    const draft = "We refund in 2 hours. Calm down please. Thanks!";
    const flaws = [
      flawAt({ draft, quote: "We refund in 2 hours.", type: "hallucination", index: 0 }),
      flawAt({ draft, quote: "Calm down please.", type: "tone", index: 1 }),
    ];
    const result = score({
      draft,
      flaws,
      marks: [
        markOn({ draft, text: "2 hours", type: "hallucination" }),
        markOn({ draft, text: "Calm down", type: "hallucination" }),
        markOn({ draft, text: "Thanks", type: "tone" }),
      ],
    });
    expect(result.pointsBreakdown).toEqual([
      { kind: "caught", label: "Caught 1 flaw with the right type (10 each)", count: 1, points: 10 },
      { kind: "mistyped", label: "Caught 1 flaw with the wrong type (5 each)", count: 1, points: 5 },
      { kind: "false_flag", label: "1 mark on text with no flaw (-3 each)", count: 1, points: -3 },
      { kind: "decision", label: "Stopped the flawed draft with the expected decision", count: 1, points: 10 },
    ]);
    expect(result.points).toBe(22);
    expect(result.maxPoints).toBe(30);
    // 0.5 × 1 + 0.5 × (1 + 0.5) / 2 − 0.1
    expect(result.gameScore).toBeCloseTo(0.775);
  });

  it("is monotonic: catching, typing right and deciding as expected each raise points and game score", () => {
    const draft = "We refund in 2 hours. Calm down please.";
    const flaws = [
      flawAt({ draft, quote: "We refund in 2 hours.", type: "hallucination", index: 0 }),
      flawAt({ draft, quote: "Calm down please.", type: "tone", index: 1 }),
    ];
    const refundMark = (type: FlawType) => markOn({ draft, text: "2 hours", type });
    const calmMark = markOn({ draft, text: "Calm down", type: "tone" });
    const ladder = [
      score({ draft, flaws, decision: "send" }),
      score({ draft, flaws, decision: "escalate" }),
      score({ draft, flaws, decision: "rewrite" }),
      score({ draft, flaws, decision: "rewrite", marks: [refundMark("tone")] }),
      score({ draft, flaws, decision: "rewrite", marks: [refundMark("hallucination")] }),
      score({ draft, flaws, decision: "rewrite", marks: [refundMark("hallucination"), calmMark] }),
    ];
    for (let i = 1; i < ladder.length; i += 1) {
      expect(ladder[i]!.points).toBeGreaterThan(ladder[i - 1]!.points);
      expect(ladder[i]!.gameScore).toBeGreaterThan(ladder[i - 1]!.gameScore);
    }
    expect(ladder.at(-1)?.gameScore).toBe(1);
  });

  it("stays within [0, maxPoints] and [0, 1] over many random attempts", () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1664525 + 1013904223) % 2 ** 32;
      return seed / 2 ** 32;
    };
    const draft = "Hi Dana. Our return window is 45 days. Calm down. Card 4111111111111111 noted.";
    const allFlaws: PlantedFlaw[] = [
      flawAt({ draft, quote: "Our return window is 45 days.", type: "hallucination", index: 0 }),
      flawAt({ draft, quote: "Calm down.", type: "tone", index: 1 }),
      flawAt({ draft, quote: "4111111111111111", type: "restricted_data", index: 2 }),
    ];
    const types: FlawType[] = ["hallucination", "missing_citation", "fabricated_citation", "restricted_data", "tone"];
    const decisions: Decision[] = ["send", "rewrite", "escalate"];
    for (let run = 0; run < 500; run += 1) {
      const flaws = allFlaws.slice(0, Math.floor(random() * 4));
      const marks = Array.from({ length: Math.floor(random() * 6) }, (): Mark => {
        const start = Math.floor(random() * (draft.length - 1));
        const end = start + 1 + Math.floor(random() * (draft.length - start - 1));
        return { start, end, type: types[Math.floor(random() * types.length)] ?? "tone" };
      });
      const result = scoreAttempt({
        draft,
        flaws,
        marks,
        decision: decisions[Math.floor(random() * 3)] ?? "send",
        expected: flaws.length === 0 ? "send" : random() < 0.5 ? "rewrite" : "escalate",
        rewrite: random() < 0.5 ? draft.slice(0, Math.floor(random() * draft.length)) : undefined,
        findRestricted: findCards,
        knownAnchors: KNOWN_ANCHORS,
      });
      expect(result.points).toBeGreaterThanOrEqual(0);
      expect(result.points).toBeLessThanOrEqual(result.maxPoints);
      expect(sumOf(result)).toBe(result.points);
      expect(result.gameScore).toBeGreaterThanOrEqual(0);
      expect(result.gameScore).toBeLessThanOrEqual(1);
      expect(result.counts.caught + result.counts.missed).toBe(result.counts.planted);
      expect(result.counts.correctlyTyped + result.counts.mistyped).toBe(result.counts.caught);
      expect(JSON.parse(JSON.stringify(result))).toEqual(result);
    }
  });
});

describe("input validation", () => {
  const expectProblem = (run: () => unknown, problem: string) => {
    try {
      run();
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      expect(error).toMatchObject({ name: "InputError", problem });
      return;
    }
    throw new Error(`expected an InputError (${problem})`);
  };

  it("rejects marks outside the draft", () => {
    expectProblem(() => score({ draft: "short", marks: [{ start: -1, end: 2, type: "tone" }] }), "mark_out_of_range");
    expectProblem(() => score({ draft: "short", marks: [{ start: 2, end: 6, type: "tone" }] }), "mark_out_of_range");
  });

  it("accepts a mark ending exactly at the draft's end", () => {
    expect(score({ draft: "short", marks: [{ start: 0, end: 5, type: "tone" }] }).counts.marks).toBe(1);
  });

  it("rejects empty and reversed marks", () => {
    expectProblem(() => score({ draft: "short", marks: [{ start: 2, end: 2, type: "tone" }] }), "empty_mark");
    expectProblem(() => score({ draft: "short", marks: [{ start: 3, end: 1, type: "tone" }] }), "empty_mark");
  });

  it("rejects fractional offsets", () => {
    expectProblem(() => score({ draft: "short", marks: [{ start: 0.5, end: 2, type: "tone" }] }), "non_integer_offset");
  });

  it("rejects unknown flaw types on marks and on flaws", () => {
    const badMark = JSON.parse('{"start":0,"end":2,"type":"rudeness"}');
    expectProblem(() => score({ draft: "short", marks: [badMark] }), "unknown_flaw_type");
    const badFlaw = JSON.parse('{"index":0,"type":"rudeness","quote":"sh","start":0,"end":2}');
    expectProblem(() => score({ draft: "short", flaws: [badFlaw] }), "unknown_flaw_type");
  });

  it("rejects flaws whose offsets are out of range or do not match the quote", () => {
    expectProblem(() => score({ draft: "short", flaws: [{ index: 0, type: "tone", quote: "shortx", start: 0, end: 6 }] }), "flaw_out_of_range");
    expectProblem(() => score({ draft: "short", flaws: [{ index: 0, type: "tone", quote: "ort", start: 1, end: 4 }] }), "quote_mismatch");
  });

  it("rejects duplicate flaw indexes", () => {
    const flaw: PlantedFlaw = { index: 0, type: "tone", quote: "sh", start: 0, end: 2 };
    expectProblem(() => score({ draft: "short", flaws: [flaw, { ...flaw, quote: "ort", start: 2, end: 5 }] }), "duplicate_flaw_index");
  });

  it("rejects unknown decisions and an expected decision that contradicts the flaws", () => {
    const bad = JSON.parse('"ignore"');
    expectProblem(() => score({ draft: "short", decision: bad }), "unknown_decision");
    expectProblem(() => score({ draft: "short", expected: "rewrite" }), "expected_contradicts_flaws");
    expectProblem(() => score({ draft: DRAFT, flaws: [WINDOW_FLAW], expected: "send" }), "expected_contradicts_flaws");
  });
});
