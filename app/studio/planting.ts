import type { DrillDocument } from "~/app/content/drill";
import type { Policy, PolicySection } from "~/app/content/policy";
import type { PracticeLanguage } from "~/app/vocabulary";
import type { FlawWording } from "./flaw-wording";

export type SectionEntry = { policy: Policy; section: PolicySection };

/** What every planter gets: the control, the library's sections by anchor, words in the drill's language, a seeded choice. */
export type PlantingContext = {
  drill: DrillDocument;
  /** The drill's practice language, or null when the library has no such language. */
  language: PracticeLanguage | null;
  wording: FlawWording;
  policies: readonly Policy[];
  sections: ReadonlyMap<string, SectionEntry>;
  /** Deterministic for the drill and the flaw type (`seededRandom`), so proposals are stable. */
  random: () => number;
};

/** A draft with one flaw planted: the flaw's quote as a range of the new draft, and what the title says about it. */
export type Planted = {
  draft: string;
  quote: { start: number; end: number };
  explanation: string;
  policy?: string;
  note: string;
  /** How much harder (or easier) than the control the flaw makes the drill. */
  difficultyChange: number;
};

export type Planting = Planted | { skipped: string };

/** One of `items`, chosen by `random`; undefined for none. */
export function pick<T>(items: readonly T[], random: () => number): T | undefined {
  return items[Math.floor(random() * items.length)];
}

/** One of a list that is never empty, chosen by `random`. */
export function pickOne<T>(items: readonly [T, ...T[]], random: () => number): T {
  return items[Math.floor(random() * items.length)] ?? items[0];
}

/** `items` starting at a position chosen by `random`, wrapping round: a seeded order of preference. */
export function rotate<T>(items: readonly T[], random: () => number): T[] {
  const start = Math.floor(random() * items.length);
  return [...items.slice(start), ...items.slice(0, start)];
}

export function sectionName({ wording }: PlantingContext, { policy, section }: SectionEntry): string {
  return wording.sectionName(policy.title, section.heading);
}
