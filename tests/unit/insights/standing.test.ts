import { describe, expect, it } from "vitest";
import { proficiencySummary, tierCounts } from "~/app/insights/standing";

describe("a team's standing", () => {
  it("count tiers and the median time to proficiency over those who reached it", () => {
    expect(tierCounts(["associate", "advanced", "associate"])).toEqual({ associate: 2, advanced: 1, specialist: 0, coach: 0 });
    const at = new Date();
    expect(proficiencySummary([{ days: 10, drills: 40, reachedAt: at }, null, { days: 4, drills: 20, reachedAt: at }])).toEqual({ proficient: 2, agents: 3, medianDays: 7, medianDrills: 30 });
    expect(proficiencySummary([{ days: 3, drills: 21, reachedAt: at }])).toMatchObject({ medianDays: 3, medianDrills: 21 });
    expect(proficiencySummary([null])).toEqual({ proficient: 0, agents: 1, medianDays: null, medianDrills: null });
  });
});
