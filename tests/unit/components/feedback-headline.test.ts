import { describe, expect, it } from "vitest";
import { detect } from "~/app/content/detectors";
import { feedbackHeadline } from "~/app/components/feedback-text";
import { maskSecret } from "~/app/practice/feedback.server";
import { scoreAttempt, type AttemptScore } from "~/app/practice/scoring";
import type { PlantedFlaw } from "~/app/practice/types";
import type { Decision } from "~/app/vocabulary";

const draft = "Hi Dana. Our return window is 45 days, so there is plenty of time to send the machine back to us.";
const quote = "Our return window is 45 days";
const flaws: PlantedFlaw[] = [{ index: 0, type: "hallucination", quote, start: draft.indexOf(quote), end: draft.indexOf(quote) + quote.length }];

function attempt({ rewrite, decision = "rewrite" }: { rewrite?: string; decision?: Decision }): AttemptScore {
  return scoreAttempt({
    draft,
    flaws,
    marks: [],
    decision,
    expected: "rewrite",
    rewrite,
    findRestricted: (text) => detect(text, ["payment_card"]),
    knownAnchors: new Set(["refunds.window"]),
  });
}

const good = "Hi Dana. Our return window is 30 days [refunds.window], so there is still time to send the machine back.";

describe("feedbackHeadline", () => {
  it("reads as a success for a flawed draft stopped with a clean, usable rewrite", () => {
    expect(feedbackHeadline(attempt({ rewrite: good }))).toEqual({ title: "You stopped a flawed draft", body: expect.any(String), success: true });
  });

  it.each([
    ["is too short to send", ".", /cannot be sent/, /too short/],
    ["left a flaw in", `Hi Dana. ${quote}, so there is still time to send the machine back.`, /needs fixing/, /1 flaw from the draft/],
    ["leaked a card number", `${good} Card 4111\u00A01111\u00A01111\u00A01111.`, /needs fixing/, /1 piece of restricted data/],
    ["cites a section that does not exist", `${good} See [refunds.lifetime].`, /needs fixing/, /1 citation of a section that does not exist/],
    [
      "has several problems",
      `Hi Dana. ${quote} [refunds.forever]. Card 4111111111111111 and 5500000000000004.`,
      /needs fixing/,
      /2 pieces of restricted data, 1 flaw from the draft and 1 citation of a section that does not exist/,
    ],
  ])("never reads as a clean success when the rewrite %s", (_name, rewrite, title, body) => {
    const headline = feedbackHeadline(attempt({ rewrite }));
    expect(headline.success).toBe(false);
    expect(headline.title).toMatch(title);
    expect(headline.body).toMatch(body);
  });

  it("keeps the outcome's own headline without a rewrite", () => {
    expect(feedbackHeadline(attempt({ decision: "escalate" }))).toMatchObject({ title: "You stopped a flawed draft", success: true });
    expect(feedbackHeadline(attempt({ decision: "send" }))).toMatchObject({ title: "A flawed draft went out", success: false });
  });
});

describe("maskSecret", () => {
  it("ignores invisible characters and odd spaces written into the secret", () => {
    expect(maskSecret("4111\u200B1111\u00A01111\u200B12\u200B34")).toBe("••••1234");
    expect(maskSecret("４１１１ １１１１ １１１１ １２３４")).toBe("••••1234");
  });
});
