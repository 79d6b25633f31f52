/**
 * The draft split into segments for keyboard marking. Intl.Segmenter finds
 * word boundaries in every script we ship drafts in, Japanese included,
 * where spaces do not separate words. It runs once, on the server, and the
 * page ships the result: browsers segment differently.
 */
export type Token = {
  start: number;
  end: number;
  text: string;
  stop: boolean;
  /** The sentence (or line: a line break ends a sentence too) the token lies in, counted from 0. */
  sentence: number;
};

const HIRAGANA = /^\p{Script=Hiragana}+$/u;
const KATAKANA = /^[\p{Script=Katakana}ー]+$/u;
const KANJI_START = /^\p{Script=Han}/u;
const SINGLE_KANJI = /^\p{Script=Han}$/u;
const HONORIFIC = /^[おご]$/;
const WORDLIKE = /[\p{L}\p{N}]$/u;

/**
 * ICU's dictionary splits Japanese inflections and auxiliaries into single kana ("収|ま|ら|なか|っ|た",
 * "ご|ざ|い|ます") and long katakana words into pieces ("カス|タマ|ー"), which made the cursor crawl
 * kana by kana. Short hiragana pieces (one or two kana) belong to the word before them, a lone
 * honorific お/ご to the word after it, katakana pieces to each other and a lone kanji to the
 * kanji after it: roughly the units a Japanese reader moves by (収まらなかった, ございます,
 * ご希望, カスタマーサポート, 未開封).
 */
function joinJapanese(segments: { index: number; segment: string }[]) {
  const joined: { index: number; segment: string }[] = [];
  let prefix: { index: number; segment: string } | null = null;
  segments.forEach((segment, i) => {
    const next = segments[i + 1]?.segment ?? "";
    if (HONORIFIC.test(segment.segment) && KANJI_START.test(next)) {
      prefix = { ...segment };
      return;
    }
    if (prefix) {
      joined.push({ index: prefix.index, segment: prefix.segment + segment.segment });
      prefix = null;
      return;
    }
    const previous = joined.at(-1);
    const shortKana = HIRAGANA.test(segment.segment) && [...segment.segment].length <= 2 && WORDLIKE.test(previous?.segment ?? "");
    const katakana = KATAKANA.test(segment.segment) && KATAKANA.test(previous?.segment ?? "");
    const kanji = SINGLE_KANJI.test(previous?.segment ?? "") && KANJI_START.test(segment.segment);
    if (previous && (shortKana || katakana || kanji)) previous.segment += segment.segment;
    else joined.push({ ...segment });
  });
  return joined;
}

export function tokenize(text: string, locale = "en"): Token[] {
  const words = [...new Intl.Segmenter(locale, { granularity: "word" }).segment(text)].map(({ index, segment }) => ({ index, segment }));
  const sentenceStarts = [...new Intl.Segmenter(locale, { granularity: "sentence" }).segment(text)].map((s) => s.index);
  const segments = locale === "ja" || locale.startsWith("ja-") ? joinJapanese(words) : words;
  let sentence = 0;
  return segments.map(({ index, segment }) => {
    while (sentence + 1 < sentenceStarts.length && (sentenceStarts[sentence + 1] ?? Infinity) <= index) sentence += 1;
    return {
      start: index,
      end: index + segment.length,
      text: segment,
      // Punctuation and numbers are cursor stops too: "45" or "[" may start a flaw.
      stop: segment.trim().length > 0,
      sentence,
    };
  });
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

/** The first and last stop of the sentence a token lies in (the token itself when the sentence has no stop). */
export function sentenceBounds(tokens: readonly Token[], at: number): { first: number; last: number } {
  const sentence = tokens[at]?.sentence;
  let first = at;
  let last = at;
  tokens.forEach((token, index) => {
    if (token.sentence !== sentence || !token.stop) return;
    if (index < first || !tokens[first]?.stop) first = Math.min(first, index);
    if (index > last || !tokens[last]?.stop) last = Math.max(last, index);
  });
  return { first, last };
}

/**
 * The first stop of the next sentence (direction 1), or of this sentence (-1), or of the previous
 * one when the cursor already is at this one's start; staying put at either end.
 */
export function moveSentence(tokens: readonly Token[], from: number, direction: 1 | -1) {
  const here = tokens[from]?.sentence ?? 0;
  if (direction === 1) {
    const next = tokens.findIndex((token, index) => index > from && token.stop && token.sentence > here);
    return next === -1 ? from : next;
  }
  const start = sentenceBounds(tokens, from).first;
  if (start < from) return start;
  for (let i = from - 1; i >= 0; i -= 1) {
    const token = tokens[i];
    if (token?.stop && token.sentence < here) return sentenceBounds(tokens, i).first;
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
