import { describe, expect, it } from "vitest";
import { nearMissDrillFields, nearMissDrillId } from "~/app/studio/from-near-miss";

const report = { id: "3F9A1C2E-77aa-4bbb-8ccc-0123456789ab", week: "2026-W49", whatHappened: "返品は45日以内です😀 [REDACTED: payment card]", sections: ["refunds.window", "refunds.warranty"] };

describe("a near-miss as a studio draft", () => {
  it("takes an id from the week and the report's random id, as a drill id", () => {
    expect(nearMissDrillId(report)).toBe("near-miss-2026-w49-3f9a1c2e");
  });

  it("proposes the category's flaw type with the first named section, and keeps the redacted text exactly", () => {
    const fields = nearMissDrillFields({ ...report, category: "citation" });
    expect(fields.draft).toBe(report.whatHappened);
    expect(fields.flaws).toEqual([expect.objectContaining({ type: "missing_citation", policy: "refunds.window", quote: "" })]);
    expect(nearMissDrillFields({ ...report, category: "restricted_data" }).flaws[0]?.type).toBe("restricted_data");
  });

  it("proposes no flaw for categories without a flaw type of their own", () => {
    for (const category of ["bias", "unsafe_action", "other"] as const) expect(nearMissDrillFields({ ...report, category }).flaws).toEqual([]);
  });
});
