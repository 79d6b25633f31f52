import { findOccurrences, type Drill } from "~/app/content/drill";
import { catchFlaws, flawCaughtBy, trimMark } from "~/app/practice/catching";
import { plantedFlaws } from "~/app/practice/planted-flaws";
import type { Mark } from "~/app/practice/types";
import { DECISIONS, FLAW_TYPES, type Decision, type FlawType } from "~/app/vocabulary";
import { krippendorffAlphaNominal, type AlphaResult } from "./krippendorff";
import { labelMatrix } from "./span-labels";

/** One calibrator's submitted take of a round's drill. */
export type Take = { calibrator: string; marks: readonly Mark[]; decision: Decision; timeOnTaskMs: number };

/** A span calibrators marked that no planted flaw declares: their false flags, overlapping ones joined. */
export type UnplantedSpan = { start: number; end: number; text: string; calibrators: string[]; types: { type: FlawType; count: number }[] };

export type FlawFinding = { index: number; type: FlawType; quote: string; found: number; foundAs: { type: FlawType; count: number }[]; calibrators: string[] };

export type CalibrationResults = {
  takes: number;
  flaws: FlawFinding[];
  unplanted: UnplantedSpan[];
  expected: Decision;
  decisions: { decision: Decision; calibrators: string[] }[];
  /** Krippendorff's alpha (nominal) among the calibrators over per-character labels; the key is no rater. */
  agreement: AlphaResult;
};

function countTypes(types: readonly FlawType[]) {
  return FLAW_TYPES.flatMap((type) => {
    const count = types.filter((t) => t === type).length;
    return count > 0 ? [{ type, count }] : [];
  });
}

/**
 * What a round's takes say about the drill they took (the text they saw): per planted flaw how many
 * caught it (scoring's rule) and with which types, the unplanted spans, the decisions against the
 * expected one, and the calibrators' agreement.
 */
export function calibrationResults({ drill, takes }: { drill: Pick<Drill, "draft" | "flaws" | "expected">; takes: readonly Take[] }): CalibrationResults {
  const flaws = plantedFlaws(drill);
  const trimmed = takes.map((take) => ({ ...take, marks: take.marks.flatMap((mark) => trimMark({ draft: drill.draft, mark }) ?? []) }));
  const caught = trimmed.map((take) => ({ take, ...catchFlaws({ marks: take.marks, flaws }) }));
  const findings = flaws.map((flaw): FlawFinding => {
    const finders = caught.flatMap(({ take, flawResults }) => {
      const result = flawResults.find((r) => r.index === flaw.index);
      return result && result.status !== "missed" ? [{ calibrator: take.calibrator, markedAs: result.markedAs }] : [];
    });
    return { index: flaw.index, type: flaw.type, quote: flaw.quote, found: finders.length, foundAs: countTypes(finders.flatMap((f) => f.markedAs)), calibrators: finders.map((f) => f.calibrator) };
  });
  const falseFlags = caught.flatMap(({ take, falseFlags }) => falseFlags.map((mark) => ({ ...mark, calibrator: take.calibrator })));
  return {
    takes: takes.length,
    flaws: findings,
    unplanted: joinOverlapping({ draft: drill.draft, marks: falseFlags }),
    expected: drill.expected,
    decisions: DECISIONS.map((decision) => ({ decision, calibrators: takes.filter((take) => take.decision === decision).map((take) => take.calibrator) })).filter((row) => row.calibrators.length > 0),
    agreement: krippendorffAlphaNominal(labelMatrix({ draft: drill.draft, ratersMarks: trimmed.map((take) => take.marks) })),
  };
}

/** Overlapping marks (of anyone) joined into one span; the most-marked spans first, then in draft order. */
function joinOverlapping({ draft, marks }: { draft: string; marks: (Mark & { calibrator: string })[] }): UnplantedSpan[] {
  const sorted = [...marks].sort((a, b) => a.start - b.start || a.end - b.end);
  const groups: { start: number; end: number; marks: typeof marks }[] = [];
  for (const mark of sorted) {
    const last = groups.at(-1);
    if (last && mark.start < last.end) {
      last.end = Math.max(last.end, mark.end);
      last.marks.push(mark);
    } else {
      groups.push({ start: mark.start, end: mark.end, marks: [mark] });
    }
  }
  return groups
    .map((group) => ({
      start: group.start,
      end: group.end,
      text: draft.slice(group.start, group.end),
      calibrators: [...new Set(group.marks.map((mark) => mark.calibrator))].sort((a, b) => a.localeCompare(b)),
      types: countTypes(group.marks.map((mark) => mark.type)),
    }))
    .sort((a, b) => b.calibrators.length - a.calibrators.length || a.start - b.start);
}

/**
 * The unplanted spans a round found that the drill about to be published still leaves open: the
 * span's text still stands in the draft somewhere that no declared flaw would catch (by scoring's
 * rule). Declaring the flaw, or editing the words away, closes it.
 */
export function openUnplantedSpans({ spans, drill }: { spans: readonly UnplantedSpan[]; drill: Pick<Drill, "draft" | "flaws"> }): UnplantedSpan[] {
  const flaws = plantedFlaws(drill);
  return spans.filter((span) => {
    const text = span.text.trim();
    const type = span.types[0]?.type;
    if (text === "" || type === undefined) return false;
    // The type only breaks ties between flaws; whether a flaw catches the span does not depend on it.
    return findOccurrences(drill.draft, text).some((start) => flawCaughtBy({ mark: { start, end: start + text.length, type }, flaws }) === null);
  });
}
