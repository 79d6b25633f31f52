import type { Mark } from "~/app/practice/types";
import { FLAW_TYPES, type FlawType } from "~/app/vocabulary";

/** What a rater says of one character of the draft: no flaw here, or a flaw of this type. */
export const NO_FLAW = "none";
export type SpanLabel = typeof NO_FLAW | FlawType;

/** One unit of agreement: a character (a Unicode code point) of the draft, as a UTF-16 range like marks' offsets. */
export type CharacterUnit = { start: number; end: number };

/** Whitespace, and the invisible format characters the shared normalisation removes (as marks are trimmed of). */
const IGNORED = /^[\s\p{Cf}]$/u;

/**
 * The draft's characters that carry meaning: every code point but whitespace and format
 * characters. Marks are stored as UTF-16 offsets (JavaScript string indexes); iterating the string
 * yields code points, so an emoji outside the Basic Multilingual Plane is one unit two offsets
 * long, never two units. Whitespace is left out because marks are trimmed of it and counting it
 * would make agreement depend on how a draft is spaced (Japanese has no spaces at all).
 */
export function characterUnits(draft: string): CharacterUnit[] {
  const units: CharacterUnit[] = [];
  let offset = 0;
  for (const character of draft) {
    if (!IGNORED.test(character)) units.push({ start: offset, end: offset + character.length });
    offset += character.length;
  }
  return units;
}

/**
 * One rater's label for each unit: the type of a mark over it, or "none". A mark covers a unit it
 * shares any offset with. Where one rater's marks overlap with different types, the shortest mark
 * (the most specific) gives the label, then the earlier one, then the type's order in the vocabulary.
 */
export function unitLabels({ units, marks }: { units: readonly CharacterUnit[]; marks: readonly Mark[] }): SpanLabel[] {
  const ordered = [...marks].sort((a, b) => a.end - a.start - (b.end - b.start) || a.start - b.start || FLAW_TYPES.indexOf(a.type) - FLAW_TYPES.indexOf(b.type));
  return units.map((unit) => ordered.find((mark) => mark.start < unit.end && unit.start < mark.end)?.type ?? NO_FLAW);
}

/** The reliability data for Krippendorff's alpha: one row per unit, one label per rater. */
export function labelMatrix({ draft, ratersMarks }: { draft: string; ratersMarks: readonly (readonly Mark[])[] }): SpanLabel[][] {
  const units = characterUnits(draft);
  const byRater = ratersMarks.map((marks) => unitLabels({ units, marks }));
  return units.map((_, unit) => byRater.map((labels) => labels[unit] ?? NO_FLAW));
}
