import { TIERS } from "~/app/practice/metrics";
import type { Cell } from "./csv";
import type { ProductionFigure, RateFigure } from "./figures";
import type { MonthlyReview, ReviewNearMisses } from "./review.server";
import { bandText, changePoints, changeText, percentCell, TIER_LABELS } from "./words";

/**
 * The monthly review's tables as CSV rows: one row per row on the page, with its heading as the
 * first cell where the page heads a row in words, the rates as whole percents beside their counts
 * (as the insights exports write them) and a change as a signed number: of the count for a count,
 * of whole percentage points for a rate (a text "+4 pts" would be neutralised as a formula).
 */

export const REVIEW_TABLES = ["review-summary", "review-kinds", "review-types", "review-drills", "review-controls", "review-tiers", "review-near-miss-categories", "review-near-miss-teams"] as const;
export type ReviewTable = (typeof REVIEW_TABLES)[number];

/** The summary's rows, in the page's words: one definition for the page and its CSV. */
export const SUMMARY_FIGURES = {
  attempts: "First attempts",
  spotting: "Error-spotting",
  override: "Drill override rate",
  unneeded: "Unneeded overrides (clean drafts)",
  production: "Production override rate",
} as const;

/** "+3" or "−2": the change in a count. */
export const countChange = (current: number, previous: number) => `${current - previous >= 0 ? "+" : "−"}${Math.abs(current - previous)}`;

/** The change in a production override rate, "—" without this month's events. */
export const productionChange = (current: ProductionFigure | null, previous: ProductionFigure | null) => (current ? changeText(current.override, previous?.override ?? null) : "—");

const rateCells = (figure: RateFigure): Cell[] => [percentCell(figure.rate), figure.of];
const productionPoints = (current: ProductionFigure | null, previous: ProductionFigure | null) => (current ? changePoints(current.override, previous?.override ?? null) : null);
const productionCells = (production: ProductionFigure | null): Cell[] => (production ? [percentCell(production.override.rate), production.override.of, bandText(production.band)] : [null, null, null]);

export type ReviewTableRows = { header: string[]; rows: Cell[][] };

export function reviewTableRows({ table, review, nearMiss }: { table: ReviewTable; review: MonthlyReview | null; nearMiss: ReviewNearMisses | null }): ReviewTableRows {
  switch (table) {
    case "review-summary": {
      const header = ["figure", "this_month", "this_month_of", "this_month_band", "previous_month", "previous_month_of", "previous_month_band", "change"];
      // this_month and previous_month: the count of first attempts, otherwise a rate in whole percents of `_of`.
      if (!review) return { header, rows: [] };
      const { current, previous } = review;
      const [now, before] = [current.figures, previous.figures];
      return {
        header,
        rows: [
          [SUMMARY_FIGURES.attempts, now.attempts, null, null, before.attempts, null, null, now.attempts - before.attempts],
          [SUMMARY_FIGURES.spotting, ...rateCells(now.spotting), null, ...rateCells(before.spotting), null, changePoints(now.spotting, before.spotting)],
          [SUMMARY_FIGURES.override, ...rateCells(now.override), bandText(now.band), ...rateCells(before.override), bandText(before.band), changePoints(now.override, before.override)],
          [SUMMARY_FIGURES.unneeded, ...rateCells(now.unneeded), null, ...rateCells(before.unneeded), null, changePoints(now.unneeded, before.unneeded)],
          [SUMMARY_FIGURES.production, ...productionCells(current.production), ...productionCells(previous.production), productionPoints(current.production, previous.production)],
        ],
      };
    }
    case "review-kinds":
      return {
        header: ["suggestion_kind", "override_pct", "suggestions", "band", "previous_override_pct", "previous_suggestions", "previous_band", "change_pts"],
        rows: (review?.kinds ?? []).map((row) => [row.kind, ...productionCells(row.current), ...productionCells(row.previous), productionPoints(row.current, row.previous)]),
      };
    case "review-types":
      return {
        header: ["flaw_type", "planted", "missed", "error_spotting_pct", "previous_error_spotting_pct", "change_pts"],
        rows: (review?.types ?? []).map((row) => [row.flawType, row.planted, row.missed, percentCell(row.spotting.rate), row.previousSpotting ? percentCell(row.previousSpotting.rate) : null, changePoints(row.spotting, row.previousSpotting)]),
      };
    case "review-drills":
      return {
        header: ["drill_id", "drill", "first_attempts", "flaws_missed", "flaw_type", "missed_text", "times_planted", "times_missed", "policy_section", "policy_heading", "explanation"],
        rows: (review?.drills ?? []).flatMap((drill) => drill.flaws.map((flaw) => [drill.drillId, drill.title, drill.attempts, drill.missed, flaw.flawType, flaw.quote, flaw.planted, flaw.missed, flaw.policy?.anchor ?? null, flaw.policy?.heading ?? null, flaw.explanation])),
      };
    case "review-controls":
      return {
        header: ["drill_id", "control", "overridden_pct", "first_attempts"],
        rows: (review?.controls ?? []).map((row) => [row.drillId, row.title, percentCell(row.overridden.rate), row.overridden.of]),
      };
    case "review-tiers":
      return {
        header: ["from_tier", ...TIERS.map((tier) => `to_${tier}`)],
        rows: review ? TIERS.map((from) => [TIER_LABELS[from], ...TIERS.map((to) => review.tiers.from[from][to])]) : [],
      };
    case "review-near-miss-categories":
      return {
        header: ["category", "reports"],
        rows: !nearMiss?.total ? [] : [...nearMiss.categories.map((row) => [row.label, row.cell?.text ?? "hidden"]), ["All reports", nearMiss.total.text]],
      };
    case "review-near-miss-teams":
      return { header: ["team", "reports"], rows: !nearMiss?.total ? [] : nearMiss.teams.map((row) => [row.label, row.cell?.text ?? "hidden"]) };
  }
}
