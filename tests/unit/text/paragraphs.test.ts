import { describe, expect, it } from "vitest";
import { isCjk, paragraphs, softLineBreaks } from "~/app/text/paragraphs";

describe("paragraphs, as an email client shows them", () => {
  it("joins wrapped English lines with a space and splits at blank lines", () => {
    const text = "Hi,\n\nI bought the espresso machine and it was delivered on\n3 February. It leaks.  \n\n\nDana Whitfield\n";
    expect(paragraphs(text)).toEqual(["Hi,", "I bought the espresso machine and it was delivered on 3 February. It leaks.", "Dana Whitfield"]);
  });

  it("joins wrapped Japanese lines with nothing, and keeps a space next to Latin text", () => {
    expect(paragraphs("念のためマイナンバーを\nお送りします：735190462811\n最近の注文番号は #100243975 です。")).toEqual([
      "念のためマイナンバーをお送りします：735190462811 最近の注文番号は #100243975 です。",
    ]);
    expect(paragraphs("Northwind Home\nご担当者様")).toEqual(["Northwind Home ご担当者様"]);
  });

  it("keeps emoji (surrogate pairs) whole at a line break", () => {
    expect(paragraphs("Thanks 😀\nagain")).toEqual(["Thanks 😀 again"]);
    expect(paragraphs("ありがとう😀\nまた")).toEqual(["ありがとう😀 また"]);
  });

  it("knows CJK characters from the rest", () => {
    for (const c of ["漢", "か", "カ", "。", "ー", "（"]) expect(isCjk(c)).toBe(true);
    for (const c of ["a", "1", " ", "😀", "한", undefined]) expect(isCjk(c)).toBe(false);
  });
});

describe("soft line breaks in the draft", () => {
  it("keeps the length, so every offset still points at its character", () => {
    const draft = "Hi Dana,\n\nGood news: 45 days.\nBest regards,\nNorthwind\n";
    const shown = softLineBreaks(draft);
    expect(shown.length).toBe(draft.length);
    expect(shown).toBe("Hi Dana,\n\nGood news: 45 days. Best regards, Northwind\n");
  });

  it("joins Japanese lines with a zero-width space, which shows nothing", () => {
    const draft = "返品を承ることができます。\n未開封の商品は";
    expect(softLineBreaks(draft)).toBe("返品を承ることができます。\u200b未開封の商品は");
  });
});
