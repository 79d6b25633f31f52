/**
 * Time in the near-miss channel. A report keeps only the ISO week it was filed in ("2026-W48",
 * weeks start on Monday, UTC), never a date or a time, so the clocks of promise 7 are computed
 * from the week, on the side of the reporter: the earliest moment the real deadline could fall.
 *
 * - acknowledgement due: the Monday after the week of filing (Monday of the week + 7 days), i.e.
 *   never later than 7 days after the report, whatever day of that week it came;
 * - feedback due: 3 calendar months after the Monday of the week of filing (the Directive counts
 *   3 months from the acknowledgement, or from the end of the 7 days; starting from the Monday is
 *   never later than either);
 * - a month of the aggregates is the month of the week's Thursday (the same rule that gives ISO
 *   weeks their year), and it is published only once its last week is over.
 *
 * All dates are UTC calendar days written YYYY-MM-DD.
 */

const WEEK = /^(\d{4})-W(\d{2})$/;
const DAY_MS = 24 * 60 * 60 * 1000;

export type IsoWeek = string;

function utcDay(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
}

function isoDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

function addDays(at: Date, days: number): Date {
  return new Date(at.getTime() + days * DAY_MS);
}

/** The ISO week a moment falls in, e.g. "2026-W48". */
export function isoWeekOf(at: Date): IsoWeek {
  const day = utcDay(at);
  const weekday = (day.getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  const thursday = addDays(day, 3 - weekday);
  const year = thursday.getUTCFullYear();
  const firstThursday = new Date(Date.UTC(year, 0, 4));
  const firstMonday = addDays(firstThursday, -((firstThursday.getUTCDay() + 6) % 7));
  const week = Math.floor((thursday.getTime() - firstMonday.getTime()) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(week).padStart(2, "0")}`;
}

export function isIsoWeek(value: string): boolean {
  const match = WEEK.exec(value);
  if (!match) return false;
  const week = Number(match[2]);
  return week >= 1 && week <= 53 && isoWeekOf(mondayOf(value)) === value;
}

/** The Monday (00:00 UTC) of an ISO week. */
export function mondayOf(week: IsoWeek): Date {
  const match = WEEK.exec(week);
  if (!match) throw new RangeError(`not an ISO week: ${week}`);
  const year = Number(match[1]);
  const firstThursday = new Date(Date.UTC(year, 0, 4));
  const firstMonday = addDays(firstThursday, -((firstThursday.getUTCDay() + 6) % 7));
  return addDays(firstMonday, (Number(match[2]) - 1) * 7);
}

/** The Monday of a week as YYYY-MM-DD. */
export function weekStartDay(week: IsoWeek): string {
  return isoDay(mondayOf(week));
}

/** The month (YYYY-MM) a week counts in: its Thursday's. */
export function monthOfWeek(week: IsoWeek): string {
  return isoDay(addDays(mondayOf(week), 3)).slice(0, 7);
}

/** Adds calendar months, ending on the month's last day when it is shorter (31 Jan + 1 month = 28/29 Feb). */
function addMonths(at: Date, months: number): Date {
  const target = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  return new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth(), Math.min(at.getUTCDate(), lastDay)));
}

export const ACKNOWLEDGE_WITHIN_DAYS = 7;
export const FEEDBACK_WITHIN_MONTHS = 3;

/** The day by which a report filed in `week` must be acknowledged. */
export function acknowledgementDue(week: IsoWeek): string {
  return isoDay(addDays(mondayOf(week), ACKNOWLEDGE_WITHIN_DAYS));
}

/** The day by which a report filed in `week` must get feedback. */
export function feedbackDue(week: IsoWeek): string {
  return isoDay(addMonths(mondayOf(week), FEEDBACK_WITHIN_MONTHS));
}

export type ClockState = { due: string; state: "done" | "due" | "due_soon" | "overdue"; daysLeft: number };

/** Days before a due date from which the inbox flags it. */
export const DUE_SOON_DAYS = 2;

/** Where one clock stands on `today`: met (done), still running, due within two days, or overdue (the due day has passed). */
export function clockState({ due, done, now }: { due: string; done: boolean; now: Date }): ClockState {
  const daysLeft = Math.round((new Date(`${due}T00:00:00Z`).getTime() - utcDay(now).getTime()) / DAY_MS);
  if (done) return { due, state: "done", daysLeft };
  if (daysLeft < 0) return { due, state: "overdue", daysLeft };
  return { due, state: daysLeft <= DUE_SOON_DAYS ? "due_soon" : "due", daysLeft };
}

export type ReportClocks = { acknowledgement: ClockState; feedback: ClockState };

export function reportClocks({ week, acknowledged, feedbackGiven, now }: { week: IsoWeek; acknowledged: boolean; feedbackGiven: boolean; now: Date }): ReportClocks {
  return {
    acknowledgement: clockState({ due: acknowledgementDue(week), done: acknowledged, now }),
    feedback: clockState({ due: feedbackDue(week), done: feedbackGiven, now }),
  };
}

/** The last day (a Sunday) of the last ISO week that counts in `month` (YYYY-MM). */
export function lastDayOfMonthWeeks(month: string): string {
  const [year, monthNumber] = month.split("-").map(Number);
  const lastDay = new Date(Date.UTC(year ?? 0, monthNumber ?? 1, 0));
  // The week holding the month's last Thursday is its last week.
  const lastThursday = addDays(lastDay, -((lastDay.getUTCDay() - 4 + 7) % 7));
  return isoDay(addDays(lastThursday, 3));
}

/** A month of the aggregates is closed (final, publishable) once every week counted in it is over. */
export function isMonthClosed(month: string, now: Date): boolean {
  return isoDay(utcDay(now)) > lastDayOfMonthWeeks(month);
}

/** The weeks counted in a month, in order. */
export function weeksOfMonth(month: string): IsoWeek[] {
  const [year, monthNumber] = month.split("-").map(Number);
  const first = new Date(Date.UTC(year ?? 0, (monthNumber ?? 1) - 1, 1));
  const firstThursday = addDays(first, (4 - first.getUTCDay() + 7) % 7);
  const weeks: IsoWeek[] = [];
  for (let thursday = firstThursday; isoDay(thursday).slice(0, 7) === month; thursday = addDays(thursday, 7)) weeks.push(isoWeekOf(thursday));
  return weeks;
}

/** The month before a YYYY-MM month. */
export function previousMonth(month: string): string {
  const [year, monthNumber] = month.split("-").map(Number);
  return isoDay(new Date(Date.UTC(year ?? 0, (monthNumber ?? 1) - 2, 1))).slice(0, 7);
}
