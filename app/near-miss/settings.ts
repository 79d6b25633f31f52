import { z } from "zod";

/** k of promise 4: counts from 1 to k − 1 are shown as "< k". */
export const DEFAULT_SMALL_CELL_K = 5;
export const SMALL_CELL_K_RANGE = { min: 2, max: 50 } as const;

export const StoredNearMissSettingsSchema = z.object({ k: z.int().min(SMALL_CELL_K_RANGE.min).max(SMALL_CELL_K_RANGE.max) });
export type NearMissSettings = z.infer<typeof StoredNearMissSettingsSchema>;

export const NearMissSettingsFormSchema = z.object({
  intent: z.literal("near-miss"),
  k: z
    .number({ error: `Enter k as a whole number from ${SMALL_CELL_K_RANGE.min} to ${SMALL_CELL_K_RANGE.max}, e.g. ${DEFAULT_SMALL_CELL_K}.` })
    .int(`Enter k as a whole number, e.g. ${DEFAULT_SMALL_CELL_K}.`)
    .min(SMALL_CELL_K_RANGE.min, `k must be at least ${SMALL_CELL_K_RANGE.min}: with k = 1 nothing would be hidden.`)
    .max(SMALL_CELL_K_RANGE.max, `k must be at most ${SMALL_CELL_K_RANGE.max}.`),
});
