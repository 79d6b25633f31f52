import { describe, expect, it } from "vitest";
import { formIssues, studioFeedback, studioFieldsFromEntries } from "~/app/studio/studio-form";
import { parseDrillFile } from "~/app/content/drill";
import { sourceOfFields } from "~/app/studio/studio-source";

const entries = (extra: [string, string][] = []): [string, string][] => [
  ["title", "T"],
  ["locale", "ja"],
  ["difficulty", "9"],
  ["customer", "荷物が届きません😢"],
  ["draft", "どうか落ち着いてください。"],
  ["flaws.0.type", "tone"],
  ["flaws.0.quote", "どうか落ち着いてください。"],
  ["flaws.0.explanation", "責める言い方です。"],
  ["flaws.1.type", ""],
  ["flaws.1.quote", ""],
  ...extra,
];

describe("the studio form", () => {
  it("reads nested flaw rows and drops a row left empty", () => {
    const parsed = studioFieldsFromEntries(entries());
    expect(parsed.success && parsed.data.flaws).toEqual([expect.objectContaining({ type: "tone", quote: "どうか落ち着いてください。" })]);
  });

  it("refuses control characters and too many flaws, at the field or the form", () => {
    const rows: [string, string][] = Array.from({ length: 21 }, (_, i): [string, string] => [`flaws.${i % 99}.type`, "tone"]);
    const parsed = studioFieldsFromEntries([...entries([["title", "bad\u0007bell"]]), ...rows]);
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    const issues = formIssues(parsed.error.issues);
    expect(issues.title).toEqual(["title contains control characters; remove them"]);
    expect(issues.form).toEqual(["a drill has at most 20 flaws"]);
  });

  it("puts each of the validator's errors at its field, as content:check words it", () => {
    const parsed = studioFieldsFromEntries(entries([["flaws.0.quote", "ない言葉"]]));
    if (!parsed.success) throw new Error("the form did not parse");
    const fields = { ...parsed.data, id: "ja-t" };
    const source = sourceOfFields(fields);
    const { errors } = parseDrillFile(source, "studio:ja-t");
    const feedback = studioFeedback({ source, fields, errors, warnings: [] });
    expect(Object.keys(feedback.fieldErrors)).toEqual(["difficulty"]);
    expect(feedback.fieldErrors.difficulty?.[0]).toMatch(/^difficulty must be a whole number from 1 to 5/);
    const fixed = { ...fields, difficulty: "2" };
    const second = sourceOfFields(fixed);
    const quoteErrors = studioFeedback({ source: second, fields: fixed, errors: parseDrillFile(second, "studio:ja-t").errors, warnings: [] });
    expect(Object.keys(quoteErrors.fieldErrors)).toEqual(["flaws.0.quote"]);
  });
});
