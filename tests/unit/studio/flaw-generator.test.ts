import { describe, expect, it } from "vitest";
import { detect, isDetectorId } from "~/app/content/detectors";
import { findCitations, findOccurrences, parseDrillFile, type DrillDocument } from "~/app/content/drill";
import { drillYaml } from "~/app/content/drill-yaml";
import { formatContentError } from "~/app/content/errors";
import { loadLibrary } from "~/app/content/library.server";
import { parsePolicy, type Policy } from "~/app/content/policy";
import { validateLibrary, type LibraryPolicy } from "~/app/content/validate";
import { proposeFlawedVariants, type FlawProposal } from "~/app/studio/flaw-generator";
import { TONE_PHRASES } from "~/app/studio/tone-phrases";
import { FLAW_TYPES, languageOfLocale, type FlawType } from "~/app/vocabulary";

const library = await loadLibrary({ policiesDir: "policies", drillsDir: "drills" });
const policies = library.policies.map((entry) => entry.policy);
const anchors = new Set(policies.flatMap((policy) => policy.sections.map((section) => section.anchor)));
const sectionText = new Map(policies.flatMap((policy) => policy.sections.map((section): [string, string] => [section.anchor, section.markdown.replace(/\*\*|`/g, "").replace(/\s+/g, " ")])));
const declaredDetectors = policies.flatMap((policy) => policy.restricted.map((category) => category.detector));
const takenIds = new Set(library.drills.map((entry) => entry.drill.id));
const controls = library.drills.map((entry) => entry.drill).filter((drill) => drill.flaws.length === 0);
const generated = controls.map((drill) => ({ drill, ...proposeFlawedVariants({ drill, policies, takenIds }) }));

/** Validates a proposal exactly as content:check would a file holding it. */
function errorsOf(proposal: FlawProposal, libraryPolicies: readonly LibraryPolicy[] = library.policies): string[] {
  const file = `drills/studio/${proposal.document.id}.yaml`;
  const parsed = parseDrillFile(drillYaml(proposal.document), file);
  if (!parsed.drill || !parsed.locations) return parsed.errors.map(formatContentError);
  return validateLibrary({ policies: libraryPolicies, drills: [{ file, hash: "", drill: parsed.drill, locations: parsed.locations }] }).map(formatContentError);
}

const CJK = String.raw`[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f\uff00-\uffef]`;
const SPACE_BETWEEN_CJK = new RegExp(`${CJK}[ \\t]+${CJK}`, "gu");

/** The numbers that differ between two drafts: the changed span widened to whole numbers (and ranges). */
function changedNumbers(before: string, after: string): { was: string; now: string } {
  let start = 0;
  while (start < before.length && before[start] === after[start]) start++;
  let fromEnd = 0;
  while (fromEnd < before.length - start && before[before.length - 1 - fromEnd] === after[after.length - 1 - fromEnd]) fromEnd++;
  const number = /[\d.,–〜~ a-]/;
  while (start > 0 && number.test(before[start - 1] ?? "") && /\d|[.,–〜~]/.test(before.slice(0, start).at(-1) ?? "")) start--;
  let beforeEnd = before.length - fromEnd;
  let afterEnd = after.length - fromEnd;
  while (/\d/.test(before[beforeEnd] ?? "") && /\d/.test(after[afterEnd] ?? "")) {
    beforeEnd++;
    afterEnd++;
  }
  return { was: before.slice(start, beforeEnd), now: after.slice(start, afterEnd) };
}

describe("the flaw generator over every clean control of the library", () => {
  it("loads a library with controls in several languages", () => {
    expect(library.errors).toEqual([]);
    expect(controls.length).toBeGreaterThanOrEqual(20);
    expect(new Set(controls.map((drill) => drill.locale))).toEqual(new Set(["en", "de", "es", "fr", "ja"]));
  });

  it("proposes or explains every kind for every control", () => {
    for (const { drill, proposals, skipped } of generated) {
      const kinds = [...proposals.map((proposal) => proposal.kind), ...skipped.map((skip) => skip.kind)].sort();
      expect(kinds, drill.id).toEqual([...FLAW_TYPES].sort());
      for (const skip of skipped) expect(skip.reason.length, `${drill.id} ${skip.kind}`).toBeGreaterThan(20);
    }
  });

  it("makes every proposal a drill that content:check accepts, carrying exactly one flaw of its kind", () => {
    for (const { drill, proposals } of generated) {
      for (const proposal of proposals) {
        const label = `${drill.id} → ${proposal.kind}`;
        expect(errorsOf(proposal), label).toEqual([]);
        const { document } = proposal;
        expect(document.flaws, label).toHaveLength(1);
        const [flaw] = document.flaws;
        expect(flaw?.type, label).toBe(proposal.kind);
        expect(findOccurrences(document.draft, flaw?.quote ?? "").length, label).toBeGreaterThanOrEqual(1);
        expect(anchors.has(flaw?.policy ?? ""), `${label}: policy ${flaw?.policy}`).toBe(true);
        expect(flaw?.explanation.length, label).toBeGreaterThanOrEqual(40);
        expect(document.draft, label).not.toBe(drill.draft);
      }
    }
  });

  it("keeps the control's locale, channel, skills and customer, leaves expected to its default and takes a new id", () => {
    const ids = new Set<string>();
    for (const { drill, proposals } of generated) {
      for (const { document, title } of proposals) {
        expect(document.id.startsWith(`${drill.id}-gen-`)).toBe(true);
        expect(takenIds.has(document.id) || ids.has(document.id), document.id).toBe(false);
        ids.add(document.id);
        expect(document).toMatchObject({ locale: drill.locale, channel: drill.channel, skills: drill.skills, customer: drill.customer, title });
        expect(document.expected).toBeUndefined();
        expect(document.difficulty).toBeGreaterThanOrEqual(1);
        expect(document.difficulty).toBeLessThanOrEqual(5);
        expect(parseDrillFile(drillYaml(document), "x.yaml").drill?.expected).toBe("rewrite");
      }
    }
  });

  it("changes a value the cited section states into one it does not, and quotes the section", () => {
    for (const { drill, proposals } of generated) {
      const proposal = proposals.find((candidate) => candidate.kind === "hallucination");
      if (!proposal) continue;
      const [flaw] = proposal.document.flaws;
      const { was, now } = changedNumbers(drill.draft, proposal.document.draft);
      const section = sectionText.get(flaw?.policy ?? "") ?? "";
      expect(now, drill.id).not.toBe(was);
      expect(flaw?.quote.includes(now), drill.id).toBe(true);
      const firstNumber = /\d+/.exec(was)?.[0] ?? "";
      expect(new RegExp(`(?<![\\d.,])${firstNumber}(?![\\d])`).test(section), `${drill.id}: ${was} in [${flaw?.policy}]`).toBe(true);
      const windows = findOccurrences(section, firstNumber).map((at) => (section.slice(at).split(/[.,;](?=\s)/)[0] ?? "").slice(0, 16));
      const quoted = windows.some((window) => flaw?.explanation.includes(window));
      expect(quoted, `${drill.id}: ${flaw?.explanation}`).toBe(true);
    }
  });

  it("removes exactly one citation for a missing citation, and points one elsewhere for a fabricated one", () => {
    for (const { drill, proposals } of generated) {
      const before = findCitations(drill.draft).map((citation) => citation.anchor);
      const missing = proposals.find((candidate) => candidate.kind === "missing_citation");
      if (missing) {
        const [flaw] = missing.document.flaws;
        expect(findCitations(missing.document.draft)).toHaveLength(before.length - 1);
        expect(before).toContain(flaw?.policy);
        expect(findCitations(flaw?.quote ?? ""), drill.id).toEqual([]);
      }
      const fabricated = proposals.find((candidate) => candidate.kind === "fabricated_citation");
      if (fabricated) {
        const [flaw] = fabricated.document.flaws;
        const inQuote = findCitations(flaw?.quote ?? "");
        expect(inQuote, drill.id).toHaveLength(1);
        const anchor = inQuote[0]?.anchor ?? "";
        expect(anchor).not.toBe(flaw?.policy);
        if (anchors.has(anchor)) expect(before, `${drill.id}: [${anchor}] is cited elsewhere`).not.toContain(anchor);
        expect(findCitations(fabricated.document.draft)).toHaveLength(before.length);
      }
    }
  });

  it("plants restricted data the validator's detectors recognise, of a declared category", () => {
    for (const { drill, proposals } of generated) {
      const proposal = proposals.find((candidate) => candidate.kind === "restricted_data");
      if (!proposal) continue;
      const [flaw] = proposal.document.flaws;
      const spans = detect(proposal.document.draft, declaredDetectors);
      expect(spans, drill.id).toHaveLength(1);
      const span = spans[0];
      expect(proposal.document.draft.slice(span?.start, span?.end), drill.id).toBe(flaw?.quote);
      expect(declaredDetectors).toContain(span?.category);
      if (drill.locale !== "ja") expect(span?.category).not.toBe("jp_my_number");
    }
  });

  it("writes tone sentences in the drill's language, and no stray spaces between CJK characters", () => {
    for (const { drill, proposals } of generated) {
      const language = languageOfLocale(drill.locale);
      const tone = proposals.find((candidate) => candidate.kind === "tone");
      if (language && tone) {
        const phrases = Object.values(TONE_PHRASES[language]).flat();
        expect(phrases, drill.id).toContain(tone.document.flaws[0]?.quote);
      }
      if (drill.locale === "ja") {
        expect(tone?.document.flaws[0]?.quote).toMatch(/[\p{Script=Hiragana}\p{Script=Katakana}]/u);
        for (const { document } of proposals) {
          expect(document.draft.match(SPACE_BETWEEN_CJK)?.length ?? 0, document.id).toBe(drill.draft.match(SPACE_BETWEEN_CJK)?.length ?? 0);
          expect(document.title.match(SPACE_BETWEEN_CJK), document.id).toBeNull();
        }
      }
    }
  });

  it("gives the same proposals for the same input", () => {
    for (const { drill, proposals, skipped } of generated) {
      expect(proposeFlawedVariants({ drill: structuredClone(drill), policies: structuredClone(policies), takenIds })).toEqual({ proposals, skipped });
    }
  });

  it("proposes each kind for most controls", () => {
    const made = Object.fromEntries(FLAW_TYPES.map((kind) => [kind, 0])) as Record<FlawType, number>;
    for (const { proposals } of generated) for (const { kind } of proposals) made[kind]++;
    console.info(`flaw generator over ${controls.length} controls: ${FLAW_TYPES.map((kind) => `${kind} ${made[kind]}`).join(", ")}`);
    for (const kind of FLAW_TYPES) expect(made[kind], kind).toBeGreaterThanOrEqual(Math.ceil(controls.length / 2));
    for (const kind of ["missing_citation", "fabricated_citation", "restricted_data", "tone"] as const) expect(made[kind], kind).toBe(controls.length);
  });
});

function policyOf(text: string): Policy {
  const parsed = parsePolicy(text, "policies/test.md");
  if (!parsed.policy) throw new Error(parsed.errors.map(formatContentError).join("\n"));
  return parsed.policy;
}

const REFUNDS = policyOf(
  "---\nid: refunds\ntitle: Refunds\nversion: 1\neffective: 2026-03-01\n---\n## Window {#refunds.window}\nReturns within **30 days** of delivery; refunds take **5–10 business days**.\n## Fees {#refunds.fees}\nA fee of **15 %** applies.\n",
);

function control(overrides: Partial<DrillDocument>): DrillDocument {
  return { id: "test-control", title: "A control (control)", locale: "en", channel: "chat", skills: ["returns"], difficulty: 2, customer: "Hi", draft: "Hi.", flaws: [], ...overrides };
}

function kindsOf(result: { proposals: FlawProposal[] }): FlawType[] {
  return result.proposals.map((proposal) => proposal.kind);
}

describe("proposeFlawedVariants", () => {
  it("makes nothing from a drill that already has flaws, and says why", () => {
    const flawed = control({ draft: "It is 45 days [refunds.window].", flaws: [{ type: "hallucination", quote: "45 days", explanation: "The window is 30 days." }] });
    const result = proposeFlawedVariants({ drill: flawed, policies: [REFUNDS] });
    expect(result.proposals).toEqual([]);
    expect(result.skipped.map((skip) => skip.kind)).toEqual([...FLAW_TYPES]);
    expect(result.skipped[0]?.reason).toMatch(/clean control/);
  });

  it("changes both ends of a range and strips the control mark from the title", () => {
    const drill = control({ draft: "Hi Sam. Refunds take 5–10 business days to appear [refunds.window]." });
    const [proposal] = proposeFlawedVariants({ drill, policies: [REFUNDS] }).proposals;
    expect(proposal?.kind).toBe("hallucination");
    expect(proposal?.document.draft).toBe("Hi Sam. Refunds take 7–14 business days to appear [refunds.window].");
    expect(proposal?.document.flaws[0]?.quote).toBe("Refunds take 7–14 business days to appear");
    expect(proposal?.title).toBe('A control — wrong value: "7–14 business days" instead of "5–10 business days"');
    expect(proposal?.document.difficulty).toBe(3);
  });

  it("writes the wrong value the way the drill's language writes numbers", () => {
    const drill = control({ locale: "de", draft: "Es gilt eine Gebühr von 15 % [refunds.fees]." });
    const hallucination = proposeFlawedVariants({ drill, policies: [REFUNDS] }).proposals.find((proposal) => proposal.kind === "hallucination");
    expect(hallucination?.document.draft).toBe("Es gilt eine Gebühr von 20 % [refunds.fees].");
    expect(hallucination?.document.flaws[0]?.explanation).toContain("„20 %“");
  });

  it("skips the citation kinds for a draft that cites nothing, and restricted data when no policy declares any", () => {
    const result = proposeFlawedVariants({ drill: control({ draft: "Thanks for writing. I'll check it now." }), policies: [REFUNDS] });
    expect(kindsOf(result)).toEqual(["tone"]);
    expect(result.skipped.find((skip) => skip.kind === "restricted_data")?.reason).toMatch(/restricted:/);
  });

  it("does not remove a citation whose sentence cites the same section again", () => {
    const drill = control({ draft: "The window is 30 days [refunds.window] and refunds take 5–10 business days [refunds.window]." });
    const missing = proposeFlawedVariants({ drill, policies: [REFUNDS] }).proposals.find((proposal) => proposal.kind === "missing_citation");
    expect(missing?.document.draft).toBe("The window is 30 days [refunds.window] and refunds take 5–10 business days.");
    expect(missing?.document.flaws[0]).toMatchObject({ quote: "and refunds take 5–10 business days", policy: "refunds.window" });
  });

  it("adds a sentence after a line's closing emoji, with no space between Japanese characters", () => {
    const drill = control({ locale: "ja", draft: "田中様\n返品は30日以内です [refunds.window]。🙏\nよろしくお願いいたします。" });
    const tone = proposeFlawedVariants({ drill, policies: [REFUNDS] }).proposals.find((proposal) => proposal.kind === "tone");
    const quote = tone?.document.flaws[0]?.quote ?? "";
    expect(tone?.document.draft).toBe(`田中様\n返品は30日以内です [refunds.window]。🙏${quote}\nよろしくお願いいたします。`);
    expect(Object.values(TONE_PHRASES.ja).flat()).toContain(quote);
  });

  it("avoids ids already taken", () => {
    const drill = control({ draft: "The window is 30 days [refunds.window]." });
    const taken = new Set(["test-control-gen-hallucination", "test-control-gen-hallucination-2"]);
    const ids = proposeFlawedVariants({ drill, policies: [REFUNDS], takenIds: taken }).proposals.map((proposal) => proposal.document.id);
    expect(ids).toContain("test-control-gen-hallucination-3");
    expect(ids).toContain("test-control-gen-missing-citation");
  });

  it("proposes no tone or restricted data in a language it has no sentences for", () => {
    const result = proposeFlawedVariants({ drill: control({ locale: "pt-BR", draft: "Prazo de 30 dias [refunds.window]." }), policies: [REFUNDS, ...policies.filter((policy) => policy.restricted.length > 0)] });
    expect(result.skipped.map((skip) => skip.kind)).toEqual(expect.arrayContaining(["tone", "restricted_data"]));
  });

  it("plants restricted data that passes the validator with a library's data-handling policy", () => {
    for (const locale of ["en", "de", "es", "fr", "ja"]) {
      const draft = locale === "ja" ? "返品は30日以内です [refunds.window]。" : "The window is 30 days [refunds.window].";
      const proposal = proposeFlawedVariants({ drill: control({ locale, draft }), policies: [REFUNDS, ...policies] }).proposals.find((candidate) => candidate.kind === "restricted_data");
      expect(proposal, locale).toBeDefined();
      const quote = proposal?.document.flaws[0]?.quote ?? "";
      expect(detect(quote, declaredDetectors.filter(isDetectorId)), `${locale}: ${quote}`).toHaveLength(1);
    }
  });
});
