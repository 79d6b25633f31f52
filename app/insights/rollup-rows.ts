import type { AttemptScore } from "~/app/practice/scoring";
import { emptyTally, type Tally } from "~/app/practice/tally";
import type { Mark } from "~/app/practice/types";
import { ALL_TYPES, FLAW_TYPES, type FlawType } from "~/app/vocabulary";

/** The counts one insight-rollup row keeps (db/insights-schema.ts), in column order. */
export const ROLLUP_COUNTS = [
  "attempts",
  "planted",
  "caught",
  "correctlyTyped",
  "marks",
  "falseFlags",
  "flawedDrafts",
  "cleanDrafts",
  "hits",
  "misses",
  "falseAlarms",
  "correctRejections",
  "escalateExpected",
  "escalatedWhenExpected",
  "usableRewrites",
  "fixPlanted",
  "flawsRemoved",
  "points",
  "timeOnTaskMs",
] as const;
export type RollupCounts = Record<(typeof ROLLUP_COUNTS)[number], number>;
export type RollupKey = FlawType | typeof ALL_TYPES;
export type RollupRow = { flawType: RollupKey; counts: RollupCounts };

function zeroCounts(): RollupCounts {
  return {
    attempts: 0,
    planted: 0,
    caught: 0,
    correctlyTyped: 0,
    marks: 0,
    falseFlags: 0,
    flawedDrafts: 0,
    cleanDrafts: 0,
    hits: 0,
    misses: 0,
    falseAlarms: 0,
    correctRejections: 0,
    escalateExpected: 0,
    escalatedWhenExpected: 0,
    usableRewrites: 0,
    fixPlanted: 0,
    flawsRemoved: 0,
    points: 0,
    timeOnTaskMs: 0,
  };
}

/** What a counted attempt adds to the rollups. */
export type CountedAttempt = { score: AttemptScore; marks: readonly Mark[]; points: number; timeOnTaskMs: number };

/**
 * The rows one counted attempt adds to: the row over all types, and one per flaw type the drill
 * plants or a mark names. In a type's row the flaw counts are that type's, the mark counts are
 * the marks given that type, and the draft counts are those of drills that plant it; points and
 * time on task are kept in the all-types row only.
 */
export function rollupRowsOf({ score, marks, points, timeOnTaskMs }: CountedAttempt): RollupRow[] {
  const usable = score.flawed && score.rewriteCheck !== null && score.rewriteCheck.usable !== false;
  const draft = (counts: RollupCounts) => {
    counts.attempts = 1;
    counts.flawedDrafts = score.flawed ? 1 : 0;
    counts.cleanDrafts = score.flawed ? 0 : 1;
    counts.hits = score.outcome === "hit" ? 1 : 0;
    counts.misses = score.outcome === "miss" ? 1 : 0;
    counts.falseAlarms = score.outcome === "false_alarm" ? 1 : 0;
    counts.correctRejections = score.outcome === "correct_rejection" ? 1 : 0;
    counts.escalateExpected = score.expected === "escalate" ? 1 : 0;
    counts.escalatedWhenExpected = score.expected === "escalate" && score.decision === "escalate" ? 1 : 0;
    counts.usableRewrites = usable && score.decision === "rewrite" ? 1 : 0;
  };

  const all = zeroCounts();
  draft(all);
  all.planted = score.counts.planted;
  all.caught = score.counts.caught;
  all.correctlyTyped = score.counts.correctlyTyped;
  all.marks = score.counts.marks;
  all.falseFlags = score.counts.falseFlags;
  if (usable && score.decision === "rewrite" && score.rewriteCheck) {
    all.fixPlanted = score.rewriteCheck.planted;
    all.flawsRemoved = score.rewriteCheck.removed;
  }
  all.points = points;
  all.timeOnTaskMs = timeOnTaskMs;

  const rows: RollupRow[] = [{ flawType: ALL_TYPES, counts: all }];
  for (const type of FLAW_TYPES) {
    const planted = score.flaws.filter((flaw) => flaw.type === type);
    const marked = marks.filter((mark) => mark.type === type).length;
    if (planted.length === 0 && marked === 0) continue;
    const counts = zeroCounts();
    if (planted.length > 0) draft(counts);
    counts.planted = planted.length;
    counts.caught = planted.filter((flaw) => flaw.status !== "missed").length;
    counts.correctlyTyped = planted.filter((flaw) => flaw.status === "caught").length;
    counts.marks = marked;
    counts.falseFlags = score.falseFlags.filter((flag) => flag.type === type).length;
    rows.push({ flawType: type, counts });
  }
  return rows;
}

/** Monday of the ISO week of an instant, in UTC, as YYYY-MM-DD. */
export function isoWeekStart(at: Date): string {
  const day = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  day.setUTCDate(day.getUTCDate() - sinceMonday);
  return day.toISOString().slice(0, 10);
}

/** The metric counts of a set of rollup rows (any teams, agents and weeks): the all-types rows give the draft counts, the type rows the per-type flaws. */
export function tallyOfRollups(rows: readonly (RollupCounts & { flawType: RollupKey })[]): Tally {
  const tally = emptyTally();
  for (const row of rows) {
    if (row.flawType === ALL_TYPES) {
      tally.attempts += row.attempts;
      tally.flawedDrafts += row.flawedDrafts;
      tally.cleanDrafts += row.cleanDrafts;
      tally.hits += row.hits;
      tally.misses += row.misses;
      tally.falseAlarms += row.falseAlarms;
      tally.correctRejections += row.correctRejections;
      tally.marks += row.marks;
      tally.falseFlags += row.falseFlags;
      tally.escalateExpected += row.escalateExpected;
      tally.escalatedWhenExpected += row.escalatedWhenExpected;
      tally.fixPlanted += row.fixPlanted;
      tally.flawsRemoved += row.flawsRemoved;
    } else {
      tally.plantedByType[row.flawType] += row.planted;
      tally.caughtByType[row.flawType] += row.caught;
    }
  }
  return tally;
}
