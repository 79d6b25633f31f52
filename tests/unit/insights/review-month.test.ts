import { describe, expect, it } from "vitest";
import { isoWeekStart } from "~/app/insights/rollup-rows";
import { monthWeeks, parseReviewMonth } from "~/app/insights/review-month";
import { changeText } from "~/app/insights/words";
import { rateFigure } from "~/app/insights/figures";

describe("a review month's weeks", () => {
  it("are the ISO weeks whose Thursday falls in the month", () => {
    expect(monthWeeks("2026-11")).toMatchObject({ firstWeek: "2026-11-02", lastWeek: "2026-11-23", weeks: ["2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23"] });
    // December 2026 ends on a Thursday: its last week runs into January.
    expect(monthWeeks("2026-12")).toMatchObject({ firstWeek: "2026-11-30", lastWeek: "2026-12-28" });
    // 1 January 2026 is a Thursday: the week from Monday 29 December 2025 is January's.
    expect(monthWeeks("2026-01").firstWeek).toBe("2025-12-29");
    expect(monthWeeks("2026-11").until.toISOString()).toBe("2026-11-30T00:00:00.000Z");
  });

  it("put every week of a run of years in exactly one month, in order", () => {
    const weeks = Array.from({ length: 12 * 5 }, (_, i) => `${2024 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`).flatMap((month) => monthWeeks(month).weeks);
    expect(new Set(weeks).size).toBe(weeks.length);
    for (let i = 1; i < weeks.length; i++) expect(Date.parse(weeks[i] ?? "") - Date.parse(weeks[i - 1] ?? "")).toBe(7 * 86_400_000);
    expect(weeks[0]).toBe(isoWeekStart(new Date("2024-01-04T00:00:00Z")));
  });
});

describe("the month asked for", () => {
  const now = new Date("2026-12-01T09:00:00Z");

  it("is the last whole month by default, with the month before it to compare", () => {
    expect(parseReviewMonth(null, now)).toMatchObject({ month: "2026-11", label: "November 2026", previous: { month: "2026-10", label: "October 2026" }, problem: null });
    expect(parseReviewMonth("", new Date("2027-01-15T00:00:00Z"))).toMatchObject({ month: "2026-12", previous: { month: "2026-11" } });
    expect(parseReviewMonth("2026-01", now).previous.month).toBe("2025-12");
  });

  it("may be this month so far", () => {
    expect(parseReviewMonth("2026-12", now)).toMatchObject({ month: "2026-12", problem: null });
    // Monday 30 November 2026 starts December's first week (its Thursday is 3 December).
    expect(parseReviewMonth("2026-12", new Date("2026-11-30T06:00:00Z")).problem).toBeNull();
    expect(parseReviewMonth("2026-12", new Date("2026-11-29T23:00:00Z")).problem).toBe("2026-12 has not begun yet.");
  });

  it("refuses what is not a month, or one that has not begun, with the default shown", () => {
    for (const value of ["2026-13", "2026-00", "november", "2026-1", "2026-11-01", "２０２６-11", "2026-11\n"]) {
      const parsed = parseReviewMonth(value, now);
      expect(parsed.month, value).toBe("2026-11");
      expect(parsed.problem, value).toMatch(/is not a month: use YYYY-MM/);
    }
    expect(parseReviewMonth("2027-01", now).problem).toBe("2027-01 has not begun yet.");
    expect(parseReviewMonth("1999-12", now).problem).toBe("Reviews start in 2000.");
    expect(parseReviewMonth("x".repeat(5_000), now).problem?.length).toBeLessThan(100);
  });
});

describe("the change since last month", () => {
  it("is in whole percentage points, as the rates are shown", () => {
    expect(changeText(rateFigure(0.42, 100), rateFigure(0.38, 50))).toBe("+4 pts");
    expect(changeText(rateFigure(0.3, 100), rateFigure(0.5, 50))).toBe("−20 pts");
    expect(changeText(rateFigure(0.301, 100), rateFigure(0.299, 50))).toBe("no change");
    expect(changeText(rateFigure(0.3, 100), rateFigure(null, 0))).toBe("—");
    expect(changeText(rateFigure(null, 0), rateFigure(0.3, 10))).toBe("—");
    expect(changeText(rateFigure(0.3, 10), null)).toBe("—");
  });
});
