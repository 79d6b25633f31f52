import { detect, DETECTOR_IDS, type DetectorId } from "~/app/content/detectors";

/**
 * Redaction for the near-miss channel: every free-text field is passed through the same detectors
 * (and so the same text normalisation) that scoring uses, and each match is replaced by a
 * `[REDACTED: …]` marker. Nothing of the match is kept: no mapping back, no length, no hash.
 * Pure and free of Node APIs, so the report form runs it in the browser for the preview, and the
 * server runs it again on receipt.
 */

/** The categories redacted: what the data-handling policy declares restricted, plus email and phone. */
export type RedactionRules = { detectors: readonly DetectorId[] };

/**
 * Email addresses and phone numbers identify people (the reporter, a colleague, a customer), so the
 * channel redacts them whether or not a policy lists them as restricted.
 */
export const ALWAYS_REDACTED: readonly DetectorId[] = ["email", "phone"];

export function redactionRules(declared: readonly DetectorId[]): RedactionRules {
  const wanted = new Set<DetectorId>([...declared, ...ALWAYS_REDACTED]);
  return { detectors: DETECTOR_IDS.filter((id) => wanted.has(id)) };
}

/** The words inside the marker, fixed per detector so stored text never depends on a policy's wording. */
export const REDACTION_LABELS: Record<DetectorId, string> = {
  payment_card: "payment card",
  iban: "IBAN",
  us_ssn: "US SSN",
  jp_my_number: "My Number",
  email: "email address",
  phone: "phone number",
  credential: "password or key",
};

export function redactionMarker(category: DetectorId): string {
  return `[REDACTED: ${REDACTION_LABELS[category]}]`;
}

export type RedactionCounts = Partial<Record<DetectorId, number>>;
export type Redacted = { text: string; counts: RedactionCounts };

/**
 * The text with every detected datum replaced by its marker, and how many of each category were
 * replaced. Invisible format characters (zero-width spaces and joiners, soft hyphens, BOM, bidi
 * controls) are removed from what is kept too: text copied out of a tool can carry an invisible
 * watermark of who copied it. A zero-width joiner inside an emoji sequence (👩‍💻) stays.
 */
export function redact(text: string, rules: RedactionRules): Redacted {
  let current = { text, counts: {} as RedactionCounts };
  // A datum can hide behind another (a detector's greedy candidate running on into the next one,
  // as the IBAN detector's once did): passes repeat until one finds nothing more.
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const next = redactOnce(current.text, rules);
    if (totalRedacted(next.counts) === 0) break;
    current = { text: next.text, counts: addCounts(current.counts, next.counts) };
  }
  return { text: stripFormatCharacters(current.text), counts: current.counts };
}

const MAX_PASSES = 8;

function redactOnce(text: string, rules: RedactionRules): Redacted {
  const spans = rules.detectors.length === 0 ? [] : detect(text, rules.detectors);
  const counts: RedactionCounts = {};
  let out = "";
  let at = 0;
  for (const span of spans) {
    out += text.slice(at, span.start) + redactionMarker(span.category);
    counts[span.category] = (counts[span.category] ?? 0) + 1;
    at = span.end;
  }
  return { text: out + text.slice(at), counts };
}

const FORMAT_CHARACTERS = /\p{Cf}/gu;
const PICTOGRAPH_BEFORE = /\p{Extended_Pictographic}\uFE0F?$/u;
const PICTOGRAPH_AFTER = /^\p{Extended_Pictographic}/u;

function stripFormatCharacters(text: string): string {
  return text.replace(FORMAT_CHARACTERS, (char: string, offset: number) =>
    char === "\u200D" && PICTOGRAPH_BEFORE.test(text.slice(Math.max(0, offset - 3), offset)) && PICTOGRAPH_AFTER.test(text.slice(offset + 1, offset + 3)) ? char : "",
  );
}

/** A redaction marker as `redact` writes it; the label is captured. */
export const REDACTION_MARKER = /\[REDACTED: ([^\]]+)\]/g;
const CATEGORY_OF_LABEL = new Map(DETECTOR_IDS.map((id) => [REDACTION_LABELS[id], id]));

/**
 * How many markers of each category a redacted text holds. The browser sends text it already
 * redacted, so the server counts what was redacted from the markers, not from its own pass.
 */
export function markerCounts(text: string): RedactionCounts {
  const counts: RedactionCounts = {};
  for (const match of text.matchAll(REDACTION_MARKER)) {
    const category = CATEGORY_OF_LABEL.get(match[1] ?? "");
    if (category) counts[category] = (counts[category] ?? 0) + 1;
  }
  return counts;
}

/** Counts of several redactions added up. */
export function addCounts(...all: RedactionCounts[]): RedactionCounts {
  const total: RedactionCounts = {};
  for (const counts of all) {
    for (const id of DETECTOR_IDS) {
      const n = counts[id];
      if (n) total[id] = (total[id] ?? 0) + n;
    }
  }
  return total;
}

export function totalRedacted(counts: RedactionCounts): number {
  return DETECTOR_IDS.reduce((sum, id) => sum + (counts[id] ?? 0), 0);
}
