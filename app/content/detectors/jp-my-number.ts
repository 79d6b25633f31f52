import { isInDigitChain, isLabelledIdentifier, isPartOfLongerToken } from "./text";
import type { Range } from "./types";

/** 12 digits, compact or grouped 4-4-4 with the same separator twice. */
const MY_NUMBER = /\d{12}|\d{4}([ -])\d{4}\1\d{4}/g;

/**
 * The official check digit (個人番号の検査用数字): with Pn the n-th of the first 11 digits counted
 * from the right and Qn = n + 1 for n ≤ 6, n − 5 for n ≥ 7, the remainder r = Σ Pn·Qn mod 11 gives
 * check digit 0 when r ≤ 1, otherwise 11 − r.
 */
export function myNumberCheckDigit(firstElevenDigits: string): number {
  let sum = 0;
  for (let n = 1; n <= 11; n++) {
    const digit = firstElevenDigits.charCodeAt(11 - n) - 48;
    sum += digit * (n <= 6 ? n + 1 : n - 5);
  }
  const remainder = sum % 11;
  return remainder <= 1 ? 0 : 11 - remainder;
}

export function isValidMyNumber(digits: string): boolean {
  return /^\d{12}$/.test(digits) && myNumberCheckDigit(digits.slice(0, 11)) === Number(digits[11]);
}

/** Japanese individual numbers (マイナンバー). `text` must be normalised (see `detect`), which makes full-width digits ASCII. */
export function findMyNumbers(text: string): Range[] {
  const found: Range[] = [];
  for (const match of text.matchAll(MY_NUMBER)) {
    const start = match.index;
    const end = start + match[0].length;
    if (isPartOfLongerToken(text, start, end) || isInDigitChain(text, start, end)) continue;
    if (isLabelledIdentifier(text, start)) continue;
    if (isValidMyNumber(match[0].replace(/\D/g, ""))) found.push({ start, end });
  }
  return found;
}
