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
