import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseDrillFile, type Drill } from "~/app/content/drill";
import { drillYaml } from "~/app/content/drill-yaml";

function drillFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".yaml"))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

function parsed(text: string, file = "studio.yaml"): Drill {
  const result = parseDrillFile(text, file);
  expect(result.errors).toEqual([]);
  if (!result.drill) throw new Error("no drill");
  return result.drill;
}

const base = {
  id: "t-1",
  title: "A title: with a colon # and a hash",
  locale: "en",
  channel: "chat" as const,
  skills: ["return-window"],
  difficulty: 2,
  customer: "Hi,\n\nIt leaks.\n",
  draft: "Hi Dana, our return window is 45 days [refunds.window].",
  flaws: [{ type: "hallucination" as const, quote: "45 days", explanation: "The policy says 30: \"thirty\".", policy: "refunds.window" }],
};

describe("drillYaml", () => {
  it("reads back to the same drill for every starter and fixture drill, and is stable", () => {
    const files = [...drillFiles("drills"), ...drillFiles("tests/fixtures/content/valid")];
    expect(files.length).toBeGreaterThan(90);
    for (const file of files) {
      const drill = parsed(readFileSync(file, "utf8"), file);
      const written = drillYaml(drill);
      expect(parsed(written, file), file).toEqual(drill);
      expect(drillYaml(parsed(written, file))).toBe(written);
    }
  });

  it("keeps drafts without a final newline, leading indentation, quotes that look like YAML", () => {
    const drill = { ...base, draft: "  indented first line\n- looks like a list: [x]\n'quoted' \"too\"", flaws: [{ ...base.flaws[0]!, quote: "- looks like a list: [x]" }] };
    expect(parsed(drillYaml(drill))).toMatchObject({ draft: drill.draft, flaws: [{ quote: "- looks like a list: [x]" }] });
  });

  it("writes Japanese and emoji as they are, in literal blocks that never fold", () => {
    const drill = { ...base, locale: "ja", customer: "荷物が届きません😢\n至急お願いします。\n", draft: "ご不便をおかけして申し訳ございません🙏 落ち着いてください。", flaws: [{ type: "tone" as const, quote: "落ち着いてください。", explanation: "「落ち着いて」は責める言い方です。".repeat(8) }] };
    const written = drillYaml(drill);
    expect(written).toContain("customer: |\n  荷物が届きません😢\n  至急お願いします。\n");
    expect(written).toContain("draft: |-\n");
    expect(parsed(written)).toMatchObject({ customer: drill.customer, draft: drill.draft, flaws: [{ explanation: drill.flaws[0]!.explanation }] });
  });

  it("writes expected only where it is not the default, and keeps occurrence and accept", () => {
    expect(drillYaml({ ...base, expected: "rewrite" })).not.toContain("expected:");
    const escalate = drillYaml({ ...base, expected: "escalate", escalation: "A legal threat goes to the legal team." });
    expect(escalate).toContain("expected: escalate\nescalation: A legal threat goes to the legal team.\n");
    const twice = { ...base, draft: "45 days, yes 45 days", flaws: [{ ...base.flaws[0]!, occurrence: 2, accept: ["missing_citation" as const] }] };
    const written = drillYaml(twice);
    expect(written).toContain("accept: [missing_citation]");
    expect(parsed(written).flaws[0]).toMatchObject({ start: 13, end: 20, occurrence: 2 });
    expect(drillYaml({ ...base, flaws: [] })).toContain("flaws: []\n");
  });
});
