import { describe, expect, it } from "vitest";
import { parseYaml } from "~/app/content/yaml-source";
import { parseDrillFile } from "~/app/content/drill";
import { renderPolicyMarkdown } from "~/app/policies/markdown";

const value = (text: string) => parseYaml(text, "test.yaml").value;

describe("YAML folds between CJK characters", () => {
  it("join two Japanese lines with nothing in folded, plain and quoted scalars", () => {
    expect(value("a: >-\n  場合でも\n  返信に記載\n")).toEqual({ a: "場合でも返信に記載" });
    expect(value("a: 場合でも\n  返信に\n")).toEqual({ a: "場合でも返信に" });
    expect(value('a: "場合でも\n  返信に"\n')).toEqual({ a: "場合でも返信に" });
    expect(value("a: '場合でも\n  返信に'\n")).toEqual({ a: "場合でも返信に" });
  });

  it("still fold English, and Japanese next to Latin text, into a space", () => {
    expect(value("a: >-\n  The policy allows\n  30 days.\n")).toEqual({ a: "The policy allows 30 days." });
    expect(value("a: >-\n  セクション\n  `refunds.window` は\n")).toEqual({ a: "セクション `refunds.window` は" });
    expect(value("a: >-\n  返品😀\n  です\n")).toEqual({ a: "返品😀 です" });
  });

  it("leave literal blocks and blank lines as YAML makes them", () => {
    expect(value("a: |\n  場合でも\n  返信に\n")).toEqual({ a: "場合でも\n返信に\n" });
    expect(value("a: >\n  場合でも\n\n  返信に\n")).toEqual({ a: "場合でも\n返信に\n" });
  });

  it("keep positions: errors after a fixed fold still point at their line", () => {
    const drill = "id: x\ntitle: t\nlocale: ja\nskills: []\ndifficulty: 9\ncustomer: >-\n  こんにちは\n  お世話になります\ndraft: |\n  はい\nflaws: []\n";
    const parsed = parseDrillFile(drill, "x.yaml");
    expect(parsed.errors).toMatchObject([{ line: 5, message: expect.stringMatching(/^difficulty/) }]);
  });

  it("warns, in content:check's terms, where the fold cannot be fixed", () => {
    const parsed = parseYaml("a: >-\n  場合でも\n  返信に\nb: \ue000\n", "test.yaml");
    expect(parsed.value).toEqual({ a: "場合でも 返信に", b: "\ue000" });
    expect(parsed.warnings).toMatchObject([{ file: "test.yaml", line: 3, column: 3, message: expect.stringMatching(/folds into a space/) }]);
  });
});

describe("Markdown line breaks between CJK characters", () => {
  it("render as nothing, and as a line break (a space) elsewhere", () => {
    expect(renderPolicyMarkdown("返品は\n30日以内です。\n到着日を\n含みます。")).toBe("<p>返品は\n30日以内です。到着日を含みます。</p>\n");
    expect(renderPolicyMarkdown("Returns\nare free.")).toBe("<p>Returns\nare free.</p>\n");
  });
});
