import { describe, expect, it } from "vitest";
import { findCitations, parseDrillFile, positionInDraft } from "~/app/content/drill";
import { formatContentError } from "~/app/content/errors";

const FILE = "drills/refunds/day-31.yaml";

const VALID = `id: refunds-day-31
title: Day-31 return
locale: en
channel: email
skills: [return-window, warranty]
difficulty: 2
customer: |
  It leaks. Can I return it?
draft: |
  Hi Dana,

  Our return window is 45 days [refunds.window]. Our return window is 45 days!
  😀 Thanks [refunds.warranty].
flaws:
  - type: hallucination
    quote: "Our return window is 45 days"
    occurrence: 2
    explanation: The window is 30 days.
    policy: refunds.window
  - type: tone
    quote: "😀 Thanks"
    explanation: An emoji in a refusal reads as flippant.
`;

/** The drill text with `key: value` lines replaced, added (value given) or removed (value null). */
function variant(changes: Record<string, string | null>, text = VALID): string {
  let result = text;
  for (const [key, value] of Object.entries(changes)) {
    const line = new RegExp(`^${key}:.*$`, "m");
    if (value === null) result = result.replace(new RegExp(`^${key}:.*\\n`, "m"), "");
    else if (line.test(result)) result = result.replace(line, `${key}: ${value}`);
    else result = `${result}${key}: ${value}\n`;
  }
  return result;
}

function messages(text: string): string[] {
  return parseDrillFile(text, FILE).errors.map(formatContentError);
}

describe("parseDrillFile", () => {
  it("parses a drill and resolves quotes and citations to UTF-16 ranges", () => {
    const { drill, errors, locations } = parseDrillFile(VALID, FILE);
    expect(errors).toEqual([]);
    expect(drill).toBeDefined();
    if (!drill || !locations) return;
    expect(drill).toMatchObject({
      id: "refunds-day-31",
      locale: "en",
      channel: "email",
      skills: ["return-window", "warranty"],
      difficulty: 2,
      expected: "rewrite",
    });
    const [hallucination, tone] = drill.flaws;
    const second = drill.draft.lastIndexOf("Our return window is 45 days");
    expect(hallucination).toMatchObject({ start: second, end: second + 28, occurrence: 2, policy: "refunds.window" });
    expect(drill.draft.slice(tone?.start, tone?.end)).toBe("😀 Thanks");
    expect(drill.citations.map((citation) => [citation.anchor, drill.draft.slice(citation.start, citation.end)])).toEqual([
      ["refunds.window", "[refunds.window]"],
      ["refunds.warranty", "[refunds.warranty]"],
    ]);
    expect(locations.id).toEqual({ line: 1, column: 1 });
    expect(locations.flaws[0]).toEqual({ type: { line: 15, column: 5 }, quote: { line: 16, column: 5 }, policy: { line: 19, column: 5 } });
    expect(locations.flaws[1]?.policy).toBeUndefined();
  });

  it("maps draft offsets of a literal block to file positions", () => {
    const { drill, locations } = parseDrillFile(VALID, FILE);
    if (!drill || !locations) throw new Error("expected a drill");
    const citation = drill.citations[1];
    if (!citation) throw new Error("expected a citation");
    // Line 13 is "  😀 Thanks [refunds.warranty]."; the emoji is two UTF-16 code units.
    expect(positionInDraft(drill.draft, locations.draft, citation.start)).toEqual({ line: 13, column: 13 });
    expect(positionInDraft(drill.draft, locations.draft, 0)).toEqual({ line: 10, column: 3 });
  });

  it("points at the draft key when the draft is not a literal block", () => {
    const { drill, locations } = parseDrillFile(
      variant({ draft: '"Hello [refunds.window]"', flaws: "[]", customer: "Hi" }).replace(/^ {2}.*\n/gm, ""),
      FILE,
    );
    if (!drill || !locations) throw new Error("expected a drill");
    expect(positionInDraft(drill.draft, locations.draft, 6)).toEqual(locations.draft.key);
  });

  it("defaults the expected decision to send for a clean control", () => {
    const text = variant({ flaws: "[]" }).replace(/^ {2}- type[\s\S]*$/m, "");
    const { drill, errors } = parseDrillFile(text, FILE);
    expect(errors).toEqual([]);
    expect(drill?.flaws).toEqual([]);
    expect(drill?.expected).toBe("send");
  });

  it("keeps an explicit expected decision and its escalation", () => {
    const { drill } = parseDrillFile(variant({ expected: "escalate", escalation: "A third party asked for data." }), FILE);
    expect(drill?.expected).toBe("escalate");
    expect(drill?.expected).toBe("escalate");
    expect(drill?.escalation).toBe("A third party asked for data.");
  });

  it("reports YAML syntax errors with their position", () => {
    expect(messages('id: x\ntitle: "open\nlocale: en\n')).toEqual([
      "drills/refunds/day-31.yaml:2:8: YAML syntax error: this quoted text is never closed",
    ]);
    expect(messages("id: a\nid: b\n")).toEqual(["drills/refunds/day-31.yaml:2:1: YAML syntax error: Map keys must be unique"]);
  });

  it("reports unknown keys at the key, in the drill and in a flaw", () => {
    const text = VALID.replace("    policy: refunds.window\n", "    policy: refunds.window\n    severity: high\n") + "notes: hi\n";
    expect(messages(text)).toEqual([
      'drills/refunds/day-31.yaml:20:5: unknown key "severity"; allowed keys: type, quote, occurrence, explanation, policy, accept',
      'drills/refunds/day-31.yaml:24:1: unknown key "notes"; allowed keys: id, title, locale, skills, difficulty, channel, customer, draft, flaws, expected, escalation',
    ]);
  });

  it("reports missing keys at the enclosing mapping", () => {
    expect(messages(VALID.replace("    explanation: The window is 30 days.\n", ""))).toEqual([
      'drills/refunds/day-31.yaml:15:5: missing required key "explanation"',
    ]);
    const withoutFlaws = VALID.slice(0, VALID.indexOf("flaws:"));
    expect(messages(withoutFlaws)).toEqual([
      'drills/refunds/day-31.yaml:1:1: missing required key "flaws" (use flaws: [] for a clean control)',
    ]);
  });

  it.each([
    [{ difficulty: "7" }, "6:1: difficulty must be a whole number from 1 to 5 (got 7)"],
    [{ difficulty: "0" }, "6:1: difficulty must be a whole number from 1 to 5 (got 0)"],
    [{ difficulty: "2.5" }, "6:1: difficulty must be a whole number from 1 to 5 (got 2.5)"],
    [{ difficulty: '"2"' }, '6:1: difficulty must be a whole number from 1 to 5 (got "2")'],
    [{ channel: "phone" }, '4:1: channel must be "chat" or "email" (got "phone")'],
    [{ locale: "English" }, "3:1: locale must be a language tag such as en, ja, de or pt-BR"],
    [{ id: "Refunds Day 31" }, "1:1: id must be lowercase letters and digits joined by hyphens, e.g. refunds-day-31"],
    [{ title: '""' }, "2:1: title must not be empty"],
    [{ skills: "return-window" }, "5:1: skills must be a list, e.g. [return-window, citations]"],
    [{ skills: "[Return Window]" }, "5:10: each skill must be lowercase letters and digits joined by hyphens, e.g. return-window"],
    [{ expected: "approve" }, "23:1: expected must be send, rewrite or escalate (got \"approve\")"],
    [{ expected: "escalate" }, "23:1: expected: escalate needs an escalation: key saying why the agent must hand over"],
    [{ escalation: "Because." }, "23:1: escalation: is only used with expected: escalate"],
  ])("reports %j", (changes, message) => {
    expect(messages(variant(changes))).toEqual([`${FILE}:${message}`]);
  });

  it("reports an unknown flaw type with the allowed ones", () => {
    expect(messages(VALID.replace("type: tone", "type: rudeness"))).toEqual([
      `${FILE}:20:5: unknown flaw type "rudeness"; use one of: hallucination, missing_citation, fabricated_citation, restricted_data, tone`,
    ]);
  });

  it("reports a file that is not a mapping", () => {
    expect(messages("- just a list\n")).toEqual([
      `${FILE}:1:1: a drill file must be a mapping of keys: id, title, locale, skills, difficulty, customer, draft, flaws`,
    ]);
    expect(messages("")).toHaveLength(8);
  });

  it("reports a missing quote, with a hint when only spacing or case differ", () => {
    expect(messages(VALID.replace('quote: "😀 Thanks"', 'quote: "Cheers"'))).toEqual([
      `${FILE}:21:5: quote "Cheers" does not occur in the draft`,
    ]);
    expect(messages(VALID.replace('quote: "😀 Thanks"', 'quote: "😀  thanks"'))).toEqual([
      `${FILE}:21:5: quote "😀  thanks" does not occur in the draft exactly: it differs in spacing, line breaks or letter case; copy it from the draft`,
    ]);
  });

  it("reports an ambiguous quote and an occurrence out of range", () => {
    expect(messages(VALID.replace("    occurrence: 2\n", ""))).toEqual([
      `${FILE}:16:5: quote "Our return window is 45 days" occurs 2 times in the draft; add occurrence: N (1 to 2) to say which`,
    ]);
    expect(messages(VALID.replace("occurrence: 2", "occurrence: 3"))).toEqual([
      `${FILE}:17:5: occurrence: 3 but quote "Our return window is 45 days" occurs 2 times in the draft`,
    ]);
    expect(messages(VALID.replace("occurrence: 2", "occurrence: 0"))).toEqual([
      `${FILE}:17:5: occurrence must be a whole number, 1 or more (got 0)`,
    ]);
  });

  it("accepts occurrence: 1 on a unique quote", () => {
    expect(messages(VALID.replace('quote: "😀 Thanks"', 'quote: "😀 Thanks"\n    occurrence: 1'))).toEqual([]);
  });
});

describe("findCitations", () => {
  it("finds [anchor] citations but not footnotes, links or ellipses", () => {
    const draft = "See [refunds.window] and [Refunds.Window]. [1] [sic] [...] [the docs](https://x.test) [a.b](u)";
    expect(findCitations(draft).map((citation) => citation.anchor)).toEqual(["refunds.window", "Refunds.Window"]);
  });

  it("returns UTF-16 ranges covering the brackets", () => {
    const draft = "返品は30日以内です😀[refunds.window]。";
    const [citation] = findCitations(draft);
    expect(citation).toEqual({ anchor: "refunds.window", start: draft.indexOf("["), end: draft.indexOf("。") });
  });
});
