import { TIERS, type OverrideBand } from "~/app/practice/metrics";
import type { BandSettings } from "~/app/settings/band-settings";
import { TIER_LABELS, type Outcome } from "~/app/vocabulary";
import { percent } from "~/app/format";
import type { BandFigure, Interval, RateFigure } from "./figures";
import type { ProficiencySummary, ReachedProficiency, TierCounts } from "./standing";

/** How the insights pages and exports put figures into words, in one place. */

export const BAND_LABELS: Record<OverrideBand, string> = {
  blind_acceptance_risk: "Blind-acceptance risk",
  calibrated: "Calibrated",
  distrust: "Distrust (or a weak AI)",
  not_enough_data: "Not enough data",
};

export { TIER_LABELS } from "~/app/vocabulary";

/** "Bands 5 %–30 %, at least 20 decisions (organisation default)": the settings a band was judged by. */
export function bandsNote(settings: BandSettings, source: string) {
  return `Bands ${percent(settings.low)}–${percent(settings.high)}, at least ${settings.minDecisions} decisions (${source})`;
}

/** A team's agents by tier ("Associate 38 · Advanced 4"), the empty tiers left out. */
export function tiersText(tiers: TierCounts): string {
  const held = TIERS.filter((tier) => tiers[tier] > 0).map((tier) => `${TIER_LABELS[tier]} ${tiers[tier]}`);
  return held.length === 0 ? "no active agents" : held.join(" · ");
}

export function proficiencyText(summary: ProficiencySummary): string {
  if (summary.medianDays === null || summary.medianDrills === null) return `nobody yet (0 of ${summary.agents})`;
  return `median ${summary.medianDrills} drills, ${summary.medianDays} days (${summary.proficient} of ${summary.agents} agents)`;
}

export function agentProficiencyText(proficiency: Omit<ReachedProficiency, "reachedAt"> | null): string {
  return proficiency ? `reached after ${proficiency.drills} drills, ${proficiency.days} days` : "not reached yet";
}

/** "42 % of 118", or "— (0)" when there is nothing to measure. */
export function rateText(figure: RateFigure, unit = ""): string {
  const of = unit ? `${figure.of} ${unit}` : String(figure.of);
  return figure.rate === null ? `— (of ${of})` : `${percent(figure.rate)} of ${of}`;
}

export function intervalText(interval: Interval | null): string | null {
  return interval ? `95 % interval ${Math.round(interval.low * 100)}–${Math.round(interval.high * 100)} %` : null;
}

/** The band in words; "not enough data" says how many decisions there were and how many it needs. */
export function bandText(band: BandFigure): string {
  return band.band === "not_enough_data" ? `${BAND_LABELS.not_enough_data} (${band.decisions} of ${band.minDecisions} decisions)` : BAND_LABELS[band.band];
}

/** A rate as a whole percent number for a CSV cell (the same rounding as on screen). */
export function percentCell(rate: number | null): number | null {
  return rate === null ? null : Math.round(rate * 100);
}

/** An attempt's outcome as a leader reads it (the agent's own feedback speaks to them). */
export const OUTCOME_LABELS: Record<Outcome, string> = {
  hit: "Stopped a flawed draft",
  miss: "Sent a flawed draft (blind acceptance)",
  false_alarm: "Overrode a clean draft (unneeded)",
  correct_rejection: "Sent a clean draft",
};

/** The change from last month's rate to this month's in percentage points ("+4 pts"), or "—" when either is missing. */
export function changeText(current: RateFigure, previous: RateFigure | null): string {
  const points = changePoints(current, previous);
  if (points === null) return "—";
  return points === 0 ? "no change" : `${points > 0 ? "+" : "−"}${Math.abs(points)} pts`;
}

/** The change from last month's rate to this month's in whole percentage points, or null when either is missing (a CSV cell: a number, never "+4"). */
export function changePoints(current: RateFigure, previous: RateFigure | null): number | null {
  if (current.rate === null || previous === null || previous.rate === null) return null;
  return Math.round(current.rate * 100) - Math.round(previous.rate * 100);
}
