/**
 * Where a sentence ends: `。`, `！`, `？`, `!` or `?`, or a full stop before whitespace or the end,
 * so that `4.5`, `example.com` and `[refunds.window]` do not, nor a German date's ordinal (`zum
 * 31. März`). The rewrite check uses it to find the end of a claim's sentence, the flaw generator
 * to find where a cited claim begins.
 */
const SENTENCE_END = /[。！？!?]|(?<!(?:^|\D)\d{1,2})\.(?=\s|$)|(?<=(?:^|\D)\d{1,2})\.(?=\s|$)(?!\s+(?:Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember)\b)/g;

/** The offset of the first sentence end at or after `from`, or the text's length. */
export function sentenceEndFrom(text: string, from: number): number {
  const pattern = new RegExp(SENTENCE_END.source, "g");
  pattern.lastIndex = from;
  return pattern.exec(text)?.index ?? text.length;
}

/** Where the sentence holding `offset` begins: just after the last sentence end before it (0 if none). */
export function sentenceStartBefore(text: string, offset: number): number {
  let start = 0;
  for (const match of text.matchAll(SENTENCE_END)) {
    if (match.index + match[0].length > offset) break;
    start = match.index + match[0].length;
  }
  return start;
}
