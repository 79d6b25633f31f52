import type { AttemptSummary } from "./attempt-summary";
import { inverseNormalCdf } from "./normal";
import { overrides, tallyOf, type Tally } from "./tally";
import { byFlawType } from "./types";
import { FLAW_TYPES, type FlawType } from "~/app/vocabulary";

/**
 * The metrics of DESIGN "Metrics (one definition each, used everywhere)", over attempt
 * summaries or a tally of them (the insight rollups). A rate whose denominator is zero is null,
 * never NaN.
 */

export type Rate = number | null;

/** What every metric accepts: the attempts themselves, or their counts. */
export type Attempts = readonly AttemptSummary[] | Tally;

export function ratio(numerator: number, denominator: number): Rate {
  return denominator === 0 ? null : numerator / denominator;
}

const allTypes = (byType: Record<FlawType, number>) => FLAW_TYPES.reduce((total, type) => total + byType[type], 0);

/** error-spotting rate = caught flaws / planted flaws, overall and per planted flaw type. */
export function errorSpottingRate(attempts: Attempts): { overall: Rate; byType: Record<FlawType, Rate> } {
  const tally = tallyOf(attempts);
  return {
    overall: ratio(allTypes(tally.caughtByType), allTypes(tally.plantedByType)),
    byType: byFlawType((type) => ratio(tally.caughtByType[type], tally.plantedByType[type])),
  };
}

/** false-flag rate = false flags / marks. */
export function falseFlagRate(attempts: Attempts): Rate {
  const tally = tallyOf(attempts);
  return ratio(tally.falseFlags, tally.marks);
}

/** override rate = (rewrite + escalate) / decisions. */
export function overrideRate(attempts: Attempts): Rate {
  const tally = tallyOf(attempts);
  return ratio(overrides(tally), tally.attempts);
}

/**
 * production override rate = (edited − light edits + rejected) / suggestions, over ingested
 * AI-assist events: an edit below the light-edit threshold counts as accepted (productionTally in
 * app/production/tally.ts applies the threshold to the rollups).
 */
export function productionOverrideRate(tally: { suggestions: number; edited: number; lightEdits: number; rejected: number }): Rate {
  return ratio(tally.edited - tally.lightEdits + tally.rejected, tally.suggestions);
}

/** appropriate override rate = hits / flawed drafts. */
export function appropriateOverrideRate(attempts: Attempts): Rate {
  const tally = tallyOf(attempts);
  return ratio(tally.hits, tally.flawedDrafts);
}

/** unneeded override rate = false alarms / clean drafts. */
export function unneededOverrideRate(attempts: Attempts): Rate {
  const tally = tallyOf(attempts);
  return ratio(tally.falseAlarms, tally.cleanDrafts);
}

/**
 * fix rate = planted flaws removed by the rewrite / planted flaws, on usable rewrites of flawed
 * drafts (a summary carries fix counts only for those, see summariseAttempt).
 */
export function fixRate(attempts: Attempts): Rate {
  const tally = tallyOf(attempts);
  return ratio(tally.flawsRemoved, tally.fixPlanted);
}

/** escalation accuracy = drafts escalated where `expected: escalate` / such drafts. */
export function escalationAccuracy(attempts: Attempts): Rate {
  const tally = tallyOf(attempts);
  return ratio(tally.escalatedWhenExpected, tally.escalateExpected);
}

export type SignalDetection = {
  /** sensitivity d′ = z(H) − z(F) */
  dPrime: number;
  /** bias c = −(z(H) + z(F)) / 2; above 0 leans to accepting the AI, below 0 to overriding it */
  c: number;
  /** H = (hits + 0.5) / (flawed + 1) */
  hitRate: number;
  /** F = (false alarms + 0.5) / (clean + 1) */
  falseAlarmRate: number;
};

/**
 * d′ and c with the log-linear correction. Null unless there is at least one flawed and one
 * clean draft: the correction keeps z finite, but without both kinds there is nothing to
 * tell apart.
 */
export function signalDetection(attempts: Attempts): SignalDetection | null {
  const { flawedDrafts: flawed, cleanDrafts: clean, hits, falseAlarms } = tallyOf(attempts);
  if (flawed === 0 || clean === 0) return null;
  const hitRate = (hits + 0.5) / (flawed + 1);
  const falseAlarmRate = (falseAlarms + 0.5) / (clean + 1);
  const zH = inverseNormalCdf(hitRate);
  const zF = inverseNormalCdf(falseAlarmRate);
  return { dPrime: zH - zF, c: -(zH + zF) / 2, hitRate, falseAlarmRate };
}
