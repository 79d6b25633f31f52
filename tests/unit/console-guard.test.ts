import { describe, expect, it } from "vitest";
import { expectConsole } from "~/tests/setup/console-guard";

describe("the console guard", () => {
  it("lets a test provoke the console message it expects", () => {
    expectConsole(/disk is full/);
    console.error("the disk is full");
    expect(true).toBe(true);
  });
});
