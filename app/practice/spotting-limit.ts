import { falseFlagRate, type Attempts } from "./rates";

/**
 * Covering a draft in small marks is not spotting (DESIGN "An attempt and how it is scored"):
 * wherever an error-spotting rate decides something — tiers, time to proficiency, weak flaw
 * types, leaders' figures — the false-flag rate over the same attempts must be at most this.
 */
export const MAX_FALSE_FLAG_RATE = 0.2;

/** Whether these attempts' (or their tally's) error-spotting may decide anything: their false flags are within the limit (no marks at all is within it). */
export function spottingIsEarned(attempts: Attempts): boolean {
  const rate = falseFlagRate(attempts);
  return rate === null || rate <= MAX_FALSE_FLAG_RATE;
}
