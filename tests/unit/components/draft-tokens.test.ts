import { describe, expect, it } from "vitest";
import { moveStop, rangeBetween, stopIndexes, tokenAt, tokenize } from "~/app/components/draft-tokens";

describe("tokenize", () => {
  it("covers the text exactly, with whitespace as non-stops", () => {
    const text = "Our return window is 45 days [refunds.window].\nThanks!";
    const tokens = tokenize(text);
    expect(tokens.map((t) => t.text).join("")).toBe(text);
    const stops = tokens.filter((t) => t.stop).map((t) => t.text);
    expect(stops).toContain("45");
    expect(stops).toContain("[");
    expect(stops).not.toContain(" ");
  });

  it("splits Japanese into words and keeps UTF-16 offsets with emoji", () => {
    const text = "😀返品は30日以内です。";
    const tokens = tokenize(text, "ja");
    expect(tokens.map((t) => t.text).join("")).toBe(text);
    const thirty = tokens.find((t) => t.text === "30");
    expect(thirty && text.slice(thirty.start, thirty.end)).toBe("30");
    expect(tokens.length).toBeGreaterThan(4);
  });
});

describe("cursor movement and ranges", () => {
  const tokens = tokenize("Please calm down, Dana.");
  const stops = stopIndexes(tokens);

  it("moves between stops and stays at the ends", () => {
    const first = stops[0] ?? 0;
    const second = moveStop(tokens, first, 1);
    expect(tokens[second]?.text).toBe("calm");
    expect(moveStop(tokens, first, -1)).toBe(first);
    const last = stops[stops.length - 1] ?? 0;
    expect(moveStop(tokens, last, 1)).toBe(last);
  });

  it("turns a token span into a character range in either direction", () => {
    const calm = tokens.findIndex((t) => t.text === "calm");
    const down = tokens.findIndex((t) => t.text === "down");
    expect(rangeBetween(tokens, down, calm)).toEqual({ start: 7, end: 16 });
    expect(tokenAt(tokens, 8)).toBe(calm);
  });
});
