import { describe, expect, it } from "vitest";
import { findQuantities, numberStyleOf, writeNumber, wrongQuantity, type Quantity } from "~/app/studio/quantities";

const en = numberStyleOf("en");

function written(text: string, locale = "en"): { text: string; kind: string; low: number; high?: number }[] {
  return findQuantities(text, numberStyleOf(locale)).map((quantity) => ({ text: text.slice(quantity.start, quantity.end), kind: quantity.kind, low: quantity.low.value, ...(quantity.high ? { high: quantity.high.value } : {}) }));
}

describe("quantities in prose", () => {
  it("finds durations, percentages, amounts, ranges and conditions", () => {
    expect(written("a 30-day window, 15 % fee, $1,200 a month, 5–10 business days, 10 or more business days, 99.9% uptime")).toEqual([
      { text: "30-day", kind: "day", low: 30 },
      { text: "15 %", kind: "percent", low: 15 },
      { text: "$1,200", kind: "money:$", low: 1200 },
      { text: "5–10 business days", kind: "day", low: 5, high: 10 },
      { text: "10 or more business days", kind: "day", low: 10 },
      { text: "99.9%", kind: "percent", low: 99.9 },
    ]);
  });

  it("reads Japanese units and German, Spanish and French numbers, and leaves dates, ids and phone numbers alone", () => {
    expect(written("発行後5〜10営業日で、3月5日に、2026年に、24時間以内に")).toEqual([
      { text: "5〜10営業日", kind: "day", low: 5, high: 10 },
      { text: "24時間", kind: "hour", low: 24 },
    ]);
    expect(written("eine Gebühr von 9,95 € und 1.200 € binnen 14 Tagen", "de")).toEqual([
      { text: "9,95 €", kind: "money:€", low: 9.95 },
      { text: "1.200 €", kind: "money:€", low: 1200 },
      { text: "14 Tagen", kind: "day", low: 14 },
    ]);
    expect(written("de 3 a 5 días hábiles", "es")).toEqual([{ text: "3 a 5 días hábiles", kind: "day", low: 3, high: 5 }]);
    expect(written("INV-2026-00233, P2, (503) 555-0148, 31 March, order #100230198")).toEqual([]);
  });

  it("changes a value to the next round one up that the section does not state", () => {
    const section = findQuantities("within 30 calendar days, then 45 days for gifts, 14 days to ship", en);
    const change = (text: string) => wrongQuantity(findQuantities(text, en)[0] as Quantity, section);
    expect(change("30 days")).toEqual({ low: 60 });
    expect(change("60 minutes")).toEqual({ low: 90 });
    expect(change("99.9%")).toEqual({ low: 99.5 });
    expect(change("$9.95")).toEqual({ low: 14.95 });
    expect(change("3–5 business days")).toEqual({ low: 5, high: 7 });
    expect(change("100 %")).toEqual(undefined);
  });

  it("writes a number as the original was written", () => {
    const [grouped] = findQuantities("$1,200", en);
    const [german] = findQuantities("9,95 €", numberStyleOf("de"));
    expect(grouped && writeNumber(1500, grouped.low, en)).toBe("1,500");
    expect(german && writeNumber(14.95, german.low, numberStyleOf("de"))).toBe("14,95");
  });
});
