/**
 * How message text is laid out for reading, the way an email client shows a plain-text mail:
 * blank lines separate paragraphs, and a single line break inside a paragraph is where the writer
 * (or the YAML file) happened to wrap, so it reads as a space. Between two CJK characters it
 * reads as nothing: Chinese and Japanese put no spaces between words.
 */

/** Han, kana, CJK symbols and punctuation, full-width forms (Hangul is left out: Korean spaces words). */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f\u30fc\uff00-\uffef]/u;

export function isCjk(character: string | undefined): boolean {
  return character !== undefined && character !== "" && CJK.test(character);
}

/** The last code point before `index` and the first at or after it (surrogate pairs kept whole). */
export function codePointBefore(text: string, index: number): string | undefined {
  const before = [...text.slice(Math.max(0, index - 2), index)];
  return before.at(-1);
}

export function codePointAt(text: string, index: number): string | undefined {
  const at = text.codePointAt(index);
  return at === undefined ? undefined : String.fromCodePoint(at);
}

/** What a fold between these two characters reads as: nothing between two CJK characters, otherwise a space. */
export function foldJoiner(before: string | undefined, after: string | undefined): "" | " " {
  return isCjk(before) && isCjk(after) ? "" : " ";
}

/** The paragraphs of a text, each with its wrapped lines joined (trailing spaces of a line dropped). */
export function paragraphs(text: string): string[] {
  return text
    .replace(/\r\n?/g, "\n")
    .split(/\n[ \t]*\n/)
    .map((paragraph) =>
      paragraph
        .split("\n")
        .map((line) => line.trim())
        .filter((line) => line !== "")
        .reduce((joined, line) => (joined === "" ? line : joined + foldJoiner(codePointBefore(joined, joined.length), codePointAt(line, 0)) + line), ""),
    )
    .filter((paragraph) => paragraph !== "");
}

/**
 * The same text, the same length, laid out the same way when shown with `white-space: pre-wrap`:
 * a single line break becomes a space (or, between two CJK characters, a zero-width space, which
 * shows nothing) and blank lines stay. Every offset still points at the same character, which the
 * draft needs: marks, citations and flaw quotes are offsets into the original text.
 */
export function softLineBreaks(text: string): string {
  let shown = "";
  for (let i = 0; i < text.length; i += 1) {
    const character = text[i] ?? "";
    const single = character === "\n" && text[i - 1] !== "\n" && text[i + 1] !== "\n" && i > 0 && i < text.length - 1;
    shown += single ? (foldJoiner(codePointBefore(text, i), codePointAt(text, i + 1)) === "" ? "\u200b" : " ") : character;
  }
  return shown;
}
