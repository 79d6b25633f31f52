import { describe, expect, it } from "vitest";
import { seededRandom } from "~/app/practice/seeded-random";
import { normalizeText, originalRange, type NormalizedText } from "~/app/text/normalize";

const normalized = (text: string) => normalizeText(text).text;

/** The original text behind the first occurrence of `found` in the normalised text. */
function originalOf(original: string, found: string): string {
  const result = normalizeText(original);
  const at = result.text.indexOf(found);
  if (at === -1) throw new Error(`${JSON.stringify(found)} not in ${JSON.stringify(result.text)}`);
  const range = originalRange(result, { start: at, end: at + found.length });
  return original.slice(range.start, range.end);
}

describe("normalizeText: format characters", () => {
  it.each([
    ["zero-width space", "\u200B"],
    ["zero-width non-joiner", "\u200C"],
    ["zero-width joiner", "\u200D"],
    ["word joiner", "\u2060"],
    ["byte order mark", "\uFEFF"],
    ["soft hyphen", "\u00AD"],
    ["function application (any other \\p{Cf})", "\u2061"],
    ["Mongolian vowel separator", "\u180E"],
  ])("removes the %s", (_name, char) => {
    expect(normalized(`45${char} days${char}`)).toBe("45 days");
    expect(normalized(`4${char}1${char}1${char}1`)).toBe("4111");
  });

  it("maps text around a removed character back exactly", () => {
    expect(originalOf("card 4111\u200B1111 ok", "41111111")).toBe("4111\u200B1111");
    expect(originalOf("a\u200Bb", "b")).toBe("b");
  });

  it("lets a letter compose with its accent across a removed character", () => {
    expect(normalized("cafe\u200B\u0301")).toBe(normalized("café"));
    expect(originalOf("cafe\u200B\u0301 ok", "é ok")).toBe("e\u200B\u0301 ok");
  });
});

describe("normalizeText: spaces", () => {
  it.each([
    ["no-break space", "\u00A0"],
    ["narrow no-break space", "\u202F"],
    ["ideographic space", "\u3000"],
    ["en space", "\u2002"],
    ["thin space", "\u2009"],
    ["tab", "\t"],
    ["line feed", "\n"],
    ["carriage return and line feed", "\r\n"],
    ["line separator", "\u2028"],
  ])("makes the %s a plain space", (_name, space) => {
    expect(normalized(`4111${space}1111`)).toBe("4111 1111");
  });

  it("collapses runs of spaces and drops them at either end", () => {
    expect(normalized(" \n\t Hi \u00A0\u3000 Dana,\n\n  thanks. \u200B ")).toBe("Hi Dana, thanks.");
    expect(normalized(" \u200B\n ")).toBe("");
  });

  it("maps a span across a collapsed run to the whole run", () => {
    expect(originalOf("Split 5425 2334\n   3010 9903 charged", "5425 2334 3010 9903")).toBe("5425 2334\n   3010 9903");
  });
});

describe("normalizeText: NFKC", () => {
  it("makes full-width digits, letters and punctuation ASCII, one unit for one", () => {
    const text = "番号：０１２３４５６７８９、ＡＢＣ！";
    expect(normalized(text)).toBe("番号:0123456789、ABC!");
    expect(originalOf(text, "0123456789")).toBe("０１２３４５６７８９");
    expect(originalOf(text, "5")).toBe("５");
  });

  it("maps both units of an expanded ligature back to it", () => {
    expect(normalized("ﬁne")).toBe("fine");
    expect(originalOf("a ﬁne day", "fine")).toBe("ﬁne");
    expect(originalOf("a ﬁne day", "i")).toBe("ﬁ");
  });

  it("maps a composed character back to the letter and its accent", () => {
    const text = "Cafe\u0301 ok";
    expect(normalized(text)).toBe("Café ok");
    expect(originalOf(text, "é")).toBe("e\u0301");
  });

  it("makes half-width katakana full width", () => {
    expect(normalized("ｶﾞｲﾄﾞ")).toBe("ガイド");
    expect(originalOf("ｶﾞｲﾄﾞ", "イ")).toBe("ｲ");
  });
});

describe("normalizeText: Japanese and emoji", () => {
  const draft = "田中様😀、ご連絡ありがとうございます。返品期間は４５日です[refunds.window]。🙇\u200D♀️よろしく\u200Bお願いします。";

  it("keeps surrogate pairs whole and maps them to both code units", () => {
    const result = normalizeText(draft);
    expect(result.text).toBe("田中様😀、ご連絡ありがとうございます。返品期間は45日です[refunds.window]。🙇♀️よろしくお願いします。");
    expect(originalOf(draft, "😀")).toBe("😀");
    expect(originalRange(result, { start: 3, end: 5 })).toEqual({ start: 3, end: 5 });
  });

  it("maps spans after emoji, a removed joiner and full-width digits back to UTF-16 offsets of the original", () => {
    expect(originalOf(draft, "45日")).toBe("４５日");
    expect(originalOf(draft, "[refunds.window]")).toBe("[refunds.window]");
    expect(originalOf(draft, "♀️よろしくお願い")).toBe("♀️よろしく\u200Bお願い");
    expect(originalOf(draft, "🙇♀️")).toBe("🙇\u200D♀️");
  });
});

describe("normalizeText: the offset map", () => {
  const ALPHABET = ["a", "B", "e", "4", " ", "  ", "\n", "\u00A0", "\u3000", "\u200B", "\u200D", "\u00AD", "\uFEFF", "\u0301", "\u0323", "５", "ﬁ", "ｶ", "ﾞ", "\u1100", "\u1161", "\u11A8", "😀", "🙇\u200D♀️", "返", "。", "[x.y]"];

  function randomText(random: () => number): string {
    return Array.from({ length: Math.floor(random() * 30) }, () => ALPHABET[Math.floor(random() * ALPHABET.length)] ?? "a").join("");
  }

  /** Offsets of the normalised text where one original piece ends and the next begins. */
  function boundaries(result: NormalizedText): number[] {
    const found = [0];
    for (let index = 1; index < result.text.length; index++) if (result.starts[index] !== result.starts[index - 1]) found.push(index);
    found.push(result.text.length);
    return found;
  }

  it("gives the text of the plain pipeline: format characters out, NFKC, spaces collapsed and trimmed", () => {
    const random = seededRandom(7);
    for (let run = 0; run < 400; run++) {
      const original = randomText(random);
      const plain = original.replace(/\p{Cf}/gu, "").normalize("NFKC").replace(/[\s\p{Z}]+/gu, " ").trim();
      expect(normalized(original), JSON.stringify(original)).toBe(plain);
    }
  });

  it("maps every span between piece boundaries to original text that normalises to the same span", () => {
    const random = seededRandom(12);
    for (let run = 0; run < 400; run++) {
      const original = randomText(random);
      const result = normalizeText(original);
      expect(result.starts).toHaveLength(result.text.length);
      for (let index = 0; index < result.text.length; index++) {
        expect(result.starts[index]).toBeLessThan(result.ends[index] ?? 0);
        if (index > 0) expect(result.starts[index]).toBeGreaterThanOrEqual(result.starts[index - 1] ?? 0);
      }
      const cuts = boundaries(result);
      for (let pair = 0; pair < 5 && cuts.length > 1; pair++) {
        const a = cuts[Math.floor(random() * cuts.length)] ?? 0;
        const b = cuts[Math.floor(random() * cuts.length)] ?? 0;
        const [start, end] = a <= b ? [a, b] : [b, a];
        const span = result.text.slice(start, end).trim();
        if (span === "" || span.length !== end - start) continue;
        const range = originalRange(result, { start, end });
        expect(normalized(original.slice(range.start, range.end)), JSON.stringify({ original, start, end })).toBe(span);
      }
    }
  });
});
