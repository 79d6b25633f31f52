import { describe, expect, it } from "vitest";
import { detect } from "~/app/content/detectors";
import { fixRate, overrideRate, summariseAttempt } from "~/app/practice/metrics";
import { POINTS, scoreAttempt, type AttemptScore, type FindRestricted } from "~/app/practice/scoring";
import type { Mark, PlantedFlaw } from "~/app/practice/types";
import type { Decision, FlawType } from "~/app/vocabulary";

const KNOWN_ANCHORS: ReadonlySet<string> = new Set(["shipping.freight", "shipping.windows", "refunds.window", "refunds.shipping"]);
const findCards: FindRestricted = (text) => detect(text, ["payment_card"]);

function flawAt({ draft, quote, type, index = 0, policy }: { draft: string; quote: string; type: FlawType; index?: number; policy?: string }): PlantedFlaw {
  const start = draft.indexOf(quote);
  if (start === -1) throw new Error(`quote not in draft: ${quote}`);
  return { index, type, quote, start, end: start + quote.length, ...(policy === undefined ? {} : { policy }) };
}

function rewriteOf({
  draft,
  flaws,
  rewrite,
  marks = [],
  expected = "rewrite",
}: {
  draft: string;
  flaws: PlantedFlaw[];
  rewrite: string;
  marks?: Mark[];
  expected?: Decision;
}): AttemptScore {
  return scoreAttempt({ draft, flaws, marks, decision: "rewrite", expected, rewrite, findRestricted: findCards, knownAnchors: KNOWN_ANCHORS });
}

const decisionPoints = (score: AttemptScore) => score.pointsBreakdown.find((line) => line.kind === "decision")?.points;

describe("an unusable rewrite", () => {
  const draft =
    "Hi Dana, thanks for your patience while we looked into this. Our return window is 45 days. You can send the machine back with the prepaid label we emailed you, and the refund reaches your card within 10 days of us receiving it.";
  const flaws = [flawAt({ draft, quote: "Our return window is 45 days.", type: "hallucination", policy: "refunds.window" })];
  const marks = flaws.map((flaw): Mark => ({ start: flaw.start, end: flaw.end, type: flaw.type }));
  const fixed = "Hi Dana, thanks for your patience. Our return window is 30 days [refunds.window], so you can still send the machine back with the prepaid label, and the refund reaches your card within 10 days.";

  it.each([
    ["a full stop", "."],
    ["ok", "ok"],
    ["Ok!", "Ok!"],
    ["a zero-width space", "\u200B"],
    ["full stops padded with spaces and invisible characters", ". \u200B\u200B\u00A0\n\n   ".repeat(40)],
  ])("%s is not usable: no decision points, no flaw removed, a reason given", (_name, rewrite) => {
    const score = rewriteOf({ draft, flaws, rewrite, marks });
    expect(score.rewriteCheck).toMatchObject({ usable: false, removed: 0, planted: 1, leftIn: [] });
    expect(decisionPoints(score)).toBe(0);
    expect(score.pointsBreakdown.find((line) => line.kind === "decision")?.label).toMatch(/too short to send/);
    expect(score.points).toBe(POINTS.caught);
    expect(score.decisionNote).toMatch(/too short to send/);
    expect(score.outcome).toBe("hit");
  });

  it("is judged against half of the draft's text outside the planted quotes, normalised", () => {
    const check = rewriteOf({ draft, flaws, rewrite: fixed }).rewriteCheck;
    const outside = draft.replace("Our return window is 45 days.", " ").replace(/\s+/g, " ");
    expect(check).toMatchObject({ usable: true, minLength: Math.ceil(outside.length / 2), length: fixed.length });
    const atHalf = "y".repeat(check?.minLength ?? 0);
    expect(rewriteOf({ draft, flaws, rewrite: atHalf }).rewriteCheck?.usable).toBe(true);
    expect(rewriteOf({ draft, flaws, rewrite: atHalf.slice(1) }).rewriteCheck?.usable).toBe(false);
    // Padding with spaces and invisible characters does not make a rewrite longer.
    expect(rewriteOf({ draft, flaws, rewrite: `${atHalf.slice(1)}${" \u200B\u00A0".repeat(50)}` }).rewriteCheck?.usable).toBe(false);
  });

  it("earns less than a usable rewrite, in points and game score", () => {
    const dot = rewriteOf({ draft, flaws, rewrite: ".", marks });
    const good = rewriteOf({ draft, flaws, rewrite: fixed, marks });
    expect(good.points).toBe(POINTS.caught + POINTS.expectedDecision);
    expect(dot.points).toBeLessThan(good.points);
    expect(dot.gameScore).toBeLessThan(good.gameScore);
  });

  it("also earns nothing where the other override would have earned some", () => {
    const score = rewriteOf({ draft, flaws, rewrite: ".", expected: "escalate" });
    expect(decisionPoints(score)).toBe(0);
  });

  it("still counts as an override but stays out of the fix rate", () => {
    const dot = summariseAttempt({ at: new Date(), score: rewriteOf({ draft, flaws, rewrite: "." }) });
    const good = summariseAttempt({ at: new Date(), score: rewriteOf({ draft, flaws, rewrite: fixed }) });
    expect(dot).not.toHaveProperty("fixRemoved");
    expect(dot.outcome).toBe("hit");
    expect(overrideRate([dot])).toBe(1);
    expect(fixRate([dot])).toBeNull();
    expect(fixRate([dot, good])).toBe(1);
  });
});

describe("the missing-citation check", () => {
  const draft =
    "Hi Derek. The $45 redelivery fee applies when an appointment is missed without 24 hours' notice, and your call was 12 hours before the slot. I can book a new window [shipping.windows].";
  const quote = "The $45 redelivery fee applies when an appointment is missed without 24 hours' notice";
  const withPolicy = [flawAt({ draft, quote, type: "missing_citation", policy: "shipping.freight" })];
  const withoutPolicy = [flawAt({ draft, quote, type: "missing_citation" })];
  const check = (rewrite: string, flaws = withPolicy) => rewriteOf({ draft, flaws, rewrite }).rewriteCheck;
  const sentence = (citation: string) => `Hi Derek, I am sorry about the fee. ${quote}, and your call was 12 hours before the slot ${citation}. I can book a new window for you.`;

  it("is fixed by a citation of the flaw's section before the end of the quote's sentence", () => {
    expect(check(sentence("[shipping.freight]"))).toMatchObject({ leftIn: [], removed: 1, fabricatedCitations: [] });
    expect(check(`${quote} [shipping.freight], and your call was late. We can rebook.`.repeat(2))?.leftIn).toEqual([]);
  });

  it("is fixed when the quote is gone", () => {
    expect(check("Hi Derek, the $45 fee applies [shipping.freight] when a slot is missed without a day's notice; I am sorry.")?.leftIn).toEqual([]);
  });

  it("is not fixed by a citation after the end of the sentence, or of another section than the flaw's", () => {
    expect(check(`${quote}, and your call was late. I am sorry [shipping.freight]. We can rebook the slot.`)?.leftIn).toEqual([0]);
    expect(check(sentence("[shipping.windows]"))?.leftIn).toEqual([0]);
  });

  it("is fixed by any existing section when the flaw names none", () => {
    expect(check(sentence("[shipping.windows]"), withoutPolicy)?.leftIn).toEqual([]);
  });

  it("is never fixed by a citation to a section that does not exist, which is reported as a new fabricated citation", () => {
    const rewrite = `${quote} [nothing.here]. Your call was 12 hours before the slot, and I am sorry about it.`;
    for (const flaws of [withPolicy, withoutPolicy]) {
      const result = check(rewrite, flaws);
      expect(result?.leftIn).toEqual([0]);
      expect(result?.fabricatedCitations).toEqual([{ anchor: "nothing.here", start: rewrite.indexOf("["), end: rewrite.indexOf("]") + 1 }]);
    }
  });

  it("charges every citation the rewrite adds to a section that does not exist", () => {
    const marks: Mark[] = [{ start: withPolicy[0]?.start ?? 0, end: withPolicy[0]?.end ?? 0, type: "missing_citation" }];
    const rewrite = sentence("[shipping.freight]") + " See [shipping.rebooking] and [refunds.goodwill].";
    const score = rewriteOf({ draft, flaws: withPolicy, rewrite, marks });
    expect(score.rewriteCheck?.fabricatedCitations.map((citation) => citation.anchor)).toEqual(["shipping.rebooking", "refunds.goodwill"]);
    expect(score.pointsBreakdown.find((line) => line.kind === "fabricated_citation")).toEqual({
      kind: "fabricated_citation",
      label: "2 citations in the rewrite to a section that does not exist (-5 each)",
      count: 2,
      points: 2 * POINTS.fabricatedCitation,
    });
    expect(score.points).toBe(POINTS.caught + POINTS.expectedDecision + 2 * POINTS.fabricatedCitation);
    const clean = rewriteOf({ draft, flaws: withPolicy, rewrite: sentence("[shipping.freight]"), marks });
    expect(score.gameScore).toBeLessThan(clean.gameScore);
  });

  it("does not report a citation the draft already had as new", () => {
    const fabricatedDraft = "Returns are free for life [refunds.lifetime]. Send it back whenever you like and we will refund you.";
    const flaws = [flawAt({ draft: fabricatedDraft, quote: "Returns are free for life [refunds.lifetime]", type: "fabricated_citation" })];
    const rewrite = "Returns are free within 30 days [refunds.lifetime]. Send it back and we will refund you.";
    expect(rewriteOf({ draft: fabricatedDraft, flaws, rewrite }).rewriteCheck?.fabricatedCitations).toEqual([]);
  });

  it("reads Japanese sentences, full-width brackets and emoji, reporting offsets into the rewrite", () => {
    const jaDraft = "田中様😀、ご連絡ありがとうございます。返品送料は無料です。商品をお送りください。";
    const flaws = [flawAt({ draft: jaDraft, quote: "返品送料は無料です", type: "missing_citation", policy: "refunds.shipping" })];
    const ja = (rewrite: string) => rewriteOf({ draft: jaDraft, flaws, rewrite }).rewriteCheck;
    expect(ja("田中様🙇‍♀️、ご連絡ありがとうございます。返品送料は無料です［refunds.shipping］。商品をお送りください。")?.leftIn).toEqual([]);
    expect(ja("田中様、ご連絡ありがとうございます。返品送料は無料です。詳しくは[refunds.shipping]をご覧ください。")?.leftIn).toEqual([0]);
    const invented = "田中様🙇‍♀️、\u200Bご連絡ありがとうございます。返品送料は無料です[refunds.free]。商品をお送りください。";
    expect(ja(invented)?.fabricatedCitations).toEqual([{ anchor: "refunds.free", start: invented.indexOf("["), end: invented.indexOf("]") + 1 }]);
  });
});

describe("the rewrite check compares normalised text", () => {
  const draft = "Hi Dana. Our return window is 45 days, so there is plenty of time. Your card 4111111111111111 is on file and will be refunded.";
  const flaws = [
    flawAt({ draft, quote: "Our return window is 45 days", type: "hallucination", index: 0 }),
    flawAt({ draft, quote: "4111111111111111", type: "restricted_data", index: 1 }),
  ];
  const rest = ", so there is plenty of time. The refund goes back to the card you paid with, within 10 days.";

  it.each([
    ["a zero-width space", "Our return win\u200Bdow is 45 days"],
    ["a zero-width non-joiner", "Our re\u200Cturn window is 45 days"],
    ["a zero-width joiner", "Our return window is 4\u200D5 days"],
    ["a word joiner", "Our\u2060 return window is 45 days"],
    ["a byte order mark", "Our return window \uFEFFis 45 days"],
    ["a soft hyphen", "Our re\u00ADturn window is 45 days"],
    ["no-break spaces", "Our\u00A0return\u202Fwindow is 45\u00A0days"],
    ["a line break and extra spaces", "Our return\n   window  is 45 days"],
    ["full-width digits", "Our return window is ４５ days"],
    ["full-width letters", "Ｏｕｒ return window is 45 days"],
  ])("still finds a flawed quote written with %s: left in, not removed", (_name, disguised) => {
    const result = rewriteOf({ draft, flaws, rewrite: `Hi Dana. ${disguised}${rest}` });
    expect(result.rewriteCheck).toMatchObject({ usable: true, leftIn: [0], removed: 1 });
    expect(summariseAttempt({ at: new Date(), score: result })).toMatchObject({ fixRemoved: 1, fixPlanted: 2 });
  });

  // The planted quote is the card without separators: only invisible characters leave it standing.
  it.each([
    ["zero-width spaces", "4111\u200B1111\u200B1111\u200B1111", [1]],
    ["zero-width joiners between every digit", [..."4111111111111111"].join("\u200D"), [1]],
    ["no-break spaces", "4111\u00A01111\u00A01111\u00A01111", []],
    ["dots", "4111.1111.1111.1111", []],
    ["full-width digits", "４１１１ １１１１ １１１１ １１１１", []],
  ])("finds a card written with %s as leaked, at offsets into the rewrite", (_name, card, leftIn) => {
    const rewrite = `Hi Dana 😀. Our return window is 30 days${rest} Card ${card} is refunded.`;
    const result = rewriteOf({ draft, flaws, rewrite });
    expect(result.rewriteCheck?.leftIn).toEqual(leftIn);
    expect(result.rewriteCheck?.leaked).toEqual([{ start: rewrite.indexOf(card), end: rewrite.indexOf(card) + card.length, category: "payment_card" }]);
  });

  it("reads Japanese and emoji rewrites", () => {
    const jaDraft = "田中様😀、返品期間は45日です。ご不明点があればお知らせください。よろしくお願いいたします。";
    const jaFlaws = [flawAt({ draft: jaDraft, quote: "返品期間は45日です", type: "hallucination" })];
    const ja = (rewrite: string) => rewriteOf({ draft: jaDraft, flaws: jaFlaws, rewrite }).rewriteCheck;
    expect(ja("田中様🙇‍♀️、返品期間は４５日\u200Bです。ご不明点があればお知らせください。")?.leftIn).toEqual([0]);
    expect(ja("田中様🙇‍♀️、返品期間は30日です。ご不明点があればお知らせください。")?.leftIn).toEqual([]);
  });
});
