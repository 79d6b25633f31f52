import { describe, expect, it } from "vitest";
import { unstorableCharacter } from "~/app/text/storable";

describe("unstorableCharacter", () => {
  it("finds what PostgreSQL cannot store", () => {
    expect(unstorableCharacter("ok\u0000then")).toBe("a NUL character");
    expect(unstorableCharacter("half \uD83D pair")).toMatch(/unpaired surrogate/);
    expect(unstorableCharacter("\uDE00 alone")).toMatch(/unpaired surrogate/);
  });

  it("accepts every real character, emoji and Japanese included", () => {
    expect(unstorableCharacter("返品は30日以内です 😀 \u200b zero-width is storable")).toBeNull();
    expect(unstorableCharacter("")).toBeNull();
  });
});
