import { findPhoneNumbersInText, type CountryCode } from "libphonenumber-js/max";
import { isInDigitChain, isLabelledIdentifier, isPartOfLongerToken } from "./text";
import type { Range } from "./types";

/** Regions whose national formats are recognised; `+<country code>` numbers are found for every country. */
export const PHONE_REGIONS: readonly CountryCode[] = ["US", "GB", "JP", "DE"];

/** Cheap pre-check so that texts without seven digits close together skip the phone parser. */
const ENOUGH_DIGITS = /\d(?:[\s().-]{0,3}\d){6,}/;

const NANP_SHAPE = /^(?:1[ .-]?)?(?:\(\d{3}\)|\d{3})[ .-]?\d{3}[ .-]?\d{4}$/;
const TRUNK_PREFIX_SHAPE = /^\(?0/;
const INTERNATIONAL_SHAPE = /^(?:\+|00|011)/;
const DATE_SHAPE = /^(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})$/;
const CURRENCY_BEFORE = /[$€£¥₹]\s*$/;
const PHONE_KEYWORD_BEFORE =
  /(?:phone|tel|call|mobile|cell|fax|sms|text|whatsapp|number|ring|reach|電話|携帯|telefon|handy|rufnummer|teléfono|téléphone|portable)\W{0,3}(?:\w+\W{1,3}){0,2}$/i;

/**
 * Phone numbers, found by libphonenumber-js (full metadata, so numbers must be valid, not merely the
 * right length) and then filtered, because the parser happily reads order numbers, dates and slices
 * of card numbers as national numbers of some region.
 */
export function findPhoneNumbers(text: string, regions: readonly CountryCode[] = PHONE_REGIONS): Range[] {
  if (!ENOUGH_DIGITS.test(text)) return [];
  const found: Range[] = [];
  const seen = new Set<string>();
  for (const region of regions) {
    for (const match of findPhoneNumbersInText(text, { defaultCountry: region })) {
      const range = { start: match.startsAt, end: match.endsAt };
      const key = `${range.start}:${range.end}`;
      if (seen.has(key) || !isPlausiblePhone(text, range, region)) continue;
      seen.add(key);
      found.push(range);
    }
  }
  return found;
}

function isPlausiblePhone(text: string, { start, end }: Range, region: CountryCode): boolean {
  const written = text.slice(start, end);
  if (isPartOfLongerToken(text, start, end) || isInDigitChain(text, start, end)) return false;
  if (isLabelledIdentifier(text, start) || CURRENCY_BEFORE.test(text.slice(Math.max(0, start - 3), start))) return false;
  if (DATE_SHAPE.test(written)) return false;
  if (!INTERNATIONAL_SHAPE.test(written) && !hasNationalShape(written, region)) return false;
  // A bare run of digits is as likely an id as a number to call, unless the text says it is a phone.
  if (/^\d+$/.test(written)) return PHONE_KEYWORD_BEFORE.test(text.slice(Math.max(0, start - 40), start));
  return true;
}

/** NANP numbers never start with 0; the other regions write national numbers with trunk prefix 0. */
function hasNationalShape(written: string, region: CountryCode): boolean {
  return region === "US" ? NANP_SHAPE.test(written) : TRUNK_PREFIX_SHAPE.test(written);
}
