import { describe, expect, it } from "vitest";
import { percent } from "~/app/format";

describe("percent", () => {
  it("rounds a rate to whole percent with a space before the sign", () => {
    expect(percent(0.404)).toBe("40 %");
    expect(percent(0.405)).toBe("41 %");
    expect(percent(1)).toBe("100 %");
    expect(percent(0)).toBe("0 %");
  });

  it("shows a dash, or the given text, when there is nothing to measure", () => {
    expect(percent(null)).toBe("—");
    expect(percent(null, "not measured yet")).toBe("not measured yet");
    expect(percent(Number.NaN)).toBe("—");
  });
});
