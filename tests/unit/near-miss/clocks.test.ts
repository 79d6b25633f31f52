import { describe, expect, it } from "vitest";
import {
  acknowledgementDue,
  clockState,
  feedbackDue,
  isIsoWeek,
  isMonthClosed,
  isoWeekOf,
  lastDayOfMonthWeeks,
  mondayOf,
  monthOfWeek,
  reportClocks,
  weeksOfMonth,
  weekStartDay,
} from "~/app/near-miss/clocks";

const day = (iso: string) => new Date(`${iso}T12:00:00Z`);

describe("ISO weeks", () => {
  it.each([
    ["2026-11-30", "2026-W49"],
    ["2026-12-06", "2026-W49"],
    ["2027-01-01", "2026-W53"],
    ["2027-01-04", "2027-W01"],
    ["2024-12-30", "2025-W01"],
    ["2021-01-03", "2020-W53"],
    ["2026-03-01", "2026-W09"],
  ])("%s is in %s", (date, week) => {
    expect(isoWeekOf(day(date))).toBe(week);
    expect(isoWeekOf(new Date(`${date}T00:00:00Z`))).toBe(week);
    expect(isoWeekOf(new Date(`${date}T23:59:59.999Z`))).toBe(week);
  });

  it("start on Monday", () => {
    expect(weekStartDay("2026-W49")).toBe("2026-11-30");
    expect(weekStartDay("2026-W53")).toBe("2026-12-28");
    expect(weekStartDay("2025-W01")).toBe("2024-12-30");
    expect(mondayOf("2026-W01").getUTCDay()).toBe(1);
  });

  it("are recognised only when they exist", () => {
    expect(isIsoWeek("2026-W53")).toBe(true);
    expect(isIsoWeek("2025-W53")).toBe(false);
    expect(isIsoWeek("2026-W00")).toBe(false);
    expect(isIsoWeek("2026-12-01")).toBe(false);
    expect(isIsoWeek("2026-W1")).toBe(false);
  });

  it("count in the month of their Thursday", () => {
    expect(monthOfWeek("2026-W49")).toBe("2026-12"); // Mon 30 Nov, Thu 3 Dec
    expect(monthOfWeek("2026-W48")).toBe("2026-11");
    expect(monthOfWeek("2026-W53")).toBe("2026-12"); // Thu 31 Dec
    expect(monthOfWeek("2025-W01")).toBe("2025-01"); // Mon 30 Dec 2024, Thu 2 Jan
    expect(weeksOfMonth("2026-12")).toEqual(["2026-W49", "2026-W50", "2026-W51", "2026-W52", "2026-W53"]);
    expect(weeksOfMonth("2026-11")).toEqual(["2026-W45", "2026-W46", "2026-W47", "2026-W48"]);
    for (const month of ["2026-01", "2026-02", "2026-03", "2027-01"]) for (const week of weeksOfMonth(month)) expect(monthOfWeek(week)).toBe(month);
  });

  it("close a month once its last week is over", () => {
    expect(lastDayOfMonthWeeks("2026-11")).toBe("2026-11-29");
    expect(lastDayOfMonthWeeks("2026-12")).toBe("2027-01-03");
    expect(isMonthClosed("2026-11", day("2026-11-29"))).toBe(false);
    expect(isMonthClosed("2026-11", day("2026-11-30"))).toBe(true);
    expect(isMonthClosed("2026-12", day("2026-12-31"))).toBe(false);
    expect(isMonthClosed("2026-12", day("2027-01-04"))).toBe(true);
  });
});

describe("the clocks of promise 7, from the week only", () => {
  it("acknowledgement is due on the Monday after the week of filing", () => {
    expect(acknowledgementDue("2026-W49")).toBe("2026-12-07");
    // Whatever day of the week the report came, that is never later than 7 days after it.
    for (const filed of ["2026-11-30", "2026-12-02", "2026-12-06"]) {
      const latest = new Date(day(filed).getTime() + 7 * 86_400_000).toISOString().slice(0, 10);
      expect(acknowledgementDue(isoWeekOf(day(filed))) <= latest).toBe(true);
    }
  });

  it("feedback is due 3 calendar months after the Monday of the week, at most the month's last day", () => {
    expect(feedbackDue("2026-W49")).toBe("2027-02-28"); // 30 Nov + 3 months: there is no 30 Feb
    expect(feedbackDue("2026-W48")).toBe("2027-02-23");
    expect(feedbackDue("2027-W01")).toBe("2027-04-04");
    expect(feedbackDue("2027-W48")).toBe("2028-02-29");
  });

  it("a clock is due, due soon, overdue or done", () => {
    expect(clockState({ due: "2026-12-07", done: false, now: day("2026-12-01") })).toEqual({ due: "2026-12-07", state: "due", daysLeft: 6 });
    expect(clockState({ due: "2026-12-07", done: false, now: day("2026-12-05") }).state).toBe("due_soon");
    expect(clockState({ due: "2026-12-07", done: false, now: day("2026-12-07") })).toMatchObject({ state: "due_soon", daysLeft: 0 });
    expect(clockState({ due: "2026-12-07", done: false, now: day("2026-12-08") })).toMatchObject({ state: "overdue", daysLeft: -1 });
    expect(clockState({ due: "2026-12-07", done: true, now: day("2026-12-20") }).state).toBe("done");
  });

  it("a report's two clocks", () => {
    expect(reportClocks({ week: "2026-W49", acknowledged: true, feedbackGiven: false, now: day("2027-03-01") })).toEqual({
      acknowledgement: { due: "2026-12-07", state: "done", daysLeft: -84 },
      feedback: { due: "2027-02-28", state: "overdue", daysLeft: -1 },
    });
  });
});
