import { InputError } from "~/app/input-error";
import { type Mark, type PlantedFlaw } from "./types";
import { isDecision, isFlawType, type Decision } from "~/app/vocabulary";

export type ScoringInputProblem =
  | "non_integer_offset"
  | "mark_out_of_range"
  | "empty_mark"
  | "unknown_flaw_type"
  | "flaw_out_of_range"
  | "quote_mismatch"
  | "duplicate_flaw_index"
  | "unknown_decision"
  | "expected_contradicts_flaws";

/**
 * Input that cannot be scored is a caller bug or a tampered submission, never an agent's mistake;
 * marks are the only part an agent sends, so their problems point at the marks field.
 */
function fail(problem: ScoringInputProblem, message: string): never {
  throw new InputError(MARK_PROBLEMS.has(problem) ? "marks" : null, message, { problem });
}

const MARK_PROBLEMS = new Set<ScoringInputProblem>(["non_integer_offset", "mark_out_of_range", "empty_mark", "unknown_flaw_type"]);

function checkOffsets({ what, start, end }: { what: string; start: number; end: number }) {
  if (!Number.isInteger(start) || !Number.isInteger(end)) {
    fail("non_integer_offset", `${what} offsets must be whole numbers (got ${start}–${end})`);
  }
}

export function validateScoringInput({
  draft,
  flaws,
  marks,
  decision,
  expected,
}: {
  draft: string;
  flaws: readonly PlantedFlaw[];
  marks: readonly Mark[];
  decision: Decision;
  expected: Decision;
}): void {
  marks.forEach((mark, position) => {
    const what = `mark ${position + 1}`;
    checkOffsets({ what, start: mark.start, end: mark.end });
    if (mark.start < 0 || mark.end > draft.length) {
      fail("mark_out_of_range", `${what} (${mark.start}–${mark.end}) lies outside the draft (0–${draft.length})`);
    }
    if (mark.start >= mark.end) fail("empty_mark", `${what} must end after it starts (got ${mark.start}–${mark.end})`);
    if (!isFlawType(mark.type)) fail("unknown_flaw_type", `${what} has unknown flaw type ${JSON.stringify(mark.type)}`);
  });

  const seenIndexes = new Set<number>();
  for (const flaw of flaws) {
    const what = `flaw ${flaw.index}`;
    if (seenIndexes.has(flaw.index)) fail("duplicate_flaw_index", `${what} is listed twice`);
    seenIndexes.add(flaw.index);
    if (!isFlawType(flaw.type)) fail("unknown_flaw_type", `${what} has unknown flaw type ${JSON.stringify(flaw.type)}`);
    checkOffsets({ what, start: flaw.start, end: flaw.end });
    if (flaw.start < 0 || flaw.end > draft.length || flaw.start >= flaw.end) {
      fail("flaw_out_of_range", `${what} (${flaw.start}–${flaw.end}) is not a non-empty range of the draft (0–${draft.length})`);
    }
    // Catching uses the offsets and the rewrite check uses the quote: they must name the same text.
    if (draft.slice(flaw.start, flaw.end) !== flaw.quote) {
      fail("quote_mismatch", `${what}: the draft at ${flaw.start}–${flaw.end} is not its quote ${JSON.stringify(flaw.quote)}`);
    }
  }

  if (!isDecision(decision)) fail("unknown_decision", `unknown decision ${JSON.stringify(decision)}`);
  if (!isDecision(expected)) fail("unknown_decision", `unknown expected decision ${JSON.stringify(expected)}`);
  const flawed = flaws.length > 0;
  if (flawed && expected === "send") {
    fail("expected_contradicts_flaws", "expected decision send contradicts a draft with planted flaws");
  }
  if (!flawed && expected !== "send") {
    fail("expected_contradicts_flaws", `expected decision ${expected} contradicts a clean control`);
  }
}
