import { describe, expect, it } from "vitest";
import { calibrationResults, openUnplantedSpans } from "~/app/calibration/results";
import { parseDrillFile } from "~/app/content/drill";

function drillOf(draft: string, flaws: string) {
  const source = `id: calib-test\ntitle: A test\nlocale: en\nskills: []\ndifficulty: 2\ncustomer: Hello\ndraft: ${JSON.stringify(draft)}\nflaws:${flaws}\n`;
  const { drill, errors } = parseDrillFile(source, "test");
  if (!drill) throw new Error(errors.map((error) => error.message).join("; "));
  return drill;
}

const DRAFT = "Our window is 45 days [refunds.window]. Calm down, please. We ship today.";
const FLAWED = drillOf(DRAFT, `\n  - type: hallucination\n    quote: "Our window is 45 days"\n    explanation: The policy says 30.`);
const at = (text: string) => ({ start: DRAFT.indexOf(text), end: DRAFT.indexOf(text) + text.length });

describe("calibrationResults", () => {
  const takes = [
    { calibrator: "Kenji", marks: [{ ...at("45 days"), type: "hallucination" as const }, { ...at("Calm down, please."), type: "tone" as const }], decision: "rewrite" as const, timeOnTaskMs: 40_000 },
    { calibrator: "Ada", marks: [{ ...at("45 days"), type: "fabricated_citation" as const }, { ...at("Calm down"), type: "tone" as const }], decision: "send" as const, timeOnTaskMs: 20_000 },
  ];
  const results = calibrationResults({ drill: FLAWED, takes });

  it("counts per planted flaw who caught it and with which types, by scoring's rule", () => {
    expect(results.flaws).toEqual([
      { index: 0, type: "hallucination", quote: "Our window is 45 days", found: 2, foundAs: [{ type: "hallucination", count: 1 }, { type: "fabricated_citation", count: 1 }], calibrators: ["Kenji", "Ada"] },
    ]);
  });

  it("joins overlapping marks no flaw declares into one unplanted span, with who marked it", () => {
    expect(results.unplanted).toEqual([{ ...at("Calm down, please."), text: "Calm down, please.", calibrators: ["Ada", "Kenji"], types: [{ type: "tone", count: 2 }] }]);
  });

  it("lists the decisions, the expected one beside them", () => {
    expect(results.expected).toBe("rewrite");
    expect(results.decisions).toEqual([
      { decision: "send", calibrators: ["Ada"] },
      { decision: "rewrite", calibrators: ["Kenji"] },
    ]);
  });

  it("measures agreement among the calibrators only, per character", () => {
    expect(results.takes).toBe(2);
    expect(results.agreement.alpha).not.toBeNull();
    expect(results.agreement.alpha).toBeLessThan(1);
    // The same marks from both: perfect agreement, whatever the key says.
    const same = calibrationResults({ drill: FLAWED, takes: [takes[0]!, { ...takes[0]!, calibrator: "Ada" }] });
    expect(same.agreement.alpha).toBe(1);
  });

  it("has no agreement to measure with one take", () => {
    expect(calibrationResults({ drill: FLAWED, takes: takes.slice(0, 1) }).agreement).toMatchObject({ alpha: null, reason: "no_pairable_values" });
  });
});

describe("openUnplantedSpans", () => {
  const spans = calibrationResults({ drill: FLAWED, takes: [{ calibrator: "Kenji", marks: [{ ...at("Calm down, please."), type: "tone" }], decision: "rewrite", timeOnTaskMs: 1 }] }).unplanted;

  it("keeps a span whose words still stand undeclared", () => {
    expect(openUnplantedSpans({ spans, drill: FLAWED })).toHaveLength(1);
  });

  it("closes a span once a flaw declares it", () => {
    const declared = drillOf(DRAFT, `\n  - type: hallucination\n    quote: "Our window is 45 days"\n    explanation: The policy says 30.\n  - type: tone\n    quote: "Calm down, please."\n    explanation: Never tell a customer to calm down.`);
    expect(openUnplantedSpans({ spans, drill: declared })).toEqual([]);
  });

  it("closes a span whose words were edited away", () => {
    const edited = drillOf(DRAFT.replace("Calm down, please. ", ""), `\n  - type: hallucination\n    quote: "Our window is 45 days"\n    explanation: The policy says 30.`);
    expect(openUnplantedSpans({ spans, drill: edited })).toEqual([]);
  });
});
