import { findCitations, type Citation } from "~/app/content/drill";
import { normalizeText, originalRange } from "~/app/text/normalize";
import { sentenceEndFrom } from "~/app/text/sentences";
import type { PlantedFlaw } from "./types";

/** A restricted datum found by a detector: UTF-16 offsets into the checked text, end exclusive. */
export type RestrictedSpan = { start: number; end: number; category: string };
export type FindRestricted = (text: string) => RestrictedSpan[];

export type RewriteCheck = {
  /** Indexes of planted flaws whose quote still stands in the rewrite. */
  leftIn: number[];
  /** Restricted data the detectors found in the rewrite (offsets into the rewrite). */
  leaked: RestrictedSpan[];
  /** Citations the rewrite adds to sections that do not exist (offsets into the rewrite). */
  fabricatedCitations: Citation[];
  /** False for a rewrite too short to send: it earns no decision points and removes no flaws. */
  usable: boolean;
  /** The rewrite's normalised length, and the least a usable rewrite of this draft has. */
  length: number;
  minLength: number;
  /** Planted flaws minus those left in; 0 when the rewrite is not usable. */
  removed: number;
  planted: number;
};

function occurrences({ text, quote }: { text: string; quote: string }): number[] {
  const found: number[] = [];
  if (quote === "") return found;
  for (let at = text.indexOf(quote); at !== -1; at = text.indexOf(quote, at + 1)) found.push(at);
  return found;
}

/**
 * A flaw is left in when its (normalised) quote still stands in the (normalised) rewrite. A
 * missing citation is fixed by citing it: left in only while some occurrence of its claim has no
 * citation of the flaw's section (of any existing section when it names none) between the claim
 * and the end of its sentence. A citation of a section that does not exist never fixes it.
 */
function isLeftIn({
  flaw,
  normalizedRewrite,
  knownAnchors,
}: {
  flaw: PlantedFlaw;
  normalizedRewrite: string;
  knownAnchors: ReadonlySet<string>;
}): boolean {
  const quote = normalizeText(flaw.quote).text;
  const found = occurrences({ text: normalizedRewrite, quote });
  if (flaw.type !== "missing_citation") return found.length > 0;
  const fixing = findCitations(normalizedRewrite).filter(
    ({ anchor }) => knownAnchors.has(anchor) && (flaw.policy === undefined || anchor === flaw.policy),
  );
  return found.some((at) => {
    const claimEnd = at + quote.length;
    const sentenceEnd = sentenceEndFrom(normalizedRewrite, claimEnd);
    return !fixing.some((citation) => citation.start >= claimEnd && citation.start < sentenceEnd);
  });
}

/** The draft without its planted quotes: the part a rewrite keeps or replaces with its own words. */
function draftOutsideQuotes({ draft, flaws }: { draft: string; flaws: readonly PlantedFlaw[] }): string {
  const pieces: string[] = [];
  let from = 0;
  for (const flaw of [...flaws].sort((a, b) => a.start - b.start)) {
    if (flaw.start > from) pieces.push(draft.slice(from, flaw.start));
    from = Math.max(from, flaw.end);
  }
  pieces.push(draft.slice(from));
  return pieces.join(" ");
}

/**
 * A usable rewrite is at least half as long (normalised, in UTF-16 code units) as the draft's text
 * outside the planted quotes, and never empty: "." or "ok" is not a reply someone could send.
 */
function minUsableLength({ draft, flaws }: { draft: string; flaws: readonly PlantedFlaw[] }): number {
  return Math.max(1, Math.ceil(normalizeText(draftOutsideQuotes({ draft, flaws })).text.length / 2));
}

export function checkRewrite({
  draft,
  flaws,
  rewrite,
  findRestricted,
  knownAnchors,
}: {
  draft: string;
  flaws: readonly PlantedFlaw[];
  rewrite: string;
  findRestricted: FindRestricted;
  knownAnchors: ReadonlySet<string>;
}): RewriteCheck {
  const normalized = normalizeText(rewrite);
  const leftIn = flaws
    .filter((flaw) => isLeftIn({ flaw, normalizedRewrite: normalized.text, knownAnchors }))
    .map((flaw) => flaw.index)
    .sort((a, b) => a - b);
  const leaked = findRestricted(rewrite)
    .map(({ start, end, category }) => ({ start, end, category }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  const draftAnchors = new Set(findCitations(normalizeText(draft).text).map((citation) => citation.anchor));
  const fabricatedCitations = findCitations(normalized.text)
    .filter(({ anchor }) => !knownAnchors.has(anchor) && !draftAnchors.has(anchor))
    .map((citation) => ({ anchor: citation.anchor, ...originalRange(normalized, citation) }));
  const minLength = minUsableLength({ draft, flaws });
  const usable = normalized.text.length >= minLength;
  return {
    leftIn,
    leaked,
    fabricatedCitations,
    usable,
    length: normalized.text.length,
    minLength,
    removed: usable ? flaws.length - leftIn.length : 0,
    planted: flaws.length,
  };
}
