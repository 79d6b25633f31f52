import { describe, expect, it } from "vitest";
import { parseDrillFile } from "~/app/content/drill";
import { compareDraftAndReply } from "~/app/drill-candidates/changed-spans";
import { candidateDrillFields } from "~/app/studio/from-candidate";
import { sourceOfFields } from "~/app/studio/studio-source";

describe("a drill candidate's studio draft", () => {
  it("has the redacted texts, and one proposed flaw per change that resolves to the changed span once typed and explained", () => {
    const aiDraft = "田中様 👩‍💻、返品期限は45日です。はい。はい。ご安心ください。はい。";
    const sentReply = "田中様 👩‍💻、返品期限は30日です [refunds.window]。はい。はい。";
    const fields = candidateDrillFields({ id: 17, customerMessage: "返品できますか？", aiDraft, sentReply, locale: "ja", policyRefs: ["refunds.window", "refunds.damaged"] });
    expect(fields).toMatchObject({ id: "candidate-17", locale: "ja", customer: "返品できますか？", draft: aiDraft, expected: "" });
    expect(fields.flaws.map(({ quote, occurrence, policy, type, explanation }) => ({ quote, occurrence, policy, type, explanation }))).toEqual([
      { quote: "田中様 👩‍💻、返品期限は45日です。", occurrence: "", policy: "refunds.window", type: "", explanation: "" },
      { quote: "ご安心ください。はい。", occurrence: "", policy: "refunds.window", type: "", explanation: "" },
    ]);

    // The author types and explains each: the drill file then resolves every quote where the agent changed it.
    const typed = { ...fields, flaws: fields.flaws.map((flaw) => ({ ...flaw, type: "hallucination", explanation: "The policy says otherwise." })) };
    const { drill } = parseDrillFile(sourceOfFields(typed), "studio");
    const spans = compareDraftAndReply(aiDraft, sentReply, "ja").spans;
    expect(drill?.flaws.map((flaw) => [flaw.start, flaw.end])).toEqual(spans.map((span) => [span.start, span.end]));
  });

  it("defaults to English and leaves the policy blank when the assistant named no known section; a repeated quote carries its occurrence", () => {
    const fields = candidateDrillFields({ id: 3, customerMessage: "Hi", aiDraft: "Yes. Yes. We refund. Yes.", sentReply: "Yes. Yes. We refund.", locale: null, policyRefs: [] });
    expect(fields.locale).toBe("en");
    expect(fields.flaws).toEqual([expect.objectContaining({ quote: "Yes.", occurrence: "3", policy: "" })]);
  });
});
