import { describe, expect, it } from "vitest";
import { filterQuery, parseFilters, weekRange } from "~/app/insights/filters";

// A Wednesday.
const NOW = new Date("2026-11-25T10:00:00Z");
const parse = (query: string) => parseFilters(new URLSearchParams(query), NOW);

describe("insights filters", () => {
  it("cover the whole ISO weeks that hold the last 7, 30 or 90 days", () => {
    const week = parse("window=7");
    expect(week.filters).toMatchObject({ window: "7", from: "2026-11-19", to: "2026-11-25", teamIds: [], flawType: null });
    expect(week.range.weeks).toEqual(["2026-11-16", "2026-11-23"]);
    expect(week.range.since.toISOString()).toBe("2026-11-16T00:00:00.000Z");
    expect(week.range.until.toISOString()).toBe("2026-11-30T00:00:00.000Z");
    expect(parse("").range.weeks).toHaveLength(5);
    expect(parse("window=90").range.firstWeek).toBe("2026-08-24");
  });

  it("take custom dates, and fall back to 30 days with a reason when they are wrong", () => {
    const custom = parse("window=custom&from=2026-01-01&to=2026-01-31");
    expect(custom.problem).toBeNull();
    expect(custom.range.firstWeek).toBe("2025-12-29");
    expect(custom.range.lastWeek).toBe("2026-01-26");
    for (const query of ["window=custom", "window=custom&from=2026-02-30&to=2026-03-01", "window=custom&from=2026-03-01&to=2026-02-01", "window=custom&from=2020-01-01&to=2026-01-01"]) {
      const parsed = parse(query);
      expect(parsed.problem, query).toMatch(/showing the last 30 days/);
      expect(parsed.filters.window).toBe("30");
    }
  });

  it("read teams and a flaw type, ignore junk, and write the same query back", () => {
    const parsed = parse("team=2&team=5&team=2&type=tone&window=90");
    expect(parsed.filters.teamIds).toEqual([2, 5]);
    expect(parsed.filters.flawType).toBe("tone");
    expect(parse("team=abc&type=nonsense&window=365").filters).toMatchObject({ teamIds: [], flawType: null, window: "30" });
    expect(filterQuery(parsed.filters, { table: "teams" })).toBe("team=2&team=5&window=90&type=tone&table=teams");
    const custom = parse("window=custom&from=2026-01-01&to=2026-01-31");
    expect(parse(filterQuery(custom.filters)).filters).toEqual(custom.filters);
  });

  it("count one week for a window inside one week", () => {
    expect(weekRange({ from: "2026-11-23", to: "2026-11-29" }).weeks).toEqual(["2026-11-23"]);
  });
});
