import { describe, expect, it } from "vitest";
import { CANDIDATE_TEXT_MAX, POLICY_REFS_MAX, validateCandidates } from "~/app/drill-candidates/candidate-batch";

const good = (externalId: string, extra: Record<string, unknown> = {}) => ({ externalId, customerMessage: "Where is my refund?", aiDraft: "It takes 45 days.", sentReply: "It takes 5 days.", ...extra });

describe("validateCandidates", () => {
  it("takes good candidates, with the optional locale and policy references (repeats dropped)", () => {
    const batch = validateCandidates([good("a"), good("b", { locale: "ja-JP", policyRefs: ["refunds.window", "refunds.window"] }), good("c", { locale: null, policyRefs: null })]);
    expect(batch.errors).toEqual([]);
    expect(batch.valid.map(({ index, candidate }) => [index, candidate.locale, candidate.policyRefs])).toEqual([
      [0, null, []],
      [1, "ja-JP", ["refunds.window"]],
      [2, null, []],
    ]);
  });

  it("rejects each malformed item with its index and the fields, keeping the good ones beside it", () => {
    const batch = validateCandidates([
      good("ok-1"),
      "not an object",
      good("x", { aiDraft: "" }),
      good("y", { sentReply: 42, locale: "Japanese" }),
      good("z", { extra: true }),
      good("w", { policyRefs: ["Refunds Window"] }),
      good("v", { customerMessage: "a\u0000b" }),
      good("u", { aiDraft: "x".repeat(CANDIDATE_TEXT_MAX + 1) }),
      good("t", { policyRefs: Array.from({ length: POLICY_REFS_MAX + 1 }, (_, i) => `s.${i}`) }),
      good("ok-2"),
    ]);
    expect(batch.valid.map((item) => item.index)).toEqual([0, 9]);
    expect(batch.errors).toEqual([
      { index: 1, reason: "each candidate must be a JSON object" },
      { index: 2, reason: "aiDraft: must not be empty" },
      { index: 3, reason: "sentReply: must be a string; locale: must be a language tag such as en, ja, de or pt-BR" },
      { index: 4, reason: 'unknown field "extra"' },
      { index: 5, reason: "policyRefs.0: each policy reference must be a section anchor, e.g. refunds.window" },
      { index: 6, reason: "customerMessage: contains a NUL character" },
      { index: 7, reason: `aiDraft: must be at most ${CANDIDATE_TEXT_MAX} characters` },
      { index: 8, reason: `policyRefs: must list at most ${POLICY_REFS_MAX} sections` },
    ]);
  });
});
