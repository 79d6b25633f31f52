import { NEAR_MISS_CATEGORIES, type NearMissCategory } from "~/app/vocabulary";
import { isMonthClosed, monthOfWeek, previousMonth } from "./clocks";
import { suppressPeriod, type SuppressedPeriod } from "./suppression";

/**
 * The leaders' and the monthly review's figures: per closed month, the reports by category and by
 * team (with "no team given"), suppressed (see `suppression.ts`). Only what a report row holds is
 * used — its week, category and optional team — never drill or performance data.
 */

export type ReportFact = { week: string; category: NearMissCategory; teamId: number | null };
export type TeamRef = { id: number; name: string };

export const NO_TEAM = "none";
export const MONTHS_SHOWN = 12;

export type MonthFigures = { month: string; period: SuppressedPeriod };

/** The last `count` closed months, newest first. */
export function closedMonths({ now, count = MONTHS_SHOWN }: { now: Date; count?: number }): string[] {
  let month = now.toISOString().slice(0, 7);
  while (!isMonthClosed(month, now)) month = previousMonth(month);
  const months: string[] = [];
  for (let i = 0; i < count; i++, month = previousMonth(month)) months.push(month);
  return months;
}

/**
 * Every closed month of the window, whether or not it had reports, each suppressed on its own.
 * The team line covers every team of the organisation (and reports without a team), so it adds up
 * to the same total as the category line; a viewer is then shown only the rows of their teams.
 */
export function monthlyFigures({ reports, teams, now, k, months = MONTHS_SHOWN }: { reports: readonly ReportFact[]; teams: readonly TeamRef[]; now: Date; k: number; months?: number }): MonthFigures[] {
  const byMonth = new Map<string, ReportFact[]>();
  for (const report of reports) {
    const month = monthOfWeek(report.week);
    byMonth.set(month, [...(byMonth.get(month) ?? []), report]);
  }
  const teamKeys = [...teams.map((team) => String(team.id)), NO_TEAM];
  return closedMonths({ now, count: months }).map((month) => {
    const inMonth = byMonth.get(month) ?? [];
    const categoryCounts = new Map<NearMissCategory, number>();
    const teamCounts = new Map<string, number>();
    for (const report of inMonth) {
      categoryCounts.set(report.category, (categoryCounts.get(report.category) ?? 0) + 1);
      const team = report.teamId !== null && teamKeys.includes(String(report.teamId)) ? String(report.teamId) : NO_TEAM;
      teamCounts.set(team, (teamCounts.get(team) ?? 0) + 1);
    }
    const period = suppressPeriod({
      k,
      lines: [
        { id: "category", cells: NEAR_MISS_CATEGORIES.map((key) => ({ key, value: categoryCounts.get(key) ?? 0 })) },
        { id: "team", cells: teamKeys.map((key) => ({ key, value: teamCounts.get(key) ?? 0 })) },
      ],
    });
    return { month, period };
  });
}
