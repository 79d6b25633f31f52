import { describe, expect, it } from "vitest";
import { bandSettingsProblems, DEFAULT_BAND_SETTINGS, fromPercent, toPercent } from "~/app/settings/band-settings";

const valid = { low: 5, high: 30, minDecisions: 20, lightEdit: 20 };
const fields = (values: typeof valid) => bandSettingsProblems(values).map((problem) => problem.field);

describe("band settings rules", () => {
  it("take the defaults and the edges of each range", () => {
    expect(bandSettingsProblems(valid)).toEqual([]);
    expect(bandSettingsProblems({ low: 0, high: 100, minDecisions: 1, lightEdit: 0 })).toEqual([]);
    expect(bandSettingsProblems({ ...valid, low: 2.5, lightEdit: 100 })).toEqual([]);
  });

  it("refuse each bad value at its field", () => {
    expect(fields({ ...valid, low: 30, high: 30 })).toEqual(["high"]);
    expect(fields({ ...valid, low: 40 })).toEqual(["high"]);
    expect(fields({ ...valid, low: -1 })).toEqual(["low"]);
    expect(fields({ ...valid, high: 101 })).toEqual(["high"]);
    expect(fields({ ...valid, minDecisions: 0 })).toEqual(["minDecisions"]);
    expect(fields({ ...valid, minDecisions: 2.5 })).toEqual(["minDecisions"]);
    expect(fields({ ...valid, lightEdit: 12 })).toEqual(["lightEdit"]);
    expect(fields({ ...valid, lightEdit: 105 })).toEqual(["lightEdit"]);
  });

  it("convert between percentages and shares", () => {
    expect(toPercent(DEFAULT_BAND_SETTINGS)).toEqual(valid);
    expect(fromPercent(valid)).toEqual(DEFAULT_BAND_SETTINGS);
    expect(toPercent(fromPercent({ ...valid, low: 7 }))).toEqual({ ...valid, low: 7 });
  });
});
