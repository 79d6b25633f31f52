import { ratio } from "./rates";
import { spottingIsEarned } from "./spotting-limit";
import type { Tally } from "./tally";
import { FLAW_TYPES, type FlawType } from "~/app/vocabulary";

/**
 * "What you improved this week" (DESIGN "Practice that sticks"): the flaw types whose
 * error-spotting rate this ISO week is at least 10 points above the agent's rate over the 4 ISO
 * weeks before it. Both sides need enough planted flaws of the type (3 this week, 5 before) so
 * that one lucky catch, or one unlucky week long ago, does not read as improvement; and this
 * week's marks must be precise enough for spotting to count (spottingIsEarned): marking
 * everything catches everything.
 */
export const IMPROVEMENT = { weeksBefore: 4, minPlantedThisWeek: 3, minPlantedBefore: 5, minRisePoints: 10 } as const;

export type Improvement = { flawType: FlawType; caught: number; planted: number; rate: number; rateBefore: number; plantedBefore: number };

/** The improved flaw types, the biggest rise first (then the most planted this week). */
export function improvedFlawTypes({ thisWeek, before }: { thisWeek: Tally; before: Tally }): Improvement[] {
  if (!spottingIsEarned(thisWeek)) return [];
  const improved = FLAW_TYPES.flatMap((flawType): Improvement[] => {
    const planted = thisWeek.plantedByType[flawType];
    const caught = thisWeek.caughtByType[flawType];
    const plantedBefore = before.plantedByType[flawType];
    const rate = ratio(caught, planted);
    const rateBefore = ratio(before.caughtByType[flawType], plantedBefore);
    if (rate === null || rateBefore === null || planted < IMPROVEMENT.minPlantedThisWeek || plantedBefore < IMPROVEMENT.minPlantedBefore) return [];
    // In whole percentage points, as the page shows them (percent), so the numbers shown always bear the rise out.
    return Math.round(rate * 100) - Math.round(rateBefore * 100) >= IMPROVEMENT.minRisePoints ? [{ flawType, caught, planted, rate, rateBefore, plantedBefore }] : [];
  });
  return improved.sort((a, b) => b.rate - b.rateBefore - (a.rate - a.rateBefore) || b.planted - a.planted);
}
