import { electronicFormatIBAN, isValidIBAN } from "ibantools";
import { isWordChar } from "./text";
import type { Range } from "./types";

const MIN_IBAN_LENGTH = 15;

/** Country code, check digits, then 11–30 alphanumerics, compact or with single spaces. */
const IBAN_CANDIDATE = /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}/gi;

/** IBANs that pass the country format and mod-97 checks. `text` must be normalised (see `detect`). */
export function findIbans(text: string): Range[] {
  const found: Range[] = [];
  const candidates = new RegExp(IBAN_CANDIDATE.source, IBAN_CANDIDATE.flags);
  for (let candidate = candidates.exec(text); candidate !== null; candidate = candidates.exec(text)) {
    const start = candidate.index;
    const end = longestValidEnd(text, start, start + candidate[0].length);
    if (end !== undefined) found.push({ start, end });
    // A greedy candidate may have run on into the next IBAN: look again right after this one.
    candidates.lastIndex = end ?? start + 1;
  }
  return found;
}

/**
 * The greedy candidate may run into a following word (`… 0130 00 AND`), so cut it back at word
 * boundaries until what remains is a valid IBAN.
 */
function longestValidEnd(text: string, start: number, maxEnd: number): number | undefined {
  for (let end = maxEnd; end - start >= MIN_IBAN_LENGTH; end--) {
    if (isWordChar(text[end]) || !isWordChar(text[end - 1])) continue;
    const compact = electronicFormatIBAN(text.slice(start, end));
    if (compact && isValidIBAN(compact)) return end;
  }
  return undefined;
}
