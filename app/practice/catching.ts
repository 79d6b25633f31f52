import { acceptedTypes } from "~/app/content/accepted-types";
import type { Mark, PlantedFlaw } from "./types";
import type { FlawType } from "~/app/vocabulary";

export type FlawStatus = "caught" | "mistyped" | "missed";

/**
 * How one planted flaw fared. `caught` means correctly typed: every mark that caught it gave a
 * type it accepts. `mistyped` is a caught flaw with any other type among its marks (DESIGN:
 * "caught but mistyped"), so caught-for-metrics means status caught or mistyped.
 */
export type FlawResult = {
  index: number;
  type: FlawType;
  start: number;
  end: number;
  status: FlawStatus;
  /** The distinct types the agent's catching marks gave this flaw, in mark order. */
  markedAs: FlawType[];
};

/** Whitespace, and the invisible format characters the shared normalisation removes. */
const WHITESPACE = /[\s\p{Cf}]/u;

/** The mark without surrounding whitespace, or null when it held nothing else. */
export function trimMark<M extends { start: number; end: number }>({ draft, mark }: { draft: string; mark: M }): M | null {
  let start = mark.start;
  let end = mark.end;
  while (start < end && WHITESPACE.test(draft.charAt(start))) start += 1;
  while (end > start && WHITESPACE.test(draft.charAt(end - 1))) end -= 1;
  return start < end ? { ...mark, start, end } : null;
}

function overlapLength(a: { start: number; end: number }, b: { start: number; end: number }) {
  return Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
}

/**
 * The flaw a (trimmed) mark catches: the flaw it overlaps most, provided at least half of the
 * mark's characters lie inside that flaw's quote. Equal overlaps (nested or adjacent flaws)
 * go to a flaw that accepts the type the agent chose, then to the shorter, more specific quote,
 * then to the earlier flaw.
 */
export function flawCaughtBy({ mark, flaws }: { mark: Mark; flaws: readonly PlantedFlaw[] }): PlantedFlaw | null {
  let best: { flaw: PlantedFlaw; overlap: number } | null = null;
  for (const flaw of flaws) {
    const overlap = overlapLength(mark, flaw);
    if (overlap === 0) continue;
    if (best === null || isBetterCatch({ mark, candidate: { flaw, overlap }, current: best })) best = { flaw, overlap };
  }
  if (best === null) return null;
  return best.overlap * 2 >= mark.end - mark.start ? best.flaw : null;
}

function isBetterCatch({
  mark,
  candidate,
  current,
}: {
  mark: Mark;
  candidate: { flaw: PlantedFlaw; overlap: number };
  current: { flaw: PlantedFlaw; overlap: number };
}): boolean {
  if (candidate.overlap !== current.overlap) return candidate.overlap > current.overlap;
  const candidateTypeMatches = acceptedTypes(candidate.flaw).has(mark.type);
  if (candidateTypeMatches !== acceptedTypes(current.flaw).has(mark.type)) return candidateTypeMatches;
  const candidateLength = candidate.flaw.end - candidate.flaw.start;
  const currentLength = current.flaw.end - current.flaw.start;
  if (candidateLength !== currentLength) return candidateLength < currentLength;
  return candidate.flaw.index < current.flaw.index;
}

/** Matches trimmed marks to planted flaws: one result per flaw (in flaw order) and the false flags. */
export function catchFlaws({ marks, flaws }: { marks: readonly Mark[]; flaws: readonly PlantedFlaw[] }): {
  flawResults: FlawResult[];
  falseFlags: Mark[];
} {
  const typesByFlawIndex = new Map<number, FlawType[]>();
  const falseFlags: Mark[] = [];
  for (const mark of marks) {
    const caught = flawCaughtBy({ mark, flaws });
    if (caught === null) {
      falseFlags.push(mark);
      continue;
    }
    const types = typesByFlawIndex.get(caught.index) ?? [];
    if (!types.includes(mark.type)) types.push(mark.type);
    typesByFlawIndex.set(caught.index, types);
  }

  const flawResults = [...flaws]
    .sort((a, b) => a.index - b.index)
    .map((flaw): FlawResult => {
      const markedAs = typesByFlawIndex.get(flaw.index) ?? [];
      const accepted = acceptedTypes(flaw);
      const status: FlawStatus =
        markedAs.length === 0 ? "missed" : markedAs.every((type) => accepted.has(type)) ? "caught" : "mistyped";
      return { index: flaw.index, type: flaw.type, start: flaw.start, end: flaw.end, status, markedAs };
    });
  return { flawResults, falseFlags };
}
