import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadLibrary } from "~/app/content/library.server";
import { parsePolicy } from "~/app/content/policy";
import type { LibraryPolicy } from "~/app/content/validate";
import { checkAgainstLibrary, compareSections, decodeUtf8, MAX_POLICY_BYTES, readPolicySource, reliedOnAmong, unsettledAnchors, type StoredSection } from "~/app/policies/versions";
import { wordDiff } from "~/app/text/word-diff";

const VALID = "tests/fixtures/content/valid";
const REFUNDS = readFileSync(`${VALID}/policies/refunds.md`, "utf8");

/** The fixture's refunds policy as stored after a sync: every section at version 1. */
function stored(text = REFUNDS): StoredSection[] {
  const policy = parsePolicy(text, "policies/refunds.md").policy;
  if (!policy) throw new Error("the fixture policy does not parse");
  return policy.sections.map(({ anchor, heading, markdown, hash }) => ({ anchor, heading, markdown, hash, versionNo: 1 }));
}

/** A new version: the return window is 45 days, the warranty section is gone, an exchanges section is new. */
const CHANGED = REFUNDS.replace("version: 2026-03", "version: 2026-04")
  .replace("within **30 days** of delivery", "within **45 days** of delivery")
  .replace(/## Warranty \{#refunds\.warranty\}\n.*\n/, "## Exchanges {#refunds.exchanges}\nAn unused item may be exchanged once.\n");

function read(text: string) {
  const result = readPolicySource(text, "refunds.md");
  if (!result.policy) throw new Error(JSON.stringify(result.errors));
  return result.policy;
}

describe("compareSections", () => {
  it("finds the sections added, changed and removed, with the old and new text", () => {
    const comparison = compareSections(stored(), read(CHANGED).sections);
    expect(comparison.added.map((s) => s.anchor)).toEqual(["refunds.exchanges"]);
    expect(comparison.removed.map((s) => s.anchor)).toEqual(["refunds.warranty"]);
    expect(comparison.unchanged.map((s) => s.anchor)).toEqual(["refunds.restocking"]);
    expect(comparison.changed).toHaveLength(1);
    const [change] = comparison.changed;
    expect(change?.anchor).toBe("refunds.window");
    expect(change?.before.markdown).toContain("**30 days**");
    expect(change?.after.markdown).toContain("**45 days**");
    expect(change?.after.line).toBe(11);
    expect([...unsettledAnchors(comparison)].sort()).toEqual(["refunds.warranty", "refunds.window"]);
  });

  it("counts a changed heading as a changed section, and the same text as no change", () => {
    const renamed = REFUNDS.replace("## Restocking fee {#refunds.restocking}", "## Restocking fees {#refunds.restocking}");
    expect(compareSections(stored(), read(renamed).sections).changed.map((c) => c.anchor)).toEqual(["refunds.restocking"]);
    const same = compareSections(stored(), read(REFUNDS).sections);
    expect([same.added, same.changed, same.removed]).toEqual([[], [], []]);
  });

  it("sees everything as added for a new policy, in Japanese and with emoji too", () => {
    const text = "---\nid: henpin\ntitle: 返品ポリシー 📦\nversion: 1\neffective: 2026-04-01\n---\n## 返品期間 {#henpin.kikan}\n配達から30日以内 🙂\n";
    const comparison = compareSections([], read(text).sections);
    expect(comparison.added.map((s) => [s.anchor, s.heading, s.markdown])).toEqual([["henpin.kikan", "返品期間", "配達から30日以内 🙂"]]);
  });
});

describe("the drills a new version sets aside", () => {
  it("are the fixture drills relying on a changed or removed section, with those sections", async () => {
    const library = await loadLibrary({ policiesDir: `${VALID}/policies`, drillsDir: `${VALID}/drills` });
    const anchors = unsettledAnchors(compareSections(stored(), read(CHANGED).sections));
    const affected = library.drills.flatMap(({ drill }) => {
      const relyingOn = reliedOnAmong(drill, anchors);
      return relyingOn.length > 0 ? [[drill.id, relyingOn]] : [];
    });
    expect(affected.sort()).toEqual([
      ["ja-my-number-echo", ["refunds.window"]],
      ["refunds-control-restocking", ["refunds.window"]],
      ["refunds-day-31", ["refunds.window"]],
      ["refunds-fabricated-gift-card", ["refunds.warranty"]],
    ]);
  });
});

describe("readPolicySource", () => {
  it("reports the parser's errors with their lines, exactly as content:check does", () => {
    for (const name of ["duplicate-anchor", "malformed-anchor", "bad-front-matter", "unknown-detector"]) {
      const text = readFileSync(`tests/fixtures/content/broken/policies/${name}.md`, "utf8");
      const errors = readPolicySource(text, `policies/${name}.md`).errors;
      expect(errors.length).toBeGreaterThan(0);
      expect(errors).toEqual(parsePolicy(text, `policies/${name}.md`).errors);
    }
    const duplicate = readFileSync("tests/fixtures/content/broken/policies/duplicate-anchor.md", "utf8");
    expect(readPolicySource(duplicate, "upload.md").errors).toEqual([{ file: "upload.md", line: 12, column: 35, message: 'anchor "warranty.coverage" is already used on line 9' }]);
  });

  it("says a text without front matter is missing it, on line 1", () => {
    expect(readPolicySource("# Just a heading\nSome text.\n", "upload.md").errors).toEqual([
      { file: "upload.md", line: 1, column: 1, message: "missing front matter: a policy starts with a --- line, then id, title, version and effective, then ---" },
    ]);
  });

  it("refuses control characters at their line and column, counting UTF-16 columns after emoji", () => {
    const text = REFUNDS.replace("Opened items", "📦 Opened\u0007 items");
    const errors = readPolicySource(text, "upload.md").errors;
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ line: 18, column: 10 });
    expect(errors[0]?.message).toMatch(/control character U\+0007 is not allowed/);
    expect(readPolicySource("---\nid: a\u0000\n", "upload.md").errors[0]).toMatchObject({ line: 2, column: 6 });
    expect(readPolicySource("---\r\nid: a\r\n\ud800\r\n", "upload.md").errors[0]).toMatchObject({ line: 3, column: 1, message: expect.stringMatching(/unpaired surrogate/) });
    const many = readPolicySource("\u0001".repeat(8), "upload.md").errors;
    expect(many).toHaveLength(6);
    expect(many[5]?.message).toBe("3 more control characters not shown");
  });

  it("refuses more than 1 MB", () => {
    const huge = `${REFUNDS}\n${"x".repeat(MAX_POLICY_BYTES)}`;
    expect(readPolicySource(huge, "upload.md").errors).toEqual([{ file: "upload.md", line: 0, column: 0, message: "the policy is 1 MB; at most 1 MB is accepted" }]);
    // Bytes, not characters: a Japanese policy of 400,000 characters is 1.2 MB.
    expect(readPolicySource("あ".repeat(400_000), "upload.md").errors[0]?.message).toBe("the policy is 1.1 MB; at most 1 MB is accepted");
  });

  it("tells UTF-8 text from other bytes", () => {
    expect(decodeUtf8(new TextEncoder().encode("返品 📦"))).toBe("返品 📦");
    expect(decodeUtf8(new Uint8Array([0x25, 0x50, 0x44, 0x46, 0xff, 0xfe]))).toBeNull();
  });
});

describe("checkAgainstLibrary", () => {
  const library = (file: string, text: string): LibraryPolicy => {
    const parsed = parsePolicy(text, file);
    if (!parsed.policy || !parsed.locations) throw new Error("does not parse");
    return { file, hash: "", policy: parsed.policy, locations: parsed.locations };
  };

  it("reports an anchor another stored policy defines, with the validator's message", () => {
    // A stored row that predates the anchor prefix rule can still hold any anchor.
    const other = library("policies/returns.md", REFUNDS.replace("id: refunds", "id: returns"));
    const uploaded = library("upload.md", REFUNDS);
    const errors = checkAgainstLibrary(uploaded, [{ ...other, policy: { ...other.policy, id: "returns" } }]);
    expect(errors.map((e) => `${e.line}:${e.message}`)).toEqual([
      '11:anchor "refunds.window" is already defined in policies/returns.md:11:18',
      '17:anchor "refunds.restocking" is already defined in policies/returns.md:17:19',
      '20:anchor "refunds.warranty" is already defined in policies/returns.md:20:13',
    ]);
  });

  it("replaces the stored policy of the same id instead of clashing with it", () => {
    expect(checkAgainstLibrary(library("upload.md", CHANGED), [library("policies/refunds.md", REFUNDS)])).toEqual([]);
  });
});

describe("wordDiff", () => {
  it("keeps, removes and adds words, in any script", () => {
    expect(wordDiff("within 30 days", "within 45 days")).toEqual([
      { kind: "same", text: "within " },
      { kind: "removed", text: "30" },
      { kind: "added", text: "45" },
      { kind: "same", text: " days" },
    ]);
    const parts = wordDiff("配達から30日以内", "配達から45日以内 🙂");
    expect(parts.filter((p) => p.kind !== "added").map((p) => p.text).join("")).toBe("配達から30日以内");
    expect(parts.filter((p) => p.kind !== "removed").map((p) => p.text).join("")).toBe("配達から45日以内 🙂");
  });
});
