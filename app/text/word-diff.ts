import { diffWordsWithSpace } from "diff";

export type WordDiffPart = { kind: "same" | "added" | "removed"; text: string };

/**
 * Old and new text as runs of words kept, removed and added (jsdiff's word diff with whitespace as
 * tokens, so each side reads back exactly as it was). Its own module, importing nothing else, so
 * pages can show a diff without loading a parser.
 */
export function wordDiff(before: string, after: string): WordDiffPart[] {
  return diffWordsWithSpace(before, after).map((change) => ({ kind: change.added ? "added" : change.removed ? "removed" : "same", text: change.value }));
}
