import { detect, type DetectorId } from "~/app/content/detectors";
import type { Policy, RestrictedCategory } from "~/app/content/policy";
import type { PracticeLanguage } from "~/app/vocabulary";
import { insertSentence, sentenceInsertionPoint } from "./draft-claims";
import { pickOne, rotate, sectionName, type Planting, type PlantingContext } from "./planting";
import { RESTRICTED_SENTENCES, syntheticValues } from "./restricted-samples";
import { TONE_FAULTS, TONE_PHRASES } from "./tone-phrases";

const NO_PLACE = "no line of the draft ends a sentence, so there is nowhere to add one";

/** The categories a reply in each language would leak, most typical first. */
const RESTRICTED_BY_LANGUAGE: Record<PracticeLanguage, readonly DetectorId[]> = {
  en: ["payment_card", "us_ssn", "iban"],
  de: ["iban", "payment_card"],
  es: ["payment_card", "iban"],
  fr: ["payment_card", "iban"],
  ja: ["jp_my_number", "payment_card", "iban"],
};

type Declared = { policy: Policy; category: RestrictedCategory };

/** The policy that declares each restricted category (the first one, as the validator labels it). */
function declaredCategories(policies: readonly Policy[]): Map<DetectorId, Declared> {
  const declared = new Map<DetectorId, Declared>();
  for (const policy of policies) {
    for (const category of policy.restricted) if (!declared.has(category.detector)) declared.set(category.detector, { policy, category });
  }
  return declared;
}

/**
 * A sentence carrying a synthetic value of a declared restricted category, added after a cited
 * claim. Kept only when the validator's detectors recognise exactly that value in the new draft.
 */
export function plantRestrictedData(context: PlantingContext): Planting {
  const { drill, policies, language, wording, random } = context;
  const declared = declaredCategories(policies);
  if (declared.size === 0) return { skipped: "no policy declares restricted data (restricted: in its front matter)" };
  if (language === null) return { skipped: `no synthetic restricted data is written for locale ${drill.locale}` };
  const at = sentenceInsertionPoint(drill.draft);
  if (at === undefined) return { skipped: NO_PLACE };

  const detectors = RESTRICTED_BY_LANGUAGE[language].filter((detector) => declared.has(detector) && RESTRICTED_SENTENCES[detector]?.[language] !== undefined);
  for (const detector of rotate(detectors, random)) {
    const template = RESTRICTED_SENTENCES[detector]?.[language];
    const owner = declared.get(detector);
    if (template === undefined || owner === undefined) continue;
    for (const value of rotate(syntheticValues(detector, language), random)) {
      const sentence = template.replace("{value}", value);
      const inserted = insertSentence(drill.draft, at, sentence);
      const start = inserted.start + sentence.indexOf(value);
      const end = start + value.length;
      const spans = detect(inserted.draft, [...declared.keys()]);
      if (spans.length !== 1 || spans[0]?.category !== detector || spans[0].start >= end || spans[0].end <= start) continue;
      const section = owner.policy.sections.find((candidate) => candidate.anchor.split(".").at(-1) === "restricted");
      return {
        draft: inserted.draft,
        quote: { start, end },
        explanation: wording.restrictedData({ label: owner.category.label, section: section && sectionName(context, { policy: owner.policy, section }) }),
        policy: section?.anchor,
        note: wording.restrictedDataTitle(owner.category.label),
        difficultyChange: -1,
      };
    }
  }
  return { skipped: `no synthetic value of a declared restricted category is written for ${language}, or none is recognised in this draft` };
}

/** A generic-empathy, calm-down, blame or jargon sentence from the curated list, added after a cited claim. */
export function plantTone(context: PlantingContext): Planting {
  const { drill, language, sections, wording, random } = context;
  if (language === null) return { skipped: `no curated tone sentences for locale ${drill.locale}` };
  const at = sentenceInsertionPoint(drill.draft);
  if (at === undefined) return { skipped: NO_PLACE };
  const fault = pickOne(TONE_FAULTS, random);
  const sentence = pickOne(TONE_PHRASES[language][fault], random);
  const inserted = insertSentence(drill.draft, at, sentence);
  const toneSection = [...sections.values()].find(({ section }) => section.anchor.split(".").at(-1) === "tone");
  return {
    draft: inserted.draft,
    quote: { start: inserted.start, end: inserted.start + sentence.length },
    explanation: wording.tone(fault, toneSection && sectionName(context, toneSection)),
    policy: toneSection?.section.anchor,
    note: wording.toneTitle(fault),
    difficultyChange: -1,
  };
}
