import { describe, expect, it } from "vitest";
import { safeRedirectTo } from "~/app/auth/redirect";

describe("safeRedirectTo", () => {
  it("keeps paths on this site, with their query and hash", () => {
    expect(safeRedirectTo("/progress")).toBe("/progress");
    expect(safeRedirectTo("/assignments/3?tab=agents#dana")).toBe("/assignments/3?tab=agents#dana");
    expect(safeRedirectTo("/%2F/evil.example")).toBe("/%2F/evil.example");
    expect(safeRedirectTo("/policies/返品")).toBe("/policies/%E8%BF%94%E5%93%81");
  });

  // Each of these is how a redirect leaves the site, in at least one browser.
  const corpus = [
    "https://evil.example/phish",
    "http:/evil.example",
    "//evil.example/phish",
    "/\\evil.example",
    "\\\\evil.example",
    "/\t/evil.example/phish",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "/ /evil.example".replace(" ", "\u0000"),
    "/\u007F/evil.example",
    "javascript:alert(1)",
    " /progress",
    "evil.example",
    "",
    "/".padEnd(3_000, "a"),
  ];
  it.each(corpus.map((value) => [JSON.stringify(value).slice(0, 40), value]))("refuses %s", (_label, value) => {
    expect(safeRedirectTo(value)).toBe("/");
  });

  it("refuses what is not a string", () => {
    expect(safeRedirectTo(undefined)).toBe("/");
    expect(safeRedirectTo(["/a"])).toBe("/");
  });
});
