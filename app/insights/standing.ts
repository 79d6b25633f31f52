import type { Tier } from "~/app/practice/metrics";

/**
 * A team's tier distribution and median time to proficiency, from what each agent has stored: the
 * tier history (app/practice/tier-history.server.ts) and the time to proficiency once reached.
 */

export type TierCounts = Record<Tier, number>;

export function tierCounts(tiers: readonly Tier[]): TierCounts {
  const counts: TierCounts = { associate: 0, advanced: 0, specialist: 0, coach: 0 };
  for (const tier of tiers) counts[tier] += 1;
  return counts;
}

function median(values: readonly number[]): number | null {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? 0) + upper) / 2;
}

/** An agent's time to proficiency as stored when it was reached (agent_ratings, app/practice/ratings.server.ts). */
export type ReachedProficiency = { days: number; drills: number; reachedAt: Date };

export type ProficiencySummary = { proficient: number; agents: number; medianDays: number | null; medianDrills: number | null };

/** A team's median time to proficiency, over the agents who reached it. */
export function proficiencySummary(results: readonly (ReachedProficiency | null)[]): ProficiencySummary {
  const reached = results.filter((result): result is ReachedProficiency => result !== null);
  return {
    proficient: reached.length,
    agents: results.length,
    medianDays: median(reached.map((result) => result.days)),
    medianDrills: median(reached.map((result) => result.drills)),
  };
}
