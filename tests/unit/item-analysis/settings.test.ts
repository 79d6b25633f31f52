import { describe, expect, it } from "vitest";
import { ItemAnalysisSettingsFormSchema, StoredItemAnalysisSettingsSchema } from "~/app/item-analysis/settings";

describe("the item-analysis minimum", () => {
  it("is a whole number of attempts from 5 to 1000, refused at its field in words", () => {
    expect(ItemAnalysisSettingsFormSchema.safeParse({ intent: "item-analysis", minAttempts: 20 }).success).toBe(true);
    const message = (minAttempts: unknown) => ItemAnalysisSettingsFormSchema.safeParse({ intent: "item-analysis", minAttempts }).error?.issues.map((issue) => [issue.path.join("."), issue.message]);
    expect(message(4)).toEqual([["minAttempts", "The minimum must be at least 5 attempts: fewer say nothing about a drill."]]);
    expect(message(1001)).toEqual([["minAttempts", "The minimum must be at most 1000 attempts."]]);
    expect(message(7.5)).toEqual([["minAttempts", "Enter a whole number of attempts, e.g. 20."]]);
    expect(message(undefined)?.[0]?.[0]).toBe("minAttempts");
    // A stored value out of range is ignored (the built-in minimum applies), never trusted.
    expect(StoredItemAnalysisSettingsSchema.safeParse({ minAttempts: 2 }).success).toBe(false);
  });
});
