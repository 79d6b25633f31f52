import { z } from "zod";

/** Item-analysis figures appear from this many counted attempts on; below it the page says "not enough attempts". */
export const DEFAULT_MIN_ATTEMPTS = 20;
export const MIN_ATTEMPTS_RANGE = { min: 5, max: 1000 } as const;

export const StoredItemAnalysisSettingsSchema = z.object({ minAttempts: z.int().min(MIN_ATTEMPTS_RANGE.min).max(MIN_ATTEMPTS_RANGE.max) });
export type ItemAnalysisSettings = z.infer<typeof StoredItemAnalysisSettingsSchema>;

export const ItemAnalysisSettingsFormSchema = z.object({
  intent: z.literal("item-analysis"),
  minAttempts: z
    .number({ error: `Enter the minimum as a whole number of attempts from ${MIN_ATTEMPTS_RANGE.min} to ${MIN_ATTEMPTS_RANGE.max}, e.g. ${DEFAULT_MIN_ATTEMPTS}.` })
    .int(`Enter a whole number of attempts, e.g. ${DEFAULT_MIN_ATTEMPTS}.`)
    .min(MIN_ATTEMPTS_RANGE.min, `The minimum must be at least ${MIN_ATTEMPTS_RANGE.min} attempts: fewer say nothing about a drill.`)
    .max(MIN_ATTEMPTS_RANGE.max, `The minimum must be at most ${MIN_ATTEMPTS_RANGE.max} attempts.`),
});
