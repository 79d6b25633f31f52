import { describe, expect, it } from "vitest";
import { checkLibrary } from "~/app/content/library.server";
import { DECISION_LABELS, DECISIONS, FLAW_LABELS, FLAW_TYPES } from "~/app/vocabulary";
import { FLAW_EXAMPLES, shouldShowWalkthrough, stepIndex, WALKTHROUGH_STEPS, WALKTHROUGH_TARGETS } from "~/app/walkthrough/steps";

/** Everything the walkthrough says, as one text. */
const WORDING = WALKTHROUGH_STEPS.flatMap((step) => [step.title, step.text, ...(step.list ?? []).flatMap((item) => [item.term, item.means, item.example ?? ""])]).join("\n");

describe("the walkthrough's steps", () => {
  it("are 3 to 5 short steps, each pointing at a different part of the drill page", () => {
    expect(WALKTHROUGH_STEPS.length).toBeGreaterThanOrEqual(3);
    expect(WALKTHROUGH_STEPS.length).toBeLessThanOrEqual(5);
    const targets = WALKTHROUGH_STEPS.map((step) => step.target);
    expect(new Set(targets).size).toBe(targets.length);
    for (const target of targets) expect(Object.values(WALKTHROUGH_TARGETS)).toContain(target);
    // Thirty seconds, skimmed at about 300 words a minute.
    expect(WORDING.split(/\s+/).length).toBeLessThanOrEqual(150);
  });

  it("go from marking the draft to typing the marks to the decision", () => {
    expect(WALKTHROUGH_STEPS.map((step) => step.target).slice(0, 3)).toEqual([WALKTHROUGH_TARGETS.draft, WALKTHROUGH_TARGETS.flawTypes, WALKTHROUGH_TARGETS.decision]);
  });

  it("name the five flaw types in the order of their number keys, each with one example", () => {
    const types = WALKTHROUGH_STEPS.find((step) => step.target === WALKTHROUGH_TARGETS.flawTypes)?.list ?? [];
    expect(types.map((item) => item.term)).toEqual(FLAW_TYPES.map((type) => FLAW_LABELS[type]));
    for (const item of types) expect(item.example, item.term).toMatch(/\S/);
  });

  it("name the three decisions as the decision controls do", () => {
    const decisions = WALKTHROUGH_STEPS.find((step) => step.target === WALKTHROUGH_TARGETS.decision)?.list ?? [];
    expect(decisions.map((item) => item.term)).toEqual(DECISIONS.map((decision) => DECISION_LABELS[decision]));
  });
});

describe("stepIndex", () => {
  it("moves on and back, and stays within the steps", () => {
    expect(stepIndex(0, 1)).toBe(1);
    expect(stepIndex(1, -1)).toBe(0);
    expect(stepIndex(0, -1)).toBe(0);
    expect(stepIndex(WALKTHROUGH_STEPS.length - 1, 1)).toBe(WALKTHROUGH_STEPS.length - 1);
    expect(stepIndex(2, 5, ["a", "b", "c"])).toBe(2);
  });
});

describe("shouldShowWalkthrough", () => {
  it("opens by itself until the agent has closed it once", () => {
    expect(shouldShowWalkthrough({ seenAt: null, asked: false })).toBe(true);
    expect(shouldShowWalkthrough({ seenAt: new Date("2026-12-01T10:00:00Z"), asked: false })).toBe(false);
  });

  it("opens whenever the agent asks for it", () => {
    expect(shouldShowWalkthrough({ seenAt: new Date("2026-12-01T10:00:00Z"), asked: true })).toBe(true);
    expect(shouldShowWalkthrough({ seenAt: null, asked: true })).toBe(true);
  });
});

describe("the walkthrough against the drill library", async () => {
  const library = await checkLibrary({ policiesDir: "policies", drillsDir: "drills" });
  const fold = (text: string) => text.normalize("NFKC").toLowerCase().replace(/\s+/g, " ");

  it("quotes no drill: no example is in a draft, no flaw of a drill is in the walkthrough", () => {
    const quoted = Object.values(FLAW_EXAMPLES).flatMap(({ example }) => [...example.matchAll(/“([^”]+)”/g)].map((match) => match[1] ?? ""));
    expect(quoted.length).toBeGreaterThanOrEqual(3);
    for (const { drill } of library.drills) {
      for (const phrase of quoted) expect(fold(drill.draft), `${drill.id} contains “${phrase}”`).not.toContain(fold(phrase));
      for (const flaw of drill.flaws) expect(fold(WORDING), `${drill.id}: ${flaw.quote}`).not.toContain(fold(flaw.quote));
    }
  });

  it("makes up its fabricated citation: no policy has that section", () => {
    const anchors = library.policies.flatMap(({ policy }) => policy.sections.flatMap((section) => [section.anchor, `${policy.id}.${section.anchor}`]));
    const cited = [...WORDING.matchAll(/\[([a-z0-9.-]+)\]/g)].map((match) => match[1] ?? "");
    expect(cited).toContain("warranty.loyalty");
    for (const anchor of cited) expect(anchors).not.toContain(anchor);
  });
});
