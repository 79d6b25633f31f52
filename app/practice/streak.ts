import { DEFAULT_WORKING_DAYS, type Weekday } from "~/app/vocabulary";

/**
 * The day streak (DESIGN "Practice that sticks"): consecutive working days of the agent's team
 * with at least one attempt. Days that are not working days neither break nor extend it, so a
 * Friday and the Monday after are consecutive for a Monday–Friday team, and an attempt on a
 * Saturday changes nothing. Days are numbered from 1970-01-01 (day 0, a Thursday).
 */

const DAY_MS = 24 * 60 * 60 * 1000;

/** The ISO weekday (Monday 1 … Sunday 7) of a day number. */
function weekdayOf(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

function utcDayOf(at: Date): number {
  return Math.floor(at.getTime() / DAY_MS);
}

/**
 * The day number of an instant's calendar day in a time zone. Building an Intl.DateTimeFormat is
 * costly (it loads the zone's rules), so one is built per zone and reused for every instant.
 */
function calendarDayIn(timeZone: string): (at: Date) => number {
  if (timeZone === "UTC") return utcDayOf;
  const format = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
  return (at) => {
    const parts = format.formatToParts(at);
    const part = (type: "year" | "month" | "day") => Number(parts.find((p) => p.type === type)?.value);
    return Math.floor(Date.UTC(part("year"), part("month") - 1, part("day")) / DAY_MS);
  };
}

/** The working day before `day`, or null when the week has none. */
function previousWorkingDay(day: number, workingDays: readonly Weekday[]): number | null {
  for (let back = 1; back <= 7; back++) if (workingDays.some((w) => w === weekdayOf(day - back))) return day - back;
  return null;
}

function isWorkingDay(day: number, workingDays: readonly Weekday[]) {
  return workingDays.some((w) => w === weekdayOf(day));
}

/** Whether a working day lies strictly between two days. */
function workingDayBetween(from: number, to: number, workingDays: readonly Weekday[]) {
  const previous = previousWorkingDay(to, workingDays);
  return previous !== null && previous > from;
}

/**
 * Consecutive working days (calendar days in `timeZone`) with at least one attempt, ending today
 * when today is a working day with an attempt, otherwise ending on the working day before today
 * (the streak is still alive until the next working day ends without one).
 */
export function dayStreak(attemptDates: readonly Date[], now: Date, { workingDays = DEFAULT_WORKING_DAYS, timeZone = "UTC" }: { workingDays?: readonly Weekday[]; timeZone?: string } = {}): number {
  const calendarDay = calendarDayIn(timeZone);
  const days = new Set(attemptDates.filter((at) => at.getTime() <= now.getTime()).map(calendarDay));
  const today = calendarDay(now);
  let day = isWorkingDay(today, workingDays) && days.has(today) ? today : previousWorkingDay(today, workingDays);
  let streak = 0;
  while (day !== null && days.has(day)) {
    streak += 1;
    day = previousWorkingDay(day, workingDays);
  }
  return streak;
}

/** The day streak as it stood at the agent's latest attempt (`lastAt`), in UTC days; `days` null is not known yet. */
export type StoredStreak = { lastAt: Date; days: number | null };

/**
 * dayStreak (in UTC) from a streak kept as it stood at the latest attempt, which is at or before
 * `now`: still the same while no working day has passed since that attempt's day, 0 after one.
 */
export function storedDayStreak({ lastAt, days }: { lastAt: Date; days: number }, now: Date, workingDays: readonly Weekday[] = DEFAULT_WORKING_DAYS): number {
  return workingDayBetween(utcDayOf(lastAt), utcDayOf(now), workingDays) ? 0 : days;
}

/**
 * The stored streak after an attempt at `at` (UTC days): the same day keeps it; a later working
 * day adds one, or starts again at 1 when a working day without attempts lies between; a later
 * day off keeps it, or ends it (0) past such a working day; an earlier day (another instance's
 * clock) off work, or inside the streak, changes nothing, and so does one before the working day
 * just before the streak began. That working day may join the streak to an older run, and an
 * unknown streak has nothing to go on: then `days` is null, to be recounted from the attempts.
 */
export function nextStoredStreak({ stored, at, workingDays }: { stored: StoredStreak | null; at: Date; workingDays: readonly Weekday[] }): StoredStreak {
  if (stored === null) return { lastAt: at, days: null };
  const lastAt = at.getTime() > stored.lastAt.getTime() ? at : stored.lastAt;
  const { days } = stored;
  if (days === null) return { lastAt, days: null };
  const day = utcDayOf(at);
  const lastDay = utcDayOf(stored.lastAt);
  if (day === lastDay) return { lastAt, days };
  if (day > lastDay) {
    const gap = workingDayBetween(lastDay, day, workingDays);
    if (isWorkingDay(day, workingDays)) return { lastAt, days: gap ? 1 : days + 1 };
    return { lastAt, days: gap ? 0 : days };
  }
  if (!isWorkingDay(day, workingDays)) return { lastAt, days };
  // The working days from this one to the streak's last (the latest working day up to lastDay), counted up to one past the streak.
  let last: number | null = isWorkingDay(lastDay, workingDays) ? lastDay : previousWorkingDay(lastDay, workingDays);
  let counted = 0;
  while (last !== null && last >= day && counted <= days + 1) {
    counted += 1;
    last = previousWorkingDay(last, workingDays);
  }
  return { lastAt, days: counted === days + 1 ? null : days };
}

/**
 * How many days back from each ISO weekday (index 0 for Monday) the working day before it is: an
 * attempt that many days back or fewer keeps a walk back through the attempts inside the streak
 * (streakAttemptDates). 7 when the week has a single working day.
 */
export function daysBackToWorkingDay(workingDays: readonly Weekday[]): number[] {
  // 1970-01-05 (day 4) was a Monday.
  return [4, 5, 6, 7, 8, 9, 10].map((day) => day - (previousWorkingDay(day, workingDays) ?? day - 7));
}

/** The start (UTC) of the working day before `now`'s: an attempt before it cannot be in the streak at `now`. */
export function streakLiveSince(now: Date, workingDays: readonly Weekday[]): Date {
  const today = utcDayOf(now);
  return new Date((previousWorkingDay(today, workingDays) ?? today - 7) * DAY_MS);
}

/** Whether two sets of working days are the same days. */
export function sameWorkingDays(a: readonly number[], b: readonly number[]) {
  return a.length === b.length && a.every((day) => b.includes(day));
}
