/**
 * Helpers shared by the detectors. Every detector works on `foldWidth(text)`, which has exactly the
 * same length as the original, so the offsets it finds are offsets into the original string.
 */

const FULLWIDTH_FIRST = 0xff01; // ！
const FULLWIDTH_LAST = 0xff5e; // ～
const FULLWIDTH_OFFSET = 0xfee0;
const IDEOGRAPHIC_SPACE = 0x3000;
const HYPHEN_LIKE = new Set([0x2010, 0x2011, 0x2012, 0x2212]); // ‐ ‑ ‒ −

/**
 * Maps full-width ASCII (０-９, Ａ-Ｚ, ：, －…), the ideographic space and hyphen look-alikes to
 * their ASCII counterparts. Each is a single UTF-16 code unit, as is its replacement, so lengths and
 * offsets are preserved.
 */
export function foldWidth(text: string): string {
  let folded = "";
  let changed = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code >= FULLWIDTH_FIRST && code <= FULLWIDTH_LAST) {
      folded += String.fromCharCode(code - FULLWIDTH_OFFSET);
      changed = true;
    } else if (code === IDEOGRAPHIC_SPACE) {
      folded += " ";
      changed = true;
    } else if (HYPHEN_LIKE.has(code)) {
      folded += "-";
      changed = true;
    } else {
      folded += text[index];
    }
  }
  return changed ? folded : text;
}

const WORD_CHAR = /[A-Za-z0-9]/;
/** Punctuation that glues characters into one identifier: `ORD-2026`, `a_b`, `1/2`, `v2.1`, `x@y`. */
const JOINER = /[-_/.,@+]/;

export function isWordChar(char: string | undefined): boolean {
  return char !== undefined && WORD_CHAR.test(char);
}

/**
 * True when [start, end) is glued to a longer identifier: an adjacent letter or digit, a `#`
 * right before it, or a joiner such as `-` or `.` between it and another letter or digit.
 * CJK characters are not word characters: Japanese text has no spaces around numbers.
 */
export function isPartOfLongerToken(text: string, start: number, end: number): boolean {
  const before = text[start - 1];
  const after = text[end];
  if (isWordChar(before) || isWordChar(after) || before === "#") return true;
  if (before !== undefined && JOINER.test(before) && isWordChar(text[start - 2])) return true;
  if (after !== undefined && JOINER.test(after) && isWordChar(text[end + 1])) return true;
  return false;
}

/**
 * True when [start, end) is one slice of a longer run of digit groups (`4111 1111 1111` inside a
 * card number, `123 45 6789` inside `12 123 45 6789`).
 */
export function isInDigitChain(text: string, start: number, end: number): boolean {
  return /\d[ -]$/.test(text.slice(Math.max(0, start - 2), start)) || /^[ -]\d/.test(text.slice(end, end + 2));
}

const IDENTIFIER_LABEL =
  /(?:\b(?:order|invoice|inv|tracking|shipment|parcel|consignment|ticket|case|ref|reference|receipt|confirmation|booking|po|sku|serial|model|item|article|customer|member)\s*(?:number|num|no\.?|id|code|#)?|注文番号|注文|伝票番号|追跡番号|お問い合わせ番号|問い合わせ番号|受付番号|請求書番号|会員番号|オーダー番号)\s*[:#]?\s*$/i;

/** True when the number at `start` is introduced as an order, invoice, tracking… number. */
export function isLabelledIdentifier(text: string, start: number): boolean {
  return IDENTIFIER_LABEL.test(text.slice(Math.max(0, start - 40), start));
}

export function digitsOf(text: string): string {
  return text.replace(/\D/g, "");
}
