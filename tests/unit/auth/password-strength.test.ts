import { describe, expect, it } from "vitest";
import { assertStrongPassword, weakPasswordReason } from "~/app/auth/password-strength.server";
import { InputError } from "~/app/input-error";

describe("weak passwords", () => {
  it.each([
    ["1234567890", /sequence|common/],
    ["aaaaaaaaaa", /repeats one character/],
    ["          ", /repeats one character/],
    ["password123", /common/],
    ["qwertyuiop", /row of keys|common|pattern/],
  ])("refuses %j with a reason", (password, reason) => {
    expect(weakPasswordReason(password)).toMatch(reason);
  });

  it("refuses a password built from the user's own name or email", () => {
    expect(weakPasswordReason("dana kim kim", ["dana.kim@northwind.example", "Dana Kim"])).toMatch(/contains your name or email/);
  });

  it("accepts passphrases and the demo password", () => {
    for (const password of ["correct horse battery", "a-strong-password", "redline-demo", "返品は三十日以内です"]) expect(weakPasswordReason(password)).toBeNull();
  });

  it("throws an InputError at the field", () => {
    expect(() => assertStrongPassword({ password: "1234567890", field: "newPassword", userInputs: [] })).toThrow(InputError);
    try {
      assertStrongPassword({ password: "1234567890", field: "newPassword", userInputs: [] });
    } catch (error) {
      expect(error).toMatchObject({ field: "newPassword", status: 400 });
    }
  });
});
