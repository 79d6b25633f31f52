import { describe, expect, it } from "vitest";
import { maskSecret } from "../../app/drill-player/feedback.server";
import { readScore, summaryOf } from "../../app/drill-player/stored-score";
import { scoreAttempt } from "../../app/practice/scoring";

const draft = "Our return window is 45 days [refunds.window]. Card 4111 1111 1111 1111.";

describe("stored attempt scores", () => {
  it("read back exactly what scoring wrote, through JSON", () => {
    const score = scoreAttempt({
      draft,
      flaws: [{ index: 0, type: "hallucination", quote: "Our return window is 45 days", start: 0, end: 28 }],
      marks: [
        { start: 21, end: 28, type: "hallucination" },
        { start: 48, end: 52, type: "tone" },
      ],
      decision: "rewrite",
      expected: "rewrite",
      rewrite: "Our window is 30 days [refunds.window]. Card 4111 1111 1111 1111.",
      findRestricted: (text) => (text.includes("4111") ? [{ start: text.indexOf("4111"), end: text.indexOf("4111") + 19, category: "payment_card" }] : []),
    });
    const stored: unknown = JSON.parse(JSON.stringify(score));
    expect(readScore(stored)).toEqual(score);
    const summary = summaryOf({ createdAt: new Date("2026-11-24T10:00:00Z"), result: stored });
    expect(summary).toMatchObject({ flawed: true, outcome: "hit", falseFlags: 1, marks: 2 });
    expect(summary.caughtByType.hallucination).toBe(1);
  });

  it("refuse a result that is not a score", () => {
    expect(() => readScore({ points: "many" })).toThrow();
  });
});

describe("maskSecret", () => {
  it("shows only the last four characters of a leaked datum", () => {
    expect(maskSecret("4111 1111 1111 1234")).toBe("••••1234");
    expect(maskSecret("hunter2")).toBe("••••");
  });
});
