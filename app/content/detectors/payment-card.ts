import { digitsOf, isLabelledIdentifier, isPartOfLongerToken } from "./text";
import type { Range } from "./types";

const MIN_DIGITS = 13;
const MAX_DIGITS = 19;

/**
 * Runs of digit groups joined by a space, dash or dot. In normalised text a line break (a number
 * split across lines) is a space too. Each group is captured separately so that a chain longer
 * than a card can be searched group by group.
 */
const DIGIT_CHAIN = /\d+(?:[ .-]\d+)*/g;
const DIGIT_GROUP = /\d+/g;

/** Major industry identifiers 0, 7 and 9 are not payment networks; order numbers often start with 0. */
const PAYMENT_NETWORK_FIRST_DIGIT = /^[1-68]/;

export function isLuhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let index = digits.length - 1; index >= 0; index--) {
    let value = digits.charCodeAt(index) - 48;
    if (double) {
      value *= 2;
      if (value > 9) value -= 9;
    }
    sum += value;
    double = !double;
  }
  return sum % 10 === 0;
}

function looksLikeCard(digits: string): boolean {
  return (
    digits.length >= MIN_DIGITS &&
    digits.length <= MAX_DIGITS &&
    PAYMENT_NETWORK_FIRST_DIGIT.test(digits) &&
    isLuhnValid(digits)
  );
}

/** Payment card numbers: 13–19 digits, Luhn-valid, optionally grouped. `text` must be normalised (see `detect`). */
export function findPaymentCards(text: string): Range[] {
  const found: Range[] = [];
  for (const chain of text.matchAll(DIGIT_CHAIN)) {
    const start = chain.index;
    const end = start + chain[0].length;
    if (isPartOfLongerToken(text, start, end) || isLabelledIdentifier(text, start)) continue;
    if (digitsOf(chain[0]).length < MIN_DIGITS) continue;
    found.push(...findCardsInChain(chain[0], start));
  }
  return found;
}

type DigitGroup = Range & { digits: string };

/**
 * Tries windows of whole groups from the left, longest first, so that a card followed by another
 * number (`4111 1111 1111 1111 2026`) is still found while a group is never split.
 */
function findCardsInChain(chain: string, offset: number): Range[] {
  const groups: DigitGroup[] = [...chain.matchAll(DIGIT_GROUP)].map((group) => ({
    start: offset + group.index,
    end: offset + group.index + group[0].length,
    digits: group[0],
  }));
  const found: Range[] = [];
  let first = 0;
  while (first < groups.length) {
    const window = longestCardWindow(groups.slice(first));
    if (window) {
      found.push(window.range);
      first += window.groupCount;
    } else {
      first++;
    }
  }
  return found;
}

function longestCardWindow(groups: DigitGroup[]): { range: Range; groupCount: number } | undefined {
  let digits = "";
  let longest: { range: Range; groupCount: number } | undefined;
  for (const [index, group] of groups.entries()) {
    digits += group.digits;
    if (digits.length > MAX_DIGITS) break;
    const firstGroup = groups[0];
    if (firstGroup && looksLikeCard(digits)) {
      longest = { range: { start: firstGroup.start, end: group.end }, groupCount: index + 1 };
    }
  }
  return longest;
}
