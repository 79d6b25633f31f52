/**
 * The draft split into segments for keyboard marking. Intl.Segmenter finds
 * word boundaries in every script we ship drafts in, Japanese included,
 * where spaces do not separate words.
 */
export type Token = { start: number; end: number; text: string; stop: boolean };

export function tokenize(text: string, locale = "en"): Token[] {
  const segmenter = new Intl.Segmenter(locale, { granularity: "word" });
  const tokens: Token[] = [];
  for (const segment of segmenter.segment(text)) {
    tokens.push({
      start: segment.index,
      end: segment.index + segment.segment.length,
      text: segment.segment,
      // Punctuation and numbers are cursor stops too: "45" or "[" may start a flaw.
      stop: segment.segment.trim().length > 0,
    });
  }
  return tokens;
}

export function stopIndexes(tokens: readonly Token[]) {
  return tokens.flatMap((token, index) => (token.stop ? [index] : []));
}

/** The next (direction 1) or previous (-1) cursor stop, staying put at either end. */
export function moveStop(tokens: readonly Token[], from: number, direction: 1 | -1) {
  for (let i = from + direction; i >= 0 && i < tokens.length; i += direction) {
    if (tokens[i]?.stop) return i;
  }
  return from;
}

/** The character range covered by the tokens between two token indexes, in either order. */
export function rangeBetween(tokens: readonly Token[], a: number, b: number) {
  const first = tokens[Math.min(a, b)];
  const last = tokens[Math.max(a, b)];
  if (!first || !last) return null;
  return { start: first.start, end: last.end };
}

/** The index of the token containing a character offset. */
export function tokenAt(tokens: readonly Token[], offset: number) {
  const index = tokens.findIndex((t) => offset >= t.start && offset < t.end);
  return index === -1 ? tokens.length - 1 : index;
}
