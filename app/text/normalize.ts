/**
 * The one text normalisation that scoring, the detectors and redaction compare text after
 * (DESIGN: "Text is compared after one normalisation"): format characters removed (zero-width
 * spaces and joiners, word joiner, BOM, soft hyphen: all of \p{Cf}), Unicode NFKC, every Unicode
 * space and line break made a plain space, runs of spaces collapsed and none left at either end.
 *
 * The result keeps, for each of its UTF-16 code units, the range of the original text it came
 * from, so a span found in the normalised text can be shown at its place in the original.
 */

export type NormalizedText = {
  text: string;
  /** `starts[i]` and `ends[i]`: the original range (end exclusive) that code unit `i` of `text` came from. */
  starts: number[];
  ends: number[];
  originalLength: number;
};

export type TextRange = { start: number; end: number };

const FORMAT_CHARACTER = /\p{Cf}/u;
const SPACE = /[\s\p{Z}]/u;
/**
 * What NFKC may compose with the character before it: combining marks, Hangul vowel and final
 * jamo, and the half-width kana voicing marks (compatibility forms of combining marks). All lie
 * at U+0300 or above.
 */
const COMBINING = /[\p{M}\u1160-\u11ff\ud7b0-\ud7ff\uff9e\uff9f]/u;
const FIRST_COMBINING = 0x300;

/** NFKC of single code points, which drafts repeat a lot (kana, punctuation, accented letters). */
const nfkcCache = new Map<string, string>();
const NFKC_CACHE_LIMIT = 10_000;

function nfkc(codePoint: string): string {
  if (codePoint.charCodeAt(0) < 0x80) return codePoint;
  let normalized = nfkcCache.get(codePoint);
  if (normalized === undefined) {
    normalized = codePoint.normalize("NFKC");
    if (nfkcCache.size < NFKC_CACHE_LIMIT) nfkcCache.set(codePoint, normalized);
  }
  return normalized;
}

function isCombining(codePoint: string): boolean {
  return codePoint.charCodeAt(0) >= FIRST_COMBINING && COMBINING.test(codePoint);
}

function isSpace(char: string): boolean {
  return char === " " || ((char < "!" || char > "~") && SPACE.test(char));
}

export function normalizeText(original: string): NormalizedText {
  const starts: number[] = [];
  const ends: number[] = [];
  let text = "";
  // The first space of a run stands for the run; one at either end of the text is dropped.
  let pendingSpace: TextRange | null = null;
  const emit = (piece: string, start: number, end: number) => {
    for (let unit = 0; unit < piece.length; unit++) {
      const char = piece.charAt(unit);
      if (isSpace(char)) {
        if (text !== "" && pendingSpace === null) pendingSpace = { start, end };
        continue;
      }
      if (pendingSpace !== null) {
        text += " ";
        starts.push(pendingSpace.start);
        ends.push(pendingSpace.end);
        pendingSpace = null;
      }
      text += char;
      starts.push(start);
      ends.push(end);
    }
  };

  const { codePoints, offsets } = visibleCodePoints(original);
  for (let first = 0; first < codePoints.length; ) {
    let next = first + 1;
    while (next < codePoints.length && isCombining(codePoints[next] ?? "")) next++;
    emitCluster({ codePoints: codePoints.slice(first, next), offsets: offsets.slice(first, next), emit });
    first = next;
  }
  return { text, starts, ends, originalLength: original.length };
}

/** The range of the original text that a range of the normalised text came from. */
export function originalRange(normalized: NormalizedText, { start, end }: TextRange): TextRange {
  const originalStart = normalized.starts[start] ?? normalized.originalLength;
  const originalEnd = end > start ? (normalized.ends[end - 1] ?? normalized.originalLength) : originalStart;
  return { start: originalStart, end: originalEnd };
}

/**
 * The code points of the text without format characters, each with its offset in the original.
 * They go before NFKC, so that an invisible one cannot keep a letter from composing with its
 * accent. (NFKC itself never produces one.)
 */
function visibleCodePoints(original: string): { codePoints: string[]; offsets: number[] } {
  const codePoints: string[] = [];
  const offsets: number[] = [];
  let offset = 0;
  for (const codePoint of original) {
    if (codePoint.charCodeAt(0) < 0xad || !FORMAT_CHARACTER.test(codePoint)) {
      codePoints.push(codePoint);
      offsets.push(offset);
    }
    offset += codePoint.length;
  }
  return { codePoints, offsets };
}

/**
 * A character with the marks that follow it, normalised together, since NFKC composes only within
 * such a cluster. Where the cluster normalises code point by code point to the same text, each
 * code point keeps its own origin, so that a span never takes in more of the original than it
 * covers; otherwise all of it comes from the whole cluster.
 */
function emitCluster({
  codePoints,
  offsets,
  emit,
}: {
  codePoints: string[];
  offsets: number[];
  emit: (piece: string, start: number, end: number) => void;
}) {
  const whole = codePoints.length === 1 ? null : codePoints.join("").normalize("NFKC");
  if (whole === null || codePoints.map(nfkc).join("") === whole) {
    codePoints.forEach((codePoint, index) => {
      const start = offsets[index] ?? 0;
      emit(nfkc(codePoint), start, start + codePoint.length);
    });
    return;
  }
  const last = codePoints.length - 1;
  emit(whole, offsets[0] ?? 0, (offsets[last] ?? 0) + (codePoints[last]?.length ?? 0));
}
