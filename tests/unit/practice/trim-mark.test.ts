import { describe, expect, it } from "vitest";
import { trimMark } from "~/app/practice/catching";

/** One trimming rule, used by scoring and by the draft marker in the browser. */
describe("trimMark", () => {
  const draft = "Hi Dana,\n  our window is 45 days.  ";

  it("drops surrounding whitespace and keeps the rest of the mark", () => {
    expect(trimMark({ draft, mark: { start: 8, end: 26, type: "hallucination" } })).toEqual({ start: 11, end: 26, type: "hallucination" });
    expect(trimMark({ draft, mark: { id: "m1", start: 24, end: draft.length } })).toEqual({ id: "m1", start: 25, end: 33 });
  });

  it("is null for a mark of nothing but whitespace", () => {
    expect(trimMark({ draft, mark: { start: 8, end: 11 } })).toBeNull();
  });
});
