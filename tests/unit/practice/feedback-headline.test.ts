import { describe, expect, it } from "vitest";
import { detect } from "~/app/content/detectors";
import { feedbackHeadline } from "~/app/practice/feedback-headline";
import { maskSecret } from "~/app/practice/feedback.server";
import { scoreAttempt } from "~/app/practice/scoring";
import type { Mark, PlantedFlaw } from "~/app/practice/types";
import type { Decision } from "~/app/vocabulary";

const draft = "Hi Dana. Our return window is 45 days, so there is plenty of time to send the machine back to us.";
const quote = "Our return window is 45 days";
const at = draft.indexOf(quote);
const flaws: PlantedFlaw[] = [{ index: 0, type: "hallucination", quote, start: at, end: at + quote.length }];
const caught: Mark = { start: at, end: at + quote.length, type: "hallucination" };
const mistyped: Mark = { ...caught, type: "tone" };
const falseFlag: Mark = { start: draft.indexOf("machine"), end: draft.indexOf("machine") + 7, type: "tone" };

function headline({
  rewrite,
  decision = "rewrite",
  expected = "rewrite",
  marks = [caught],
  clean = false,
}: {
  rewrite?: string;
  decision?: Decision;
  expected?: Decision;
  marks?: Mark[];
  clean?: boolean;
}) {
  const score = scoreAttempt({
    draft,
    flaws: clean ? [] : flaws,
    marks,
    decision,
    expected,
    rewrite,
    findRestricted: (text) => detect(text, ["payment_card"]),
    knownAnchors: new Set(["refunds.window"]),
  });
  return feedbackHeadline({ ...score, decision, expected });
}

const good = "Hi Dana. Our return window is 30 days [refunds.window], so there is still time to send the machine back.";

describe("feedbackHeadline: never more than the attempt earned", () => {
  it("reads as a clean success only for a hit with every flaw caught, the expected decision and a clean, usable rewrite", () => {
    expect(headline({ rewrite: good })).toEqual({ title: "You stopped a flawed draft", body: expect.any(String), success: true, tone: "success" });
  });

  it.each([
    ["is too short to send", ".", /cannot be sent/, /too short/],
    ["left a flaw in", `Hi Dana. ${quote}, so there is still time to send the machine back.`, /needs fixing/, /1 flaw from the draft/],
    ["leaked a card number", `${good} Card 4111\u00A01111\u00A01111\u00A01111.`, /leaks restricted data/, /1 piece of restricted data/],
    ["cites a section that does not exist", `${good} See [refunds.lifetime].`, /needs fixing/, /1 citation of a section that does not exist/],
    [
      "has several problems",
      `Hi Dana. ${quote} [refunds.forever]. Card 4111111111111111 and 5500000000000004.`,
      /leaks restricted data/,
      /2 pieces of restricted data, 1 flaw from the draft and 1 citation of a section that does not exist/,
    ],
  ])("is partial, never a clean success, when the rewrite %s", (_name, rewrite, title, body) => {
    const h = headline({ rewrite });
    expect(h).toMatchObject({ success: false, tone: "partial" });
    expect(h.title).toMatch(title);
    expect(h.body).toMatch(body);
  });

  it("is partial when the decision was escalate but a rewrite was expected, and the reverse", () => {
    expect(headline({ decision: "escalate" })).toMatchObject({ title: "You stopped a flawed draft, but you could have fixed it yourself", success: false, tone: "partial" });
    expect(headline({ decision: "rewrite", expected: "escalate", rewrite: good })).toMatchObject({
      title: "You stopped a flawed draft, but it needed escalating",
      success: false,
    });
    expect(headline({ decision: "escalate", expected: "escalate" })).toMatchObject({ title: "You stopped a flawed draft", success: true, tone: "success" });
  });

  it("is partial for a lucky override: a clean rewrite, but no mark caught the flaw", () => {
    const h = headline({ rewrite: good, marks: [] });
    expect(h).toMatchObject({ title: "You overrode the draft, but found none of its flaws", success: false, tone: "partial" });
    expect(headline({ rewrite: good, marks: [falseFlag] }).title).toBe("You overrode the draft, but found none of its flaws");
  });

  it("is partial for a mistyped flaw or a false flag beside the catch, and says so", () => {
    const wrongType = headline({ rewrite: good, marks: [mistyped] });
    expect(wrongType).toMatchObject({ title: "You stopped a flawed draft, but mistyped a flaw", success: false });
    expect(wrongType.body).toMatch(/1 flaw a type that does not fit/);
    const flagged = headline({ rewrite: good, marks: [caught, falseFlag] });
    expect(flagged).toMatchObject({ title: "You stopped a flawed draft, but flagged text that was fine", success: false });
    expect(flagged.body).toMatch(/1 of your marks was a false flag/);
  });

  it("puts the rewrite's leak first and still names the marks' shortfalls", () => {
    const h = headline({ rewrite: `${good} Card 4111 1111 1111 1111.`, marks: [mistyped, falseFlag] });
    expect(h.title).toBe("You stopped a flawed draft, but your rewrite leaks restricted data");
    expect(h.body).toMatch(/1 piece of restricted data.*a type that does not fit.*false flag/);
  });

  it("is a failure for a miss and for a false alarm, whatever else was right", () => {
    expect(headline({ decision: "send", expected: "rewrite" })).toMatchObject({ title: "A flawed draft went out", success: false, tone: "failure" });
    expect(headline({ clean: true, decision: "rewrite", expected: "send", rewrite: good, marks: [] })).toMatchObject({
      title: "This draft was fine",
      success: false,
      tone: "failure",
    });
  });

  it("is a success for a correct rejection, partial when marks flagged the correct draft", () => {
    expect(headline({ clean: true, decision: "send", expected: "send", marks: [] })).toMatchObject({ title: "Right call: the draft was fine", success: true, tone: "success" });
    const flagged = headline({ clean: true, decision: "send", expected: "send", marks: [falseFlag] });
    expect(flagged).toMatchObject({ success: false, tone: "partial" });
    expect(flagged.body).toMatch(/false flag/);
  });
});

describe("maskSecret", () => {
  it("ignores invisible characters and odd spaces written into the secret", () => {
    expect(maskSecret("4111\u200B1111\u00A01111\u200B12\u200B34")).toBe("••••1234");
    expect(maskSecret("４１１１ １１１１ １１１１ １２３４")).toBe("••••1234");
  });
});
