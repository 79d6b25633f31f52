import type { Range } from "./types";

/**
 * Credentials: secrets given after a keyword ("password: hunter2", "暗証番号は1234") and API keys or
 * tokens with well-known shapes. For keyword secrets the range covers the secret only.
 */
export function findCredentials(text: string): Range[] {
  return [...findKeywordSecrets(text), ...findKeyShapes(text)];
}

/** Numeric secrets: the value must be 4–8 digits ("PIN 1234", "暗証番号は1234"). */
const PIN_KEYWORDS = ["pin", "pin code", "pin number", "暗証番号", "geheimzahl", "code pin"];
/** One-time and verification codes: 4–12 letters or digits, at least one digit. */
const CODE_KEYWORDS = [
  "passcode",
  "pass code",
  "one-time code",
  "one-time passcode",
  "otp",
  "verification code",
  "security code",
  "access code",
  "login code",
  "authentication code",
  "recovery code",
  "backup code",
  "パスコード",
  "認証コード",
  "確認コード",
  "ワンタイムパスワード",
];
/** Passwords and keys: any value that looks like a secret (see `looksSecret`). */
const PASSWORD_KEYWORDS = [
  "password",
  "passwd",
  "pwd",
  "passphrase",
  "api key",
  "api token",
  "api secret",
  "access token",
  "auth token",
  "secret key",
  "client secret",
  "パスワード",
  "passwort",
  "kennwort",
  "contraseña",
  "clave",
  "mot de passe",
  "code secret",
];

type SecretKind = "pin" | "code" | "password";

const KEYWORD_KIND = new Map<string, SecretKind>([
  ...PIN_KEYWORDS.map((keyword): [string, SecretKind] => [keyword, "pin"]),
  ...CODE_KEYWORDS.map((keyword): [string, SecretKind] => [keyword, "code"]),
  ...PASSWORD_KEYWORDS.map((keyword): [string, SecretKind] => [keyword, "password"]),
]);

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const KEYWORD = new RegExp(
  `(?<![A-Za-z0-9])(?:${[...KEYWORD_KIND.keys()]
    .sort((a, b) => b.length - a.length)
    .map((keyword) => escapeRegExp(keyword).replace(/ /g, "\\s+"))
    .join("|")})(?![A-Za-z])`,
  "giu",
);

const EXPLICIT_CONNECTOR =
  String.raw`\s*[:=]\s*|\s+(?:is(?:\s+now)?|was|will\s+be|remains|has\s+been\s+(?:set|reset|changed)\s+to|(?:set|reset|changed)\s+to|ist|lautet|es|est|sera)\s+|\s*[はが]\s*`;

/**
 * What may stand between the keyword and the value: a connector ("is", ":", "は"), or a short
 * phrase ("for the portal") followed by one, or plain whitespace. After plain whitespace the value
 * must still look like a secret, so "reset your password from the settings page" yields nothing.
 */
const AFTER_KEYWORD = new RegExp(
  String.raw`(?:\s+(?:for|on|to|of|at|für|pour|para)(?:\s+[^\s:=]+){1,4}?(?:${EXPLICIT_CONNECTOR})|${EXPLICIT_CONNECTOR}|\s+)(?<opening>["'“‘「『]?)`,
  "uy",
);

/** Printable ASCII except quotes and brackets, plus accented Latin; stops at spaces and Japanese text. */
const BARE_VALUE = /[!#-&*+\--:=?-Z\\^_a-z|~\u00c0-\u024f]+/uy;
const CLOSING_QUOTE: Record<string, string> = { '"': '"', "'": "'", "“": "”", "‘": "’", "「": "」", "『": "』" };
const TRAILING_PUNCTUATION = /[.,:;!?]+$/;

function findKeywordSecrets(text: string): Range[] {
  const found: Range[] = [];
  for (const keywordMatch of text.matchAll(KEYWORD)) {
    const kind = KEYWORD_KIND.get(keywordMatch[0].toLowerCase().replace(/\s+/g, " "));
    if (!kind) continue;
    AFTER_KEYWORD.lastIndex = keywordMatch.index + keywordMatch[0].length;
    const after = AFTER_KEYWORD.exec(text);
    if (!after) continue;
    const opening = after.groups?.opening ?? "";
    const value = readValue(text, AFTER_KEYWORD.lastIndex, opening);
    if (value && isSecretValue(kind, text.slice(value.start, value.end), opening !== "")) found.push(value);
  }
  return found;
}

function readValue(text: string, start: number, opening: string): Range | undefined {
  if (opening) {
    const closing = CLOSING_QUOTE[opening] ?? opening;
    const end = text.indexOf(closing, start);
    const lineEnd = text.indexOf("\n", start);
    if (end <= start || (lineEnd !== -1 && lineEnd < end)) return undefined;
    return { start, end };
  }
  BARE_VALUE.lastIndex = start;
  const bare = BARE_VALUE.exec(text);
  if (!bare) return undefined;
  const value = bare[0].replace(TRAILING_PUNCTUATION, "");
  return value ? { start, end: start + value.length } : undefined;
}

function isSecretValue(kind: SecretKind, value: string, quoted: boolean): boolean {
  if (kind === "pin") return /^\d{4,8}$/.test(value);
  if (kind === "code") return /^[A-Za-z0-9-]{4,12}$/.test(value) && /\d/.test(value);
  return value.length >= 3 && (quoted || looksSecret(value));
}

/**
 * Words after "password" are usually prose ("is incorrect", "expires"); secrets have a digit, a
 * symbol, or a capital letter after a lower-case one.
 */
function looksSecret(value: string): boolean {
  return /\d/.test(value) || /[^\p{L}\p{N}]/u.test(value) || /\p{Ll}\p{Lu}/u.test(value);
}

const KEY_SHAPES: readonly RegExp[] = [
  /\b(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{10,247}\b/g, // Stripe secret and restricted keys
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, // AWS access key ids
  /\bgh[pousr]_[A-Za-z0-9]{20,255}\b/g, // GitHub tokens
  /\bgithub_pat_[A-Za-z0-9_]{20,255}\b/g, // GitHub fine-grained tokens
  /\bxox[baprs]-[A-Za-z0-9-]{10,}/g, // Slack tokens
  /\bAIza[0-9A-Za-z_-]{30,}/g, // Google API keys
  /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g, // JSON Web Tokens
];
const BEARER = /\bBearer\s+([A-Za-z0-9._~+/-]{12,}=*)/gi;

function findKeyShapes(text: string): Range[] {
  const found: Range[] = [];
  for (const shape of KEY_SHAPES) {
    for (const match of text.matchAll(shape)) found.push({ start: match.index, end: match.index + match[0].length });
  }
  for (const match of text.matchAll(BEARER)) {
    const token = match[1] ?? "";
    if (!/\d/.test(token)) continue;
    const end = match.index + match[0].length;
    found.push({ start: end - token.length, end });
  }
  return found;
}
