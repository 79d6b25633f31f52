import { z } from "zod";
import { DEFAULT_BAND_THRESHOLDS } from "~/app/practice/metrics";

/**
 * The override-rate band settings (DESIGN "Metrics"): thresholds `low` and `high` and the light-edit
 * threshold as shares (0–1), and the minimum decisions behind a band. The organisation sets the
 * defaults; a leader may override all four for a team they lead.
 */
export type BandSettings = { low: number; high: number; minDecisions: number; lightEdit: number };

export const DEFAULT_BAND_SETTINGS: BandSettings = { ...DEFAULT_BAND_THRESHOLDS, lightEdit: 0.2 };

/** Production edits are bucketed by 5 % of edit ratio, so the light-edit threshold moves in those steps. */
export const LIGHT_EDIT_STEP_PERCENT = 5;

/** The settings as a form shows them: percentages, and a whole number of decisions. */
export type BandSettingsPercent = { low: number; high: number; minDecisions: number; lightEdit: number };

/** What is wrong with a set of values, each at its field; empty when they are valid. */
export function bandSettingsProblems(values: BandSettingsPercent): { field: keyof BandSettingsPercent; message: string }[] {
  const problems: { field: keyof BandSettingsPercent; message: string }[] = [];
  const inPercent = (value: number) => Number.isFinite(value) && value >= 0 && value <= 100;
  if (!inPercent(values.low)) problems.push({ field: "low", message: "The lower bound must be between 0 and 100 %." });
  if (!inPercent(values.high)) problems.push({ field: "high", message: "The upper bound must be between 0 and 100 %." });
  else if (inPercent(values.low) && values.low >= values.high) problems.push({ field: "high", message: "The upper bound must be above the lower bound." });
  if (!Number.isInteger(values.minDecisions) || values.minDecisions < 1) problems.push({ field: "minDecisions", message: "The minimum must be a whole number of decisions, at least 1." });
  if (!inPercent(values.lightEdit) || values.lightEdit % LIGHT_EDIT_STEP_PERCENT !== 0) {
    problems.push({ field: "lightEdit", message: `The light-edit threshold must be 0 to 100 % in steps of ${LIGHT_EDIT_STEP_PERCENT} % (production edits are counted in ${LIGHT_EDIT_STEP_PERCENT} % steps).` });
  }
  return problems;
}

const percentField = (label: string) => z.number({ error: `Enter ${label} in percent, e.g. 5.` });

/** The band settings form; the same rules as the domain's (bandSettingsProblems). */
export const BandSettingsFormSchema = z
  .object({
    low: percentField("the lower bound"),
    high: percentField("the upper bound"),
    minDecisions: z.number({ error: "Enter the minimum number of decisions, e.g. 20." }),
    lightEdit: percentField("the light-edit threshold"),
  })
  .superRefine((values, context) => {
    for (const problem of bandSettingsProblems(values)) context.addIssue({ code: "custom", path: [problem.field], message: problem.message });
  });

const round = (value: number) => Math.round(value * 1e6) / 1e6;

export function toPercent(settings: BandSettings): BandSettingsPercent {
  return { low: round(settings.low * 100), high: round(settings.high * 100), minDecisions: settings.minDecisions, lightEdit: round(settings.lightEdit * 100) };
}

export function fromPercent(values: BandSettingsPercent): BandSettings {
  return { low: values.low / 100, high: values.high / 100, minDecisions: values.minDecisions, lightEdit: values.lightEdit / 100 };
}

/** Settings as stored (the `settings` table's JSON value). */
export const StoredBandSettingsSchema = z.object({
  low: z.number().min(0).max(1),
  high: z.number().min(0).max(1),
  minDecisions: z.int().min(1),
  lightEdit: z.number().min(0).max(1),
});
