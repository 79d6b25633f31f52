import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary } from "@zxcvbn-ts/language-common";
import { InputError } from "~/app/input-error";

/**
 * NIST SP 800-63B's blocklist rule with zxcvbn: passwords that are common, repeated, sequences,
 * keyboard walks or built from the user's own name or email are refused. Score 3 of 4 is
 * "safely unguessable" against an online attack and slows an offline one.
 */
const MIN_SCORE = 3;
const zxcvbn = new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });

export function weakPasswordReason(password: string, userInputs: readonly string[] = []): string | null {
  // "dana.kim@northwind.example" and "Dana Kim" also as their words: people build passwords from those.
  const words = userInputs.flatMap((input) => [input, ...input.toLowerCase().split(/[^\p{L}\p{N}]+/u)]).filter((word) => word.length >= 3);
  const result = zxcvbn.check(password, words);
  if (result.score >= MIN_SCORE) return null;
  const why = result.feedback.warning ? WARNINGS[result.feedback.warning] ?? "it is easy to guess" : "it is easy to guess";
  return `Choose a harder password: ${why}. A few unrelated words together work well.`;
}

const WARNINGS: Record<string, string> = {
  straightRow: "it is a row of keys",
  keyPattern: "it is a keyboard pattern",
  simpleRepeat: "it repeats one character",
  extendedRepeat: "it repeats a pattern",
  sequences: "it is a sequence such as 1234 or abcd",
  recentYears: "it is a recent year",
  dates: "it is a date",
  topTen: "it is one of the most common passwords",
  topHundred: "it is one of the most common passwords",
  common: "it is a common password",
  similarToCommon: "it is close to a common password",
  wordByItself: "it is a single word",
  namesByThemselves: "it is a name",
  commonNames: "it is a common name",
  userInputs: "it contains your name or email",
  pwned: "it appears in data breaches",
};

/** Throws an InputError at `field` for a weak password. */
export function assertStrongPassword({ password, field, userInputs }: { password: string; field: string; userInputs: readonly string[] }) {
  const reason = weakPasswordReason(password, userInputs);
  if (reason) throw new InputError(field, reason);
}
