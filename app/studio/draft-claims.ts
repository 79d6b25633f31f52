import { findCitations, type Citation } from "~/app/content/drill";
import { codePointAt, codePointBefore, foldJoiner } from "~/app/text/paragraphs";
import { sentenceStartBefore } from "~/app/text/sentences";

/** A policy claim of a draft: the clause right before a citation, `[start, end)` trimmed, in its sentence and line. */
export type CitedClaim = { citation: Citation; start: number; end: number };

/** Punctuation that may open a clause after an earlier citation or sentence: `, `, `; `, `、`. */
const CLAUSE_LEAD = /^[\s,;:、，；：]+/u;
const TRAILING_SPACE = /[ \t\u3000]+$/;

/**
 * Every citation with the clause it backs: from the start of its sentence (or the end of an earlier
 * citation in it, or the start of its line) to the citation. A citation with nothing before it
 * backs no claim and is left out.
 */
export function citedClaims(draft: string): CitedClaim[] {
  const claims: CitedClaim[] = [];
  let previousEnd = 0;
  for (const citation of findCitations(draft)) {
    const lineStart = draft.lastIndexOf("\n", citation.start - 1) + 1;
    const from = Math.max(previousEnd, lineStart, sentenceStartBefore(draft, citation.start));
    previousEnd = citation.end;
    const clause = draft.slice(from, citation.start);
    const lead = CLAUSE_LEAD.exec(clause)?.[0].length ?? 0;
    const end = from + clause.replace(TRAILING_SPACE, "").length;
    const start = from + lead;
    if (end > start) claims.push({ citation, start, end });
  }
  return claims;
}

const TRAILING_EMOJI = /[\p{Extended_Pictographic}\u{1F3FB}-\u{1F3FF}\uFE0F\u200D ]*$/u;
/** A line that ends a sentence, perhaps followed by emoji (`Thanks! 🙏`). */
const SENTENCE_CLOSE = new RegExp(`[.!?。！？]${TRAILING_EMOJI.source}`, "u");

/**
 * Where a new sentence reads naturally: after the last sentence of the first line that cites a
 * policy (the body of the reply), else of the first line ending a sentence. Undefined when no line
 * ends a sentence.
 */
export function sentenceInsertionPoint(draft: string): number | undefined {
  const lines: { end: number; cites: boolean }[] = [];
  let start = 0;
  for (const line of draft.split("\n")) {
    const trimmed = line.replace(/\s+$/, "");
    if (SENTENCE_CLOSE.test(trimmed)) lines.push({ end: start + trimmed.length, cites: findCitations(line).length > 0 });
    start += line.length + 1;
  }
  return (lines.find((line) => line.cites) ?? lines[0])?.end;
}

/**
 * The draft with `sentence` added at `at`, spaced as the script needs: no space after Japanese text
 * (or the emoji closing it) for a Japanese sentence.
 */
export function insertSentence(draft: string, at: number, sentence: string): { draft: string; start: number } {
  const before = draft.slice(0, at).replace(TRAILING_EMOJI, "");
  const joiner = foldJoiner(codePointBefore(before, before.length), codePointAt(sentence, 0));
  const start = at + joiner.length;
  return { draft: `${draft.slice(0, at)}${joiner}${sentence}${draft.slice(at)}`, start };
}
