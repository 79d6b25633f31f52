import { describe, expect, it } from "vitest";
import { moveSentence, moveStop, rangeBetween, sentenceBounds, stopIndexes, tokenAt, tokenize } from "~/app/components/draft-tokens";

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

describe("moving by sentence, line and to either end", () => {
  const text = "Hi Derek, please calm down.\nThe $45 fee applies. I can book you a new slot [shipping.freight].\n\nBest regards,\nNorthwind";
  const tokens = tokenize(text);
  const stops = stopIndexes(tokens);
  const at = (word: string) => tokens.findIndex((t) => t.text === word);

  it("numbers sentences, a line break ending one too", () => {
    const sentences = [...new Set(tokens.filter((t) => t.stop).map((t) => t.sentence))];
    expect(sentences).toHaveLength(5);
    expect(tokens[at("The")]?.sentence).toBe(tokens[at("fee")]?.sentence);
    expect(tokens[at("Best")]?.sentence).not.toBe(tokens[at("Northwind")]?.sentence);
  });

  it("moves down to the next sentence's first word and up to this one's, then the previous one's", () => {
    expect(tokens[moveSentence(tokens, at("calm"), 1)]?.text).toBe("The");
    expect(tokens[moveSentence(tokens, at("The"), 1)]?.text).toBe("I");
    expect(tokens[moveSentence(tokens, at("fee"), -1)]?.text).toBe("The");
    expect(tokens[moveSentence(tokens, at("The"), -1)]?.text).toBe("Hi");
    const last = stops[stops.length - 1] ?? 0;
    expect(moveSentence(tokens, last, 1)).toBe(last);
    expect(moveSentence(tokens, stops[0] ?? 0, -1)).toBe(stops[0]);
  });

  it("knows where a sentence starts and ends", () => {
    const { first, last } = sentenceBounds(tokens, at("fee"));
    expect(rangeBetween(tokens, first, last)).toEqual({ start: text.indexOf("The"), end: text.indexOf("applies.") + "applies.".length });
  });

  it("reaches a word in the middle of a long draft in a few presses", () => {
    const long = Array.from({ length: 12 }, (_, i) => `Sentence number ${i + 1} has several words in it.`).join(" ");
    const longTokens = tokenize(long);
    let cursor = stopIndexes(longTokens)[0] ?? 0;
    for (let i = 0; i < 8; i++) cursor = moveSentence(longTokens, cursor, 1);
    for (let i = 0; i < 3; i++) cursor = moveStop(longTokens, cursor, 1);
    expect(longTokens[cursor]?.text).toBe("has");
    expect(long.slice(0, longTokens[cursor]?.start)).toMatch(/Sentence number 9 $/);
  });
});

describe("Japanese words, not kana", () => {
  const text = "お問い合わせいただきありがとうございます。未開封のトースターがキッチンの棚に収まらなかったとのこと、承知いたしました。\nNorthwind Home カスタマーサポート";
  const tokens = tokenize(text, "ja");
  const words = tokens.filter((t) => t.stop).map((t) => t.text);

  it("moves by word: no stop is a single kana", () => {
    expect(words.filter((w) => /^[\p{Script=Hiragana}\p{Script=Katakana}ー]$/u.test(w))).toEqual([]);
    for (const word of ["お問い合わせ", "ありがとうございます", "未開封の", "収まらなかったとのこと", "承知いたしました", "カスタマーサポート"]) expect(words).toContain(word);
  });

  it("still covers the text exactly, with a sentence per 。 and per line", () => {
    expect(tokens.map((t) => t.text).join("")).toBe(text);
    for (const token of tokens) expect(text.slice(token.start, token.end)).toBe(token.text);
    expect(new Set(tokens.filter((t) => t.stop).map((t) => t.sentence)).size).toBe(3);
  });

  it("keeps emoji whole", () => {
    const emoji = tokenize("😀返品は30日以内です。", "ja");
    expect(emoji.map((t) => t.text).join("")).toBe("😀返品は30日以内です。");
    expect(emoji.some((t) => t.text.includes("\ud83d") && !t.text.includes("😀"))).toBe(false);
  });
});
