import { percent } from "~/app/format";
import { FLAW_LABELS } from "~/app/vocabulary";
import {
  DIFFICULTY_RATING_STEP,
  DRIFT_LEVELS,
  MARKED_SPAN_MIN_AGENTS,
  MARKED_SPAN_PERCENT,
  OVERRIDDEN_CONTROL_PERCENT,
  RARELY_CAUGHT_PERCENT,
  TOO_EASY_PERCENT,
  DISCRIMINATION_LIKELY_REVISION,
  DISCRIMINATION_VERY_LIKELY_REVISION,
  EXTREME_GROUP_PERCENT,
  POINT_BISERIAL_MIN_ATTEMPTS,
  type Count,
  type Discrimination,
  type DiscriminationReading,
  type Hint,
  type HintKind,
} from "./item-analysis";

/** The item analysis in words, one wording for the studio pages and content:report. */

export const READING_LABELS: Record<DiscriminationReading, string> = {
  discriminates: `discriminates (${DISCRIMINATION_LIKELY_REVISION} or more)`,
  likely_revision: `likely to need revision (below ${DISCRIMINATION_LIKELY_REVISION})`,
  very_likely_revision: `very likely to need revision (below ${DISCRIMINATION_VERY_LIKELY_REVISION})`,
};

export const HINT_LABELS: Record<HintKind, string> = {
  rarely_caught: "flaw rarely caught",
  overridden_control: "control overridden often",
  unplanted_span: "marks on an unplanted span",
  too_easy: "too easy",
  rating_drift: "rating drifted from difficulty",
};

export const METHOD_LABELS: Record<Discrimination["method"], string> = {
  point_biserial: "point-biserial correlation with the agents' rating",
  upper_lower: `upper minus lower ${EXTREME_GROUP_PERCENT} %`,
};

/** "0.42", with a true minus sign for negative indices. */
export function indexText(index: number): string {
  return index.toFixed(2).replace("-", "−");
}

/** "12 of 20 (60 %)". */
export function countText(value: Count): string {
  return `${value.count} of ${value.of} (${percent(value.rate)})`;
}

export function discriminationText(value: Discrimination | null): string {
  if (value === null) return "not measured (results or ratings do not vary)";
  return `${indexText(value.index)}, ${READING_LABELS[value.reading]}`;
}

export const DISCRIMINATION_EXPLAINED = `Discrimination: how much better the higher-rated agents do on this drill than the lower-rated ones, from −1 to 1. From ${POINT_BISERIAL_MIN_ATTEMPTS} attempts it is the point-biserial correlation of the right decision (1 or 0) with the agent's rating before the attempt; below that, the share right among the highest-rated ${EXTREME_GROUP_PERCENT} % minus the share among the lowest-rated ${EXTREME_GROUP_PERCENT} %. Read as Moodle does: below ${DISCRIMINATION_LIKELY_REVISION} likely to need revision, below ${DISCRIMINATION_VERY_LIKELY_REVISION} very likely.`;

export const HINTS_EXPLAINED = `Hints: a planted flaw caught in fewer than ${RARELY_CAUGHT_PERCENT} % of a revision's attempts; a clean control overridden in ${OVERRIDDEN_CONTROL_PERCENT} % or more; a span outside every planted flaw marked by at least ${MARKED_SPAN_MIN_AGENTS} agents and ${MARKED_SPAN_PERCENT} % of a revision's attempts; right decisions in ${TOO_EASY_PERCENT} % or more (too easy); a drill rating that reads ${DRIFT_LEVELS} or more difficulty levels from the stated one (difficulty 3 is rating 1500, each level ${DIFFICULTY_RATING_STEP} points). Hints about one revision need the minimum number of attempts on it.`;

/** "45 s", "2 min 5 s". */
export function durationText(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/** One sentence an author can act on. */
export function hintText(hint: Hint): string {
  switch (hint.kind) {
    case "rarely_caught":
      return `Flaw ${hint.flawIndex + 1} (${FLAW_LABELS[hint.type]}, revision ${hint.revision}) is rarely caught: ${countText(hint.caught)}. Unclear or too subtle?`;
    case "overridden_control": {
      const spans = hint.spans.map((span) => `“${span.text}” (marked by ${span.agents} of ${span.attempts})`).join("; ");
      return `This clean control (revision ${hint.revision}) is overridden often: ${countText(hint.overridden)}. ${spans ? `Possible unplanted flaw here: ${spans}.` : "No span was marked by several agents."}`;
    }
    case "unplanted_span":
      return `Marks cluster on a span no flaw declares (revision ${hint.span.revision}): “${hint.span.text}”, marked by ${hint.span.agents} of ${hint.span.attempts}. A flaw the key misses, or a distractor?`;
    case "too_easy":
      return `Everyone gets this right: ${countText(hint.right)} right decisions. Too easy for the current agents.`;
    case "rating_drift":
      return `Its stated difficulty is ${hint.stated}, but agents' results rate it like ${hint.ratedLike} (rating ${Math.round(hint.rating)}). Update the difficulty, or look at why.`;
  }
}
