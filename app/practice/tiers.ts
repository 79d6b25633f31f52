import type { AttemptSummary } from "./attempt-summary";
import { tallyOf, type Tally } from "./tally";
import { errorSpottingRate, falseFlagRate, unneededOverrideRate, type Rate } from "./rates";
import { MAX_FALSE_FLAG_RATE } from "./spotting-limit";
import { FLAW_TYPES, type FlawType, type Tier } from "~/app/vocabulary";
import { percent } from "~/app/format";

export { TIERS, type Tier } from "~/app/vocabulary";

/**
 * What reaching a tier takes, on top of every lower tier's rule (rules are cumulative, so
 * Coach = Specialist + a leader's nomination). Omitted fields are not required. Rates are over
 * the agent's most recent `rateWindow` attempts so that early mistakes do not count forever;
 * volume is all-time.
 */
export type TierRule = {
  tier: Exclude<Tier, "associate">;
  minAttempts?: number;
  minErrorSpotting?: number;
  /** Every flaw type's error-spotting rate must reach this … */
  minErrorSpottingPerType?: number;
  /** … on at least this many planted flaws of the type. */
  minPlantedPerType?: number;
  maxUnneededOverride?: number;
  requiresNomination?: boolean;
};

/** The seed rules; settings may replace them. */
export const DEFAULT_TIER_RULES: readonly TierRule[] = [
  { tier: "advanced", minAttempts: 40, minErrorSpotting: 0.7, maxUnneededOverride: 0.25 },
  {
    tier: "specialist",
    minAttempts: 150,
    minErrorSpotting: 0.85,
    minErrorSpottingPerType: 0.75,
    minPlantedPerType: 5,
    maxUnneededOverride: 0.15,
  },
  { tier: "coach", requiresNomination: true },
];

export const DEFAULT_RATE_WINDOW = 100;

/** Every agent's tier until the rules say otherwise: before their first counted attempt too. */
export const FIRST_TIER: Tier = "associate";

export type TierRequirement =
  | { kind: "attempts"; label: string; met: boolean; required: number; current: number }
  | { kind: "error_spotting"; label: string; met: boolean; required: number; current: Rate }
  | {
      kind: "flaw_type_error_spotting";
      label: string;
      met: boolean;
      flawType: FlawType;
      required: number;
      current: Rate;
      requiredPlanted: number;
      planted: number;
    }
  | { kind: "unneeded_overrides"; label: string; met: boolean; required: number; current: Rate }
  | { kind: "false_flags"; label: string; met: boolean; required: number; current: Rate }
  | { kind: "nomination"; label: string; met: boolean };

export type TierResult = {
  tier: Tier;
  /** The next tier and its unmet requirements; null at the top. */
  next: { tier: Tier; needs: TierRequirement[] } | null;
};

function shown(rate: Rate) {
  return rate === null ? "not measured yet" : percent(rate);
}

function requirementsOf({
  rule,
  attempts,
  recent,
  nominated,
}: {
  rule: TierRule;
  attempts: number;
  recent: Tally;
  nominated: boolean;
}): TierRequirement[] {
  const requirements: TierRequirement[] = [];
  const spotting = errorSpottingRate(recent);
  if (rule.minAttempts !== undefined) {
    const required = rule.minAttempts;
    requirements.push({ kind: "attempts", label: `Complete ${required} drills (done: ${attempts})`, met: attempts >= required, required, current: attempts });
  }
  if (rule.minErrorSpotting !== undefined) {
    const required = rule.minErrorSpotting;
    const current = spotting.overall;
    requirements.push({
      kind: "error_spotting",
      label: `Catch at least ${percent(required)} of planted flaws (now: ${shown(current)})`,
      met: current !== null && current >= required,
      required,
      current,
    });
  }
  if (rule.minErrorSpottingPerType !== undefined || rule.minPlantedPerType !== undefined) {
    const required = rule.minErrorSpottingPerType ?? 0;
    const requiredPlanted = rule.minPlantedPerType ?? 1;
    for (const flawType of FLAW_TYPES) {
      const planted = recent.plantedByType[flawType];
      const current = spotting.byType[flawType];
      requirements.push({
        kind: "flaw_type_error_spotting",
        label: `Catch at least ${percent(required)} of ${flawType.replaceAll("_", " ")} flaws over at least ${requiredPlanted} of them (now: ${shown(current)} of ${planted})`,
        met: current !== null && current >= required && planted >= requiredPlanted,
        flawType,
        required,
        current,
        requiredPlanted,
        planted,
      });
    }
  }
  if (rule.minErrorSpotting !== undefined || rule.minErrorSpottingPerType !== undefined) {
    // Error-spotting decides this tier, so the marks behind it must be precise.
    const current = falseFlagRate(recent);
    requirements.push({
      kind: "false_flags",
      label: `Keep false flags to at most ${percent(MAX_FALSE_FLAG_RATE)} of your marks (now: ${shown(current)})`,
      met: current === null || current <= MAX_FALSE_FLAG_RATE,
      required: MAX_FALSE_FLAG_RATE,
      current,
    });
  }
  if (rule.maxUnneededOverride !== undefined) {
    const required = rule.maxUnneededOverride;
    const current = unneededOverrideRate(recent);
    requirements.push({
      kind: "unneeded_overrides",
      label: `Override at most ${percent(required)} of clean drafts (now: ${shown(current)})`,
      met: current !== null && current <= required,
      required,
      current,
    });
  }
  if (rule.requiresNomination === true) {
    requirements.push({ kind: "nomination", label: "Be nominated by a leader", met: nominated });
  }
  return requirements;
}

/**
 * The agent's tier from `volume` (all-time first attempts) and `recent`, the tally of their latest
 * ones (at least a rate window's worth, or all): the highest tier whose rule, and every lower
 * tier's rule, is met. `rules` are in tier order. Also says what the next tier still needs. The
 * insights compute `recent` from weekly rollups, the agent's own pages from attempts (tierFor).
 */
export function tierOfTally({
  volume,
  recent,
  nominated = false,
  rules = DEFAULT_TIER_RULES,
}: {
  volume: number;
  recent: Tally;
  nominated?: boolean;
  rules?: readonly TierRule[];
}): TierResult {
  let tier: Tier = FIRST_TIER;
  for (const rule of rules) {
    const requirements = requirementsOf({ rule, attempts: volume, recent, nominated });
    const needs = requirements.filter((requirement) => !requirement.met);
    if (needs.length > 0) return { tier, next: { tier: rule.tier, needs } };
    tier = rule.tier;
  }
  return { tier, next: null };
}

/**
 * The agent's tier over their attempts: rates over the most recent `rateWindow` of them. `volume`
 * is the all-time number of attempts when `attempts` holds only the most recent ones (at least
 * `rateWindow` of them, or all); by default it is `attempts.length`.
 */
export function tierFor({
  attempts,
  volume = attempts.length,
  nominated = false,
  rules = DEFAULT_TIER_RULES,
  rateWindow = DEFAULT_RATE_WINDOW,
}: {
  attempts: readonly AttemptSummary[];
  volume?: number;
  nominated?: boolean;
  rules?: readonly TierRule[];
  rateWindow?: number;
}): TierResult {
  const recent = [...attempts].sort((a, b) => a.at.getTime() - b.at.getTime()).slice(-rateWindow);
  return tierOfTally({ volume, recent: tallyOf(recent), nominated, rules });
}
