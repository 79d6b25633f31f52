/**
 * Helpers shared by the detectors. Every detector works on the shared normalisation of the text
 * (`app/text/normalize.ts`) with hyphen look-alikes folded; `detect` maps what they find back to
 * offsets into the original.
 */

const HYPHEN_LIKE = /[\u2010\u2011\u2012\u2212]/g; // ‐ ‑ ‒ −

/**
 * Hyphen look-alikes as `-`, which NFKC leaves as they are. One code unit for one, so offsets into
 * the folded text are offsets into the text it was given.
 */
export function foldHyphens(text: string): string {
  return text.replace(HYPHEN_LIKE, "-");
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
