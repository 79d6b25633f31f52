import {
  DEFAULT_TIER_RULES,
  errorSpottingRate,
  falseFlagRate,
  MAX_FALSE_FLAG_RATE,
  unneededOverrideRate,
  type Tier,
  type TierRule,
} from "~/app/practice/metrics";
import type { Tally } from "~/app/practice/tally";
import { FLAW_TYPES } from "~/app/vocabulary";

/**
 * An agent's tier from tallies of their rollups, so a team's tier distribution costs one read of
 * rollup rows, never of attempts; and a team's median time to proficiency from what each agent has
 * stored. The tier rules are the practice domain's (tiers.ts), applied to a tally: the rollups hold
 * weeks, not attempts, so a tier's rates are over the latest whole weeks that hold the agent's last
 * 100 first attempts (tierFor: the last 100 attempts; standingTallies picks the weeks), its
 * volume over all weeks.
 */

/** Whether `volume` first attempts and the rates of `recent` meet one tier rule (tiers.ts requirementsOf, over a tally). */
function meetsRule({ rule, volume, recent }: { rule: TierRule; volume: number; recent: Tally }): boolean {
  const spotting = errorSpottingRate(recent);
  const atLeast = (rate: number | null, required: number) => rate !== null && rate >= required;
  if (rule.minAttempts !== undefined && volume < rule.minAttempts) return false;
  if (rule.minErrorSpotting !== undefined && !atLeast(spotting.overall, rule.minErrorSpotting)) return false;
  if (rule.minErrorSpottingPerType !== undefined || rule.minPlantedPerType !== undefined) {
    const required = rule.minErrorSpottingPerType ?? 0;
    const requiredPlanted = rule.minPlantedPerType ?? 1;
    if (!FLAW_TYPES.every((type) => atLeast(spotting.byType[type], required) && recent.plantedByType[type] >= requiredPlanted)) return false;
  }
  if (rule.minErrorSpotting !== undefined || rule.minErrorSpottingPerType !== undefined) {
    const falseFlags = falseFlagRate(recent);
    if (falseFlags !== null && falseFlags > MAX_FALSE_FLAG_RATE) return false;
  }
  if (rule.maxUnneededOverride !== undefined) {
    const unneeded = unneededOverrideRate(recent);
    if (unneeded === null || unneeded > rule.maxUnneededOverride) return false;
  }
  // Nobody can be nominated yet (docs/design.md), so a rule that needs it is never met.
  return rule.requiresNomination !== true;
}

/**
 * The highest tier whose rule, and every lower tier's, an agent meets with `volume` first attempts
 * in all and `recent` the tally of their latest ones (at least the rate window's worth, or all).
 */
export function tierOf({ volume, recent, rules = DEFAULT_TIER_RULES }: { volume: number; recent: Tally; rules?: readonly TierRule[] }): Tier {
  let tier: Tier = "associate";
  for (const rule of rules) {
    if (!meetsRule({ rule, volume, recent })) return tier;
    tier = rule.tier;
  }
  return tier;
}

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
