import type { DrillDocument } from "~/app/content/drill";
import { findOccurrences } from "~/app/content/drill";
import type { Policy } from "~/app/content/policy";
import { seededRandom } from "~/app/practice/seeded-random";
import { languageOfLocale, type FlawType } from "~/app/vocabulary";
import { FLAW_WORDING } from "./flaw-wording";
import { plantFabricatedCitation, plantMissingCitation } from "./plant-citations";
import { plantHallucination } from "./plant-hallucination";
import { plantRestrictedData, plantTone } from "./plant-insertions";
import type { Planted, Planting, PlantingContext, SectionEntry } from "./planting";

/** A flawed variant of a control: a complete drill with its one planted flaw annotated, for an author to review. */
export type FlawProposal = { kind: FlawType; title: string; document: DrillDocument };
/** A variant the control does not lend itself to, and why (for the author). */
export type SkippedProposal = { kind: FlawType; reason: string };
export type FlawProposals = { proposals: FlawProposal[]; skipped: SkippedProposal[] };

const PLANTERS: Record<FlawType, (context: PlantingContext) => Planting> = {
  hallucination: plantHallucination,
  missing_citation: plantMissingCitation,
  fabricated_citation: plantFabricatedCitation,
  restricted_data: plantRestrictedData,
  tone: plantTone,
};

/**
 * Proposes one flawed variant per flaw type from a clean control (DESIGN "Authoring"): a value the
 * draft takes from its cited section changed, a citation removed, a citation pointed elsewhere, a
 * synthetic restricted value added, a tone sentence added. Deterministic: the same drill and
 * policies give the same proposals. `policies` is the whole library's (citations are resolved and
 * invented against it); `takenIds` are the drill ids already in use, which new ids avoid.
 */
export function proposeFlawedVariants({
  drill,
  policies,
  takenIds = new Set(),
}: {
  drill: DrillDocument;
  policies: readonly Policy[];
  takenIds?: ReadonlySet<string>;
}): FlawProposals {
  const kinds = Object.keys(PLANTERS) as FlawType[];
  if (drill.flaws.length > 0) {
    return { proposals: [], skipped: kinds.map((kind) => ({ kind, reason: "the drill already has flaws; variants are made from a clean control" })) };
  }
  const language = languageOfLocale(drill.locale);
  const sections = new Map<string, SectionEntry>(policies.flatMap((policy) => policy.sections.map((section): [string, SectionEntry] => [section.anchor, { policy, section }])));
  const used = new Set(takenIds);
  const result: FlawProposals = { proposals: [], skipped: [] };
  for (const kind of kinds) {
    const random = seededRandom(seedOf(`${drill.id}/${kind}`));
    const planting = PLANTERS[kind]({ drill, language, wording: FLAW_WORDING[language ?? "en"], policies, sections, random });
    if ("skipped" in planting) {
      result.skipped.push({ kind, reason: planting.skipped });
      continue;
    }
    const document = variant(drill, kind, planting, freeId(`${drill.id}-gen-${kind.replace(/_/g, "-")}`, used), FLAW_WORDING[language ?? "en"].title(baseTitle(drill.title), planting.note));
    used.add(document.id);
    result.proposals.push({ kind, title: document.title, document });
  }
  return result;
}

function variant(drill: DrillDocument, kind: FlawType, planted: Planted, id: string, title: string): DrillDocument {
  const quote = planted.draft.slice(planted.quote.start, planted.quote.end);
  const occurrences = findOccurrences(planted.draft, quote);
  const flaw: DrillDocument["flaws"][number] = { type: kind, quote, explanation: planted.explanation };
  if (occurrences.length > 1) flaw.occurrence = occurrences.indexOf(planted.quote.start) + 1;
  if (planted.policy !== undefined) flaw.policy = planted.policy;
  return {
    id,
    title,
    locale: drill.locale,
    channel: drill.channel,
    skills: [...drill.skills],
    difficulty: Math.min(5, Math.max(1, drill.difficulty + planted.difficultyChange)),
    customer: drill.customer,
    draft: planted.draft,
    flaws: [flaw],
  };
}

/** `base`, or `base-2`, `base-3`… when taken. */
function freeId(base: string, used: ReadonlySet<string>): string {
  if (!used.has(base)) return base;
  let suffix = 2;
  while (used.has(`${base}-${suffix}`)) suffix++;
  return `${base}-${suffix}`;
}

/** A control's title without its "(control)" mark, in the languages the library writes it. */
function baseTitle(title: string): string {
  return title.replace(/\s*[(（](?:control|kontrolle|contrôle|コントロール)[)）]\s*$/iu, "");
}

/** FNV-1a: a stable 32-bit seed from text. */
function seedOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
  return hash >>> 0;
}
