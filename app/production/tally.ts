import type { AssistAction } from "~/app/vocabulary";

/**
 * The counts of production AI-assist events, as `assist_rollups` keeps them
 * (db/insights-schema.ts), and what a reader makes of them for a light-edit threshold. Edits are
 * kept in buckets of 5 % of edit ratio, so the threshold (a setting, in 5 % steps) applies when
 * the rows are read, never when they are written.
 */

export const EDIT_RATIO_BUCKETS = 20;

/** The bucket of an edit ratio: `i` holds ratios in [i/20, (i+1)/20); the last also holds 1. */
export function editRatioBucket(editRatio: number): number {
  return Math.max(0, Math.min(EDIT_RATIO_BUCKETS - 1, Math.floor(editRatio * EDIT_RATIO_BUCKETS)));
}

/** One rollup row's counts (any team, agent, week and suggestion kind). */
export type AssistCounts = {
  accepted: number;
  rejected: number;
  /** Edits the assistant reported no ratio for: never a light edit. */
  editedUnknownRatio: number;
  /** EDIT_RATIO_BUCKETS counts of edits by ratio. */
  editedByRatio: readonly number[];
};

export function emptyAssistCounts(): AssistCounts {
  return { accepted: 0, rejected: 0, editedUnknownRatio: 0, editedByRatio: Array.from({ length: EDIT_RATIO_BUCKETS }, () => 0) };
}

/** The counts one event adds to its rollup row. */
export function countsOfEvent(event: { action: AssistAction; editRatio: number | null }): AssistCounts {
  const counts = emptyAssistCounts();
  if (event.action === "accepted") return { ...counts, accepted: 1 };
  if (event.action === "rejected") return { ...counts, rejected: 1 };
  if (event.editRatio === null) return { ...counts, editedUnknownRatio: 1 };
  const bucket = editRatioBucket(event.editRatio);
  return { ...counts, editedByRatio: counts.editedByRatio.map((count, index) => (index === bucket ? count + 1 : count)) };
}

export function addAssistCounts(a: AssistCounts, b: AssistCounts): AssistCounts {
  return {
    accepted: a.accepted + b.accepted,
    rejected: a.rejected + b.rejected,
    editedUnknownRatio: a.editedUnknownRatio + b.editedUnknownRatio,
    editedByRatio: Array.from({ length: EDIT_RATIO_BUCKETS }, (_, bucket) => (a.editedByRatio[bucket] ?? 0) + (b.editedByRatio[bucket] ?? 0)),
  };
}

export type ProductionTally = {
  /** Every suggestion: accepted + edited + rejected. */
  suggestions: number;
  /** Suggestions sent as they were (light edits are counted under `edited` and `lightEdits`). */
  accepted: number;
  /** Every edit, light ones included. */
  edited: number;
  /** Edits whose ratio lies below the light-edit threshold: fixing a typo is not overriding the AI. */
  lightEdits: number;
  rejected: number;
  /** edited − light edits + rejected: the numerator of the production override rate. */
  overrides: number;
};

/**
 * How many buckets lie wholly below a light-edit threshold (0–1). The threshold is set in 5 %
 * steps; one between steps is taken at the nearest step, since the rollups cannot split a bucket.
 */
export function lightEditBuckets(lightEditThreshold: number): number {
  return Math.max(0, Math.min(EDIT_RATIO_BUCKETS, Math.round(lightEditThreshold * EDIT_RATIO_BUCKETS)));
}

/**
 * The production counts of rollup rows under a light-edit threshold: an edit whose ratio is below
 * it counts as accepted for the override rate (DESIGN "Metrics"); one at the threshold, above it,
 * or without a ratio is an override.
 */
export function productionTally(rows: readonly AssistCounts[], lightEditThreshold: number): ProductionTally {
  const light = lightEditBuckets(lightEditThreshold);
  let accepted = 0;
  let rejected = 0;
  let edited = 0;
  let lightEdits = 0;
  for (const row of rows) {
    accepted += row.accepted;
    rejected += row.rejected;
    edited += row.editedUnknownRatio;
    row.editedByRatio.forEach((count, bucket) => {
      edited += count;
      if (bucket < light) lightEdits += count;
    });
  }
  return { suggestions: accepted + edited + rejected, accepted, edited, lightEdits, rejected, overrides: edited - lightEdits + rejected };
}
