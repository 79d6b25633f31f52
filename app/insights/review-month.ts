import { weekRange, type WeekRange } from "./filters";

/**
 * The month a monthly review covers, in the rollups' ISO weeks: a week belongs to the month that
 * holds its Thursday (as ISO 8601 assigns a week to a year), so every week is in exactly one month,
 * a month has four or five whole weeks, and the review's figures are exact sums of the rollups.
 */

export type ReviewMonth = { month: string; label: string; range: WeekRange; previous: { month: string; label: string; range: WeekRange } };

const MONTH = /^(\d{4})-(\d{2})$/;
const DAY_MS = 24 * 60 * 60 * 1000;
const day = (at: number) => new Date(at).toISOString().slice(0, 10);
const LABEL = new Intl.DateTimeFormat("en-GB", { month: "long", year: "numeric", timeZone: "UTC" });

function monthOf(at: Date): string {
  return at.toISOString().slice(0, 7);
}

function shiftMonth(month: string, by: number): string {
  const [year = 0, number = 1] = month.split("-").map(Number);
  return monthOf(new Date(Date.UTC(year, number - 1 + by, 1)));
}

/** The ISO weeks whose Thursday falls in `month` (YYYY-MM). */
export function monthWeeks(month: string): WeekRange {
  const [year = 0, number = 1] = month.split("-").map(Number);
  const first = Date.UTC(year, number - 1, 1);
  // The first Thursday of the month, then its week's Monday; the same for the last Thursday.
  const firstThursday = first + (((4 - new Date(first).getUTCDay() + 7) % 7) * DAY_MS);
  const next = Date.UTC(year, number, 1);
  const lastThursday = next - DAY_MS - (((new Date(next - DAY_MS).getUTCDay() - 4 + 7) % 7) * DAY_MS);
  return weekRange({ from: day(firstThursday - 3 * DAY_MS), to: day(lastThursday - 3 * DAY_MS) });
}

function reviewOf(month: string) {
  const [year = 0, number = 1] = month.split("-").map(Number);
  return { month, label: LABEL.format(new Date(Date.UTC(year, number - 1, 1))), range: monthWeeks(month) };
}

/**
 * The month asked for in `?month=YYYY-MM`: by default the last calendar month. A month that is not
 * a month, is before 2000 or whose first week has not begun yet is refused with a reason, and the
 * default is shown.
 */
export function parseReviewMonth(value: string | null, now = new Date()): ReviewMonth & { problem: string | null } {
  const fallback = shiftMonth(monthOf(now), -1);
  let month = fallback;
  let problem: string | null = null;
  if (value !== null && value !== "") {
    const match = MONTH.exec(value);
    const number = Number(match?.[2]);
    if (!match || number < 1 || number > 12) problem = `"${value.slice(0, 20)}" is not a month: use YYYY-MM, for example ${fallback}.`;
    else if (Number(match[1]) < 2000) problem = "Reviews start in 2000.";
    else if (monthWeeks(value).since > now) problem = `${value} has not begun yet.`;
    else month = value;
  }
  const previous = shiftMonth(month, -1);
  return { ...reviewOf(month), previous: reviewOf(previous), problem };
}
