import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { AttemptFormSchema } from "~/app/practice/attempt-form";

const valid = { clientId: randomUUID(), revisionId: 3, marks: "[]", timeOnTaskMs: 1000 };

describe("the attempt form", () => {
  it("refuses text PostgreSQL cannot store, at the field, in plain words", () => {
    const rewrite = AttemptFormSchema.safeParse({ ...valid, decision: "rewrite", rewrite: "Hello\u0000there" });
    expect(rewrite.success).toBe(false);
    expect(rewrite.error?.issues).toMatchObject([{ path: ["rewrite"], message: expect.stringMatching(/^Your rewrite contains a NUL character/) }]);
    const reason = AttemptFormSchema.safeParse({ ...valid, decision: "escalate", escalationReason: "broken \uD83D" });
    expect(reason.error?.issues).toMatchObject([{ path: ["escalationReason"], message: expect.stringMatching(/^Your reason contains a broken character/) }]);
  });

  it("accepts Japanese and emoji text", () => {
    expect(AttemptFormSchema.safeParse({ ...valid, decision: "rewrite", rewrite: "返品は30日以内です 😀" }).success).toBe(true);
  });
});

describe("every message the attempt form can give", () => {
  const FIELD_NAMES = /\b(clientId|revisionId|marks|decision|rewrite|escalationReason|timeOnTaskMs)\b:|clientId|revisionId|escalationReason|timeOnTaskMs/;
  const cases: [string, Record<string, unknown>, string][] = [
    ["no decision", { ...valid }, "decision"],
    ["an unknown decision", { ...valid, decision: "approve" }, "decision"],
    ["an empty rewrite", { ...valid, decision: "rewrite", rewrite: "  " }, "rewrite"],
    ["a rewrite sent twice", { ...valid, decision: "rewrite", rewrite: ["a", "b"] }, "rewrite"],
    ["a too long rewrite", { ...valid, decision: "rewrite", rewrite: "x".repeat(20_001) }, "rewrite"],
    ["no escalation reason", { ...valid, decision: "escalate" }, "escalationReason"],
    ["a reason sent twice", { ...valid, decision: "escalate", escalationReason: ["a", "b"] }, "escalationReason"],
    ["a broken client id", { ...valid, decision: "send", clientId: "123" }, "clientId"],
    ["no revision", { ...valid, decision: "send", revisionId: undefined }, "revisionId"],
    ["unreadable marks", { ...valid, decision: "send", marks: "not json" }, "marks"],
    ["a mark of no type", { ...valid, decision: "send", marks: JSON.stringify([{ start: 0, end: 2, type: "rude" }]) }, "marks"],
    ["a negative offset", { ...valid, decision: "send", marks: JSON.stringify([{ start: -1, end: 2, type: "tone" }]) }, "marks"],
    ["a negative time", { ...valid, decision: "send", timeOnTaskMs: -5 }, "timeOnTaskMs"],
  ];
  for (const [what, input, field] of cases) {
    it(`answers ${what} with a plain sentence at its field`, () => {
      const parsed = AttemptFormSchema.safeParse(input);
      expect(parsed.success).toBe(false);
      const issues = parsed.error?.issues ?? [];
      expect(issues[0]?.path[0]).toBe(field);
      for (const issue of issues) {
        // A sentence: starts with a capital, ends with a full stop, names no field, is no zod default.
        expect(issue.message).toMatch(/^[A-Z].*\.$/);
        expect(issue.message).not.toMatch(FIELD_NAMES);
        expect(issue.message).not.toMatch(/^Invalid|expected (string|number)/);
      }
    });
  }

  it("says exactly what the page says about a missing decision, rewrite and reason", () => {
    expect(AttemptFormSchema.safeParse({ ...valid }).error?.issues[0]?.message).toBe("Choose what to do with the draft: send as is, rewrite or escalate.");
    expect(AttemptFormSchema.safeParse({ ...valid, decision: "rewrite", rewrite: "" }).error?.issues[0]?.message).toBe("Write the reply you would send instead.");
    expect(AttemptFormSchema.safeParse({ ...valid, decision: "escalate" }).error?.issues[0]?.message).toBe("Say why you are escalating.");
  });
});
