import type { PlantedFlaw } from "./types";

/** A restricted datum found by a detector: UTF-16 offsets into the checked text, end exclusive. */
export type RestrictedSpan = { start: number; end: number; category: string };
export type FindRestricted = (text: string) => RestrictedSpan[];

export type RewriteCheck = {
  /** Indexes of planted flaws whose quote still stands in the rewrite. */
  leftIn: number[];
  /** Restricted data the detectors found in the rewrite (offsets into the rewrite). */
  leaked: RestrictedSpan[];
  /** Planted flaws minus those left in. */
  removed: number;
  planted: number;
};

/**
 * A citation as drafts write it, `[refunds.window]`, allowing whitespace before it. Anchors
 * always hold a dot (policy id + section); `[text](url)` is a Markdown link, not a citation.
 */
const CITATION_AHEAD = /^\s*\[[A-Za-z0-9][\w.-]*\.[\w.-]*[A-Za-z0-9]\](?!\()/;

function occurrences({ text, quote }: { text: string; quote: string }): number[] {
  const found: number[] = [];
  for (let at = text.indexOf(quote); at !== -1; at = text.indexOf(quote, at + 1)) found.push(at);
  return found;
}

/**
 * A flaw is left in when its quote still stands verbatim. A missing citation is left in only
 * while some occurrence of its claim still has no `[anchor]` right after it: adding the
 * citation is the fix, so the claim itself may stay.
 */
export function isLeftIn({ flaw, rewrite }: { flaw: PlantedFlaw; rewrite: string }): boolean {
  const found = occurrences({ text: rewrite, quote: flaw.quote });
  if (flaw.type !== "missing_citation") return found.length > 0;
  return found.some((at) => !CITATION_AHEAD.test(rewrite.slice(at + flaw.quote.length)));
}

export function checkRewrite({
  flaws,
  rewrite,
  findRestricted,
}: {
  flaws: readonly PlantedFlaw[];
  rewrite: string;
  findRestricted: FindRestricted;
}): RewriteCheck {
  const leftIn = flaws
    .filter((flaw) => isLeftIn({ flaw, rewrite }))
    .map((flaw) => flaw.index)
    .sort((a, b) => a - b);
  const leaked = findRestricted(rewrite)
    .map(({ start, end, category }) => ({ start, end, category }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  return { leftIn, leaked, removed: flaws.length - leftIn.length, planted: flaws.length };
}
