import { describe, expect, it } from "vitest";
import { CODE_ALPHABET, CODE_SYMBOLS, formatReceiptCode, newReceiptCode, parseReceiptCode, RANDOM_BITS } from "~/app/near-miss/receipt-code";

describe("receipt codes", () => {
  it("carry at least 128 random bits in 28 Crockford base32 symbols", () => {
    expect(RANDOM_BITS).toBeGreaterThanOrEqual(128);
    const code = newReceiptCode();
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{28}$/);
    expect(CODE_ALPHABET).toHaveLength(32);
    expect(new Set(CODE_ALPHABET).size).toBe(32);
    expect(CODE_ALPHABET).not.toMatch(/[ILOU]/);
  });

  it("are shown in seven groups of four", () => {
    const code = newReceiptCode();
    expect(formatReceiptCode(code)).toMatch(/^([0-9A-Z]{4}-){6}[0-9A-Z]{4}$/);
    expect(formatReceiptCode(code).replaceAll("-", "")).toBe(code);
  });

  it("are different every time and use every symbol evenly", () => {
    const codes = Array.from({ length: 2000 }, () => newReceiptCode());
    expect(new Set(codes).size).toBe(codes.length);
    const counts = new Map<string, number>();
    for (const code of codes) for (const symbol of code.slice(0, 26)) counts.set(symbol, (counts.get(symbol) ?? 0) + 1);
    expect(counts.size).toBe(32);
    // 52,000 symbols: about 1,625 each; a biased generator would be far outside ±15 %.
    for (const count of counts.values()) expect(Math.abs(count - 1625)).toBeLessThan(250);
  });

  it("use the random source given, five bits per byte", () => {
    const code = newReceiptCode((bytes) => bytes.fill(0xff));
    expect(code.slice(0, 26)).toBe("Z".repeat(26));
    expect(parseReceiptCode(code)).toEqual({ ok: true, code });
  });

  it("are read back whatever the case, spacing and hyphens, with look-alike letters", () => {
    const code = newReceiptCode();
    const formatted = formatReceiptCode(code);
    expect(parseReceiptCode(formatted)).toEqual({ ok: true, code });
    expect(parseReceiptCode(`  ${formatted.toLowerCase().replaceAll("-", " ")} `)).toEqual({ ok: true, code });
    const withZero = newReceiptCode((bytes) => bytes.fill(0));
    expect(parseReceiptCode(withZero.replaceAll("0", "O"))).toEqual({ ok: true, code: withZero });
    const withOne = newReceiptCode((bytes) => bytes.fill(1));
    expect(parseReceiptCode(withOne.replace(/1/g, "l"))).toEqual({ ok: true, code: withOne });
    expect(parseReceiptCode("７ＫＱＦ").ok).toBe(false);
  });

  it("catch every mistyped symbol and every swap of neighbours", () => {
    const code = newReceiptCode();
    for (let index = 0; index < CODE_SYMBOLS; index++) {
      for (const symbol of CODE_ALPHABET) {
        if (symbol === code[index]) continue;
        const typo = code.slice(0, index) + symbol + code.slice(index + 1);
        expect(parseReceiptCode(typo)).toEqual({ ok: false, problem: "check" });
      }
      if (index + 1 < CODE_SYMBOLS && code[index] !== code[index + 1]) {
        const swapped = code.slice(0, index) + code[index + 1] + code[index] + code.slice(index + 2);
        expect(parseReceiptCode(swapped)).toEqual({ ok: false, problem: "check" });
      }
    }
  });

  it("say what is wrong with something that is not a code", () => {
    expect(parseReceiptCode("")).toEqual({ ok: false, problem: "empty" });
    expect(parseReceiptCode(" - ")).toEqual({ ok: false, problem: "empty" });
    expect(parseReceiptCode("ABCD-EFGH")).toEqual({ ok: false, problem: "length" });
    expect(parseReceiptCode(`${newReceiptCode()}0`)).toEqual({ ok: false, problem: "length" });
    expect(parseReceiptCode("ABCD-EFGH-UUUU-!!!!")).toEqual({ ok: false, problem: "characters" });
  });
});
