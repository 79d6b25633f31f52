import { describe, expect, expectTypeOf, it } from "vitest";
import type { AttemptRow } from "~/db/schema";
import { maskSecret } from "~/app/practice/feedback.server";
import { summariseAttempt } from "~/app/practice/metrics";
import { scoreAttempt, type AttemptScore } from "~/app/practice/scoring";

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
      knownAnchors: new Set(["refunds.window"]),
    });
    const stored: AttemptScore = JSON.parse(JSON.stringify(score));
    expect(stored).toEqual(score);
    const summary = summariseAttempt({ at: new Date("2026-11-24T10:00:00Z"), score: stored });
    expect(summary).toMatchObject({ flawed: true, outcome: "hit", falseFlags: 1, marks: 2 });
    expect(summary.caughtByType.hallucination).toBe(1);
  });

  it("refuse a result that is not a score", () => {
    // The column is typed: writing anything but an AttemptScore does not compile (tsc runs in `npm test`).
    expectTypeOf<AttemptRow["score"]>().toEqualTypeOf<AttemptScore>();
    // @ts-expect-error a points count is a number
    const notAScore: AttemptRow["score"] = { points: "many" };
    expect(notAScore).toBeDefined();
  });
});

describe("maskSecret", () => {
  it("shows only the last four characters of a leaked datum", () => {
    expect(maskSecret("4111 1111 1111 1234")).toBe("••••1234");
    expect(maskSecret("hunter2")).toBe("••••");
  });
});
