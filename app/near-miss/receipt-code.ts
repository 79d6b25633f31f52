/**
 * Receipt codes: 26 random base32 symbols (130 bits, Crockford's alphabet, which has no I, L, O
 * or U to misread) and two check symbols, shown once in seven groups of four:
 * `7KQF-2M9D-XW4H-...`. Only the SHA-256 of the canonical code is stored (on the server side);
 * with 130 random bits a plain hash cannot be reversed by guessing, and it allows lookup by hash.
 *
 * The check symbols catch a mistyped code before it is looked up, so a typo is answered "check
 * the code" instead of counting as a guess. They are computable by anyone and say nothing about
 * whether a report exists. Pure, and free of Node APIs (the browser uses the parser too).
 */

export const CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const RANDOM_SYMBOLS = 26;
export const RANDOM_BITS = RANDOM_SYMBOLS * 5;
const CHECK_SYMBOLS = 2;
export const CODE_SYMBOLS = RANDOM_SYMBOLS + CHECK_SYMBOLS;
const GROUP = 4;
/** A prime just below 32²: a changed symbol or two swapped neighbours always change the check. */
const CHECK_MODULUS = 1021;

/** `getRandomValues` of the Web Crypto API, which Node and browsers both have. */
type RandomSource = (bytes: Uint8Array) => Uint8Array;
const cryptoRandom: RandomSource = (bytes) => globalThis.crypto.getRandomValues(bytes);

function checkOf(body: string): string {
  let value = 0;
  for (const symbol of body) value = (value * 32 + CODE_ALPHABET.indexOf(symbol)) % CHECK_MODULUS;
  return (CODE_ALPHABET[Math.floor(value / 32)] ?? "0") + (CODE_ALPHABET[value % 32] ?? "0");
}

/** A new code in its canonical form (28 symbols, no separators). */
export function newReceiptCode(random: RandomSource = cryptoRandom): string {
  const bytes = random(new Uint8Array(RANDOM_SYMBOLS));
  // 32 divides 256, so the low five bits of a uniform byte are uniform.
  let body = "";
  for (const byte of bytes) body += CODE_ALPHABET[byte & 31];
  return body + checkOf(body);
}

/** The code as people read it: groups of four joined by hyphens. */
export function formatReceiptCode(canonical: string): string {
  return canonical.match(new RegExp(`.{1,${GROUP}}`, "g"))?.join("-") ?? canonical;
}

export type ParsedCode = { ok: true; code: string } | { ok: false; problem: "empty" | "length" | "characters" | "check" };

/**
 * A typed or pasted code in its canonical form: case, spaces and hyphens do not matter, and the
 * look-alikes Crockford's base32 accepts are read as what they look like (I and L as 1, O as 0).
 */
export function parseReceiptCode(input: string): ParsedCode {
  const compact = input.normalize("NFKC").toUpperCase().replace(/[\s\-‐‑‒–—_.]/g, "").replace(/[IL]/g, "1").replace(/O/g, "0");
  if (compact === "") return { ok: false, problem: "empty" };
  if (![...compact].every((symbol) => CODE_ALPHABET.includes(symbol))) return { ok: false, problem: "characters" };
  if (compact.length !== CODE_SYMBOLS) return { ok: false, problem: "length" };
  const body = compact.slice(0, RANDOM_SYMBOLS);
  if (checkOf(body) !== compact.slice(RANDOM_SYMBOLS)) return { ok: false, problem: "check" };
  return { ok: true, code: compact };
}

export const CODE_PROBLEMS: Record<Exclude<ParsedCode, { ok: true }>["problem"], string> = {
  empty: "Enter the receipt code you were given when you filed the report.",
  length: `A receipt code has ${CODE_SYMBOLS} letters and digits (seven groups of four). Check that none is missing.`,
  characters: "A receipt code has only letters and digits (hyphens and spaces are ignored).",
  check: "This is not a valid receipt code: a letter or digit is mistyped. Check it against the one you saved.",
};
