import { findCredentials } from "./credential";
import { findEmails } from "./email";
import { findIbans } from "./iban";
import { findMyNumbers } from "./jp-my-number";
import { findPaymentCards } from "./payment-card";
import { findPhoneNumbers } from "./phone";
import { foldHyphens } from "./text";
import type { Range } from "./types";
import { findUsSsns } from "./us-ssn";
import { normalizeText, originalRange } from "~/app/text/normalize";

export const DETECTOR_IDS = ["payment_card", "iban", "us_ssn", "jp_my_number", "email", "phone", "credential"] as const;
export type DetectorId = (typeof DETECTOR_IDS)[number];

/** A detected datum: UTF-16 offsets into the original string, end exclusive. */
export type Span = { start: number; end: number; category: DetectorId };
export type { Range };

export const DETECTOR_LABELS: Record<DetectorId, string> = {
  payment_card: "payment card number",
  iban: "IBAN",
  us_ssn: "US Social Security number",
  jp_my_number: "My Number",
  email: "email address",
  phone: "phone number",
  credential: "password, passcode or API key",
};

export function isDetectorId(value: string): value is DetectorId {
  return DETECTOR_IDS.some((id) => id === value);
}

/** Each finder receives the normalised text with hyphens folded, and returns offsets into it. */
const FINDERS: Record<DetectorId, (text: string) => Range[]> = {
  payment_card: findPaymentCards,
  iban: findIbans,
  us_ssn: findUsSsns,
  jp_my_number: findMyNumbers,
  email: findEmails,
  phone: findPhoneNumbers,
  credential: findCredentials,
};

/**
 * When spans overlap, the more specific detector wins: checksums (IBAN mod 97, Luhn, My Number
 * check digit) beat fixed shapes, which beat the heuristic phone and credential finders. Between
 * spans of equal specificity the longer wins.
 */
const SPECIFICITY: Record<DetectorId, number> = {
  iban: 7,
  payment_card: 6,
  jp_my_number: 5,
  us_ssn: 4,
  credential: 3,
  email: 2,
  phone: 1,
};

/**
 * Finds restricted or personal data in `text`, sorted by start, without overlaps, at offsets into
 * `text` itself. The finders see the shared normalisation, so a card number written with no-break
 * spaces, zero-width characters or full-width digits is still a card number.
 */
export function detect(text: string, only: readonly DetectorId[] = DETECTOR_IDS): Span[] {
  const normalized = normalizeText(text);
  const searched = foldHyphens(normalized.text);
  const candidates: Span[] = [];
  for (const category of new Set(only)) {
    for (const range of FINDERS[category](searched)) candidates.push({ ...originalRange(normalized, range), category });
  }
  return resolveOverlaps(candidates);
}

export function resolveOverlaps(candidates: readonly Span[]): Span[] {
  const byPreference = [...candidates].sort(
    (a, b) =>
      SPECIFICITY[b.category] - SPECIFICITY[a.category] || b.end - b.start - (a.end - a.start) || a.start - b.start,
  );
  const kept: Span[] = [];
  for (const candidate of byPreference) {
    if (!kept.some((span) => span.start < candidate.end && candidate.start < span.end)) kept.push(candidate);
  }
  return kept.sort((a, b) => a.start - b.start);
}
