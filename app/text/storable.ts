/**
 * PostgreSQL cannot store a NUL character in text or JSON, nor an unpaired UTF-16 surrogate (it is
 * not UTF-8). Input carrying one is refused at the boundary with the field's name, instead of
 * failing inside a query.
 */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function unstorableCharacter(text: string): string | null {
  const match = UNSTORABLE.exec(text);
  if (!match) return null;
  return match[0] === "\u0000" ? "a NUL character" : "a broken character (an unpaired surrogate)";
}
