import { describe, expect, it } from "vitest";
import { sentenceEndFrom, sentenceStartBefore } from "~/app/text/sentences";

describe("sentence ends", () => {
  it("end at . ! ? and their full-width forms, not inside numbers, addresses or citations", () => {
    const text = "It is 4.5 % [refunds.window], see example.com. Next! 次の文です。最後？";
    expect(text.slice(0, sentenceEndFrom(text, 0))).toBe("It is 4.5 % [refunds.window], see example.com");
    expect(text.slice(sentenceStartBefore(text, text.indexOf("最後")))).toBe("最後？");
    expect(text.slice(sentenceStartBefore(text, text.indexOf("次")))).toBe(" 次の文です。最後？");
  });

  it("do not end at a German date's ordinal, but do at a number ending a sentence", () => {
    const text = "Die Kündigung gilt zum 31. März. Es kostet $89. Shall I?";
    expect(text.slice(0, sentenceEndFrom(text, 0))).toBe("Die Kündigung gilt zum 31. März");
    expect(text.slice(sentenceStartBefore(text, text.indexOf("Shall")))).toBe(" Shall I?");
    expect(text.slice(sentenceStartBefore(text, text.indexOf("März")))).toBe("Die Kündigung gilt zum 31. März. Es kostet $89. Shall I?");
  });

  it("is the whole text when nothing ends", () => {
    expect(sentenceEndFrom("no end here 🙂", 0)).toBe("no end here 🙂".length);
    expect(sentenceStartBefore("no end here 🙂", 5)).toBe(0);
  });
});
