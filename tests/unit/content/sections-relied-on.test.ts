import { describe, expect, it } from "vitest";
import { sectionsReliedOn } from "~/app/content/drill";

const flaw = (policy?: string) => ({ type: "hallucination" as const, quote: "q", explanation: "e", start: 0, end: 1, ...(policy ? { policy } : {}) });

describe("sectionsReliedOn", () => {
  it("joins the sections flaws name and the sections the draft cites, once each, sorted", () => {
    const drill = {
      flaws: [flaw("refunds.window"), flaw(), flaw("shipping.freight")],
      citations: [
        { anchor: "refunds.window", start: 0, end: 5 },
        { anchor: "data-handling.incidents", start: 9, end: 20 },
      ],
    };
    expect(sectionsReliedOn(drill)).toEqual(["data-handling.incidents", "refunds.window", "shipping.freight"]);
  });

  it("is empty for a drill that cites nothing and names no policy", () => {
    expect(sectionsReliedOn({ flaws: [flaw()], citations: [] })).toEqual([]);
  });
});
