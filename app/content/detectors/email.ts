import type { Range } from "./types";

/**
 * A pragmatic address pattern: dotted local part, a dotted domain with a letter TLD. It does not try
 * to accept every RFC 5322 address, only the ones people actually write in replies.
 */
const EMAIL =
  /(?<![A-Za-z0-9._%+-])[A-Za-z0-9](?:[A-Za-z0-9._%+-]*[A-Za-z0-9_%+-])?@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,63}(?![A-Za-z0-9-])/g;

export function findEmails(text: string): Range[] {
  return [...text.matchAll(EMAIL)]
    .filter((match) => !match[0].includes(".."))
    .map((match) => ({ start: match.index, end: match.index + match[0].length }));
}
