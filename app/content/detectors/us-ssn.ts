import { isInDigitChain, isPartOfLongerToken } from "./text";
import type { Range } from "./types";

/** AAA-GG-SSSS or AAA GG SSSS (the same separator twice). */
const FORMATTED_SSN = /(\d{3})([- ])(\d{2})\2(\d{4})/g;

/** A bare 9-digit SSN counts only when a keyword introduces it. */
const KEYWORD_SSN =
  /\b(?:ssn|ss#|social\s+security(?:\s+(?:number|no\.?|#))?)(?:\s*(?:is|was|:|#|no\.?|number))*\s*(\d{9})(?!\d)/gi;

/** Never issued: area 000, 666 or 900–999, group 00, serial 0000. */
export function isIssuableSsn(area: string, group: string, serial: string): boolean {
  const areaNumber = Number(area);
  return areaNumber !== 0 && areaNumber !== 666 && areaNumber < 900 && group !== "00" && serial !== "0000";
}

/** US Social Security numbers. `text` must be normalised (see `detect`). */
export function findUsSsns(text: string): Range[] {
  const found: Range[] = [];
  for (const match of text.matchAll(FORMATTED_SSN)) {
    const [whole, area = "", , group = "", serial = ""] = match;
    const start = match.index;
    const end = start + whole.length;
    if (isPartOfLongerToken(text, start, end) || isInDigitChain(text, start, end)) continue;
    if (isIssuableSsn(area, group, serial)) found.push({ start, end });
  }
  for (const match of text.matchAll(KEYWORD_SSN)) {
    const digits = match[1] ?? "";
    const end = match.index + match[0].length;
    const start = end - digits.length;
    if (isPartOfLongerToken(text, start, end)) continue;
    if (isIssuableSsn(digits.slice(0, 3), digits.slice(3, 5), digits.slice(5))) found.push({ start, end });
  }
  return found;
}
