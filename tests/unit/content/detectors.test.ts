import { describe, expect, it } from "vitest";
import { detect, DETECTOR_IDS, type DetectorId } from "~/app/content/detectors";
import { myNumberCheckDigit } from "~/app/content/detectors/jp-my-number";
import { isLuhnValid } from "~/app/content/detectors/payment-card";

/** What `detect` finds, as [category, the matched text] pairs. */
function found(text: string, only?: readonly DetectorId[]): [DetectorId, string][] {
  return detect(text, only).map((span) => [span.category, text.slice(span.start, span.end)]);
}

/** Look-alikes that no detector may report. */
const LOOK_ALIKES = [
  "Your order #100234598 has shipped.",
  "Order ORD-2026-004512 is on its way.",
  "UPS tracking 1Z999AA10123456784",
  "Tracking number JD014600003828447291",
  "Delivered on 2026-03-01.",
  "Delivered on 03/01/2026.",
  "2026年3月1日にお届けしました。",
  "The total was $1,299.00 including tax.",
  "合計は¥12,800です。",
  "Invoice INV-2026-00871 is attached.",
  "The number 4111 1111 1111 1112 fails the Luhn check.",
  "Reset your password from the settings page.",
  "Your password is incorrect.",
  "Call us about order 5521 arrived 12 March.",
  "Version 2026.03.01 of the policy.",
];

describe("detect: look-alikes", () => {
  it.each(LOOK_ALIKES)("finds nothing in %j", (text) => {
    expect(found(text)).toEqual([]);
  });
});

describe("payment_card", () => {
  it.each([
    ["Card 4111 1111 1111 1111 on file", "4111 1111 1111 1111"],
    ["Card 4111-1111-1111-1111 on file", "4111-1111-1111-1111"],
    ["Card 4111111111111111.", "4111111111111111"],
    ["Amex 3782 822463 10005 is on file", "3782 822463 10005"],
    ["Split across a line: 5425 2334\n3010 9903 was charged", "5425 2334\n3010 9903"],
    ["カード番号4111111111111111です", "4111111111111111"],
    ["カード番号は４１１１ １１１１ １１１１ １１１１です", "４１１１ １１１１ １１１１ １１１１"],
  ])("finds the card in %j", (text, card) => {
    expect(found(text, ["payment_card"])).toEqual([["payment_card", card]]);
  });

  it.each([
    "4111 1111 1111 1112",
    "ID 41111111111111110000",
    "X4111111111111111",
    "4111111111111111Y",
    "order #4111111111111111",
    "REF-4111111111111111",
    "0000 0000 0000 0000",
    "12 March, 14 days, 3 items",
    "1234 5678 9012",
  ])("finds nothing in %j", (text) => {
    expect(found(text, ["payment_card"])).toEqual([]);
  });

  it("keeps UTF-16 offsets after emoji and Japanese text", () => {
    const text = "😀🎉 カードは 4111 1111 1111 1111 です";
    const [span] = detect(text, ["payment_card"]);
    expect(span).toEqual({ start: text.indexOf("4111"), end: text.indexOf(" です"), category: "payment_card" });
  });

  it("finds a card followed by another number", () => {
    expect(found("4111 1111 1111 1111 2026", ["payment_card"])).toEqual([["payment_card", "4111 1111 1111 1111"]]);
  });

  it("implements Luhn", () => {
    expect(isLuhnValid("4111111111111111")).toBe(true);
    expect(isLuhnValid("4111111111111112")).toBe(false);
    expect(isLuhnValid("378282246310005")).toBe(true);
  });
});

describe("iban", () => {
  it.each([
    ["IBAN DE89 3704 0044 0532 0130 00, thanks", "DE89 3704 0044 0532 0130 00"],
    ["IBAN DE89370400440532013000.", "DE89370400440532013000"],
    ["Send to GB82 WEST 1234 5698 7654 32 AND confirm", "GB82 WEST 1234 5698 7654 32"],
    ["口座はDE89370400440532013000です", "DE89370400440532013000"],
  ])("finds the IBAN in %j", (text, iban) => {
    expect(found(text, ["iban"])).toEqual([["iban", iban]]);
  });

  it.each(["DE89 3704 0044 0532 0130 01", "GB82WEST12345698765431", "XX12 3456 7890 1234 56", "ISBN 9780306406157"])(
    "finds nothing in %j",
    (text) => {
      expect(found(text, ["iban"])).toEqual([]);
    },
  );

  it("finds each of two IBANs written one after the other", () => {
    expect(found("DE89 3704 0044 0532 0130 00 GB82 WEST 1234 5698 7654 32", ["iban"])).toEqual([
      ["iban", "DE89 3704 0044 0532 0130 00"],
      ["iban", "GB82 WEST 1234 5698 7654 32"],
    ]);
    expect(found("DE89370400440532013000 GB82WEST12345698765432 DE89 3704", ["iban"])).toEqual([
      ["iban", "DE89370400440532013000"],
      ["iban", "GB82WEST12345698765432"],
    ]);
  });

  it("keeps UTF-16 offsets after emoji", () => {
    const text = "👋🏽 IBAN: GB82WEST12345698765432";
    expect(detect(text, ["iban"])).toEqual([{ start: text.indexOf("GB82"), end: text.length, category: "iban" }]);
  });
});

describe("us_ssn", () => {
  it.each([
    ["SSN 512-44-7381 on file", "512-44-7381"],
    ["It is 512 44 7381.", "512 44 7381"],
    ["My social security number is 512447381", "512447381"],
    ["SSN: 512447381", "512447381"],
  ])("finds the SSN in %j", (text, ssn) => {
    expect(found(text, ["us_ssn"])).toEqual([["us_ssn", ssn]]);
  });

  it.each([
    "000-12-3456",
    "666-12-3456",
    "912-12-3456",
    "512-00-3456",
    "512-44-0000",
    "Reference 512447381",
    "512-44 7381",
    "A512-44-7381",
    "512-44-7381-22",
    "12 512 44 7381",
  ])("finds nothing in %j", (text) => {
    expect(found(text, ["us_ssn"])).toEqual([]);
  });

  it("keeps UTF-16 offsets after Japanese text and emoji", () => {
    const text = "社会保障番号🔒 512-44-7381";
    expect(detect(text, ["us_ssn"])).toEqual([{ start: text.length - 11, end: text.length, category: "us_ssn" }]);
  });
});

describe("jp_my_number", () => {
  it("computes the official check digit", () => {
    expect(myNumberCheckDigit("12345678901")).toBe(8);
    expect(myNumberCheckDigit("73519046281")).toBe(1);
  });

  it.each([
    ["マイナンバーは123456789018です", "123456789018"],
    ["マイナンバー：1234 5678 9018", "1234 5678 9018"],
    ["My Number 1234-5678-9018.", "1234-5678-9018"],
    ["マイナンバーは１２３４５６７８９０１８です", "１２３４５６７８９０１８"],
    ["番号：１２３４－５６７８－９０１８", "１２３４－５６７８－９０１８"],
  ])("finds the My Number in %j", (text, myNumber) => {
    expect(found(text, ["jp_my_number"])).toEqual([["jp_my_number", myNumber]]);
  });

  it.each([
    "123456789012",
    "1234 5678 9019",
    "1234-5678 9018",
    "注文番号123456789018",
    "4111 1234 5678 9018",
    "1234 5678 9018 4444",
    "A123456789018",
  ])("finds nothing in %j", (text) => {
    expect(found(text, ["jp_my_number"])).toEqual([]);
  });

  it("keeps offsets of the original full-width text", () => {
    const text = "🙏マイナンバー１２３４５６７８９０１８を確認";
    const start = text.indexOf("１");
    expect(detect(text, ["jp_my_number"])).toEqual([{ start, end: start + 12, category: "jp_my_number" }]);
  });
});

describe("email", () => {
  it.each([
    ["Write to dana.whitfield@example.com.", "dana.whitfield@example.com"],
    ["privacy+requests@northwind-home.co.uk is monitored", "privacy+requests@northwind-home.co.uk"],
    ["メールはdana@example.jpまで", "dana@example.jp"],
  ])("finds the address in %j", (text, email) => {
    expect(found(text, ["email"])).toEqual([["email", email]]);
  });

  it.each(["Mention @support on the forum", "user@localhost", "a..b@example.com", "See example.com/help"])(
    "finds nothing in %j",
    (text) => {
      expect(found(text, ["email"])).toEqual([]);
    },
  );

  it("keeps UTF-16 offsets after emoji", () => {
    const text = "📧 dana@example.com";
    expect(detect(text, ["email"])).toEqual([{ start: 3, end: text.length, category: "email" }]);
  });
});

describe("phone", () => {
  it.each([
    ["Call +81 3-1234-5678 today", "+81 3-1234-5678"],
    ["Call +44 20 7946 0958.", "+44 20 7946 0958"],
    ["Call +1 415-555-2671.", "+1 415-555-2671"],
    ["Call (415) 555-2671 today", "(415) 555-2671"],
    ["Ring 020 7946 0958 any time", "020 7946 0958"],
    ["お電話は03-1234-5678まで", "03-1234-5678"],
    ["携帯：０９０－１２３４－５６７８", "０９０－１２３４－５６７８"],
    ["Telefon 030 12345678", "030 12345678"],
    ["call 4155552671", "4155552671"],
  ])("finds the number in %j", (text, phone) => {
    expect(found(text, ["phone"])).toEqual([["phone", phone]]);
  });

  it.each([
    "Ticket 12345678",
    "Refund of 1299 within 14 days",
    "Card 4111 1111 1111 1112",
    "Card 4111 1111 1111 1111",
    "SSN 123-45-6789",
    "Order 4155552671",
    "Open 10:30 to 18:00",
  ])("finds nothing in %j", (text) => {
    expect(found(text, ["phone"])).toEqual([]);
  });

  it("keeps UTF-16 offsets after emoji and Japanese text", () => {
    const text = "📞 お電話は03-1234-5678まで";
    const start = text.indexOf("03");
    expect(detect(text, ["phone"])).toEqual([{ start, end: start + 12, category: "phone" }]);
  });
});

describe("credential", () => {
  it.each([
    ["password: hunter2", "hunter2"],
    ["Your temporary password is Xy7!abc.", "Xy7!abc"],
    ["Your temporary password is Harbor-Lime-2291, change it", "Harbor-Lime-2291"],
    ["The passcode 4821 opens the locker", "4821"],
    ["Your PIN is 1234.", "1234"],
    ["Verification code: 482913", "482913"],
    ["The password for the portal is Xy7!abc.", "Xy7!abc"],
    ["Your password is 'sunshine'.", "sunshine"],
    ["パスワード：abc123", "abc123"],
    ["暗証番号は1234です", "1234"],
    ["新しいパスワードは「Sakura2026」です", "Sakura2026"],
    ["Passwort: Geheim123", "Geheim123"],
    ["Key sk_live_51NwHkR8vQ2mZt4LbXy7cD9eF0aG3hJ6k leaked", "sk_live_51NwHkR8vQ2mZt4LbXy7cD9eF0aG3hJ6k"],
    ["Key sk_test_4eC39HqLyjWDarjtT1zdp7dc", "sk_test_4eC39HqLyjWDarjtT1zdp7dc"],
    ["Key rk_live_4eC39HqLyjWDarjtT1zdp7dc", "rk_live_4eC39HqLyjWDarjtT1zdp7dc"],
    ["AWS AKIAJ7Q2M4XW9PLR3TNB in the log", "AKIAJ7Q2M4XW9PLR3TNB"],
    ["Token ghp_4fKx9TqL2mZr8VbN0cYw6HsJ1dPe3GuA7iQo", "ghp_4fKx9TqL2mZr8VbN0cYw6HsJ1dPe3GuA7iQo"],
    ["Token github_pat_11ABCDEFG0123456789_abcdefghijklmnop", "github_pat_11ABCDEFG0123456789_abcdefghijklmnop"],
    ["Slack xoxb-1234567890-abcdefghij", "xoxb-1234567890-abcdefghij"],
    ["Maps AIzaSyA1234567890abcdefghijklmnopqrstuv", "AIzaSyA1234567890abcdefghijklmnopqrstuv"],
    [
      "jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
      "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
    ],
    ["Authorization: Bearer abc123def456ghi789", "abc123def456ghi789"],
  ])("finds the secret in %j", (text, secret) => {
    expect(found(text, ["credential"])).toEqual([["credential", secret]]);
  });

  it.each([
    "Reset your password from the settings page.",
    "Your password was changed on 2026-03-01.",
    "Your password expires in 90 days.",
    "Passwords must be at least 12 characters.",
    "The password is 12 characters long.",
    "Use the password-reset link.",
    "Pin the message to the channel.",
    "The PIN is 12 digits? No.",
    "パスワードを再設定してください。",
    "パスワードは8文字以上です。",
    "Publishable key pk_live_4eC39HqLyjWDarjtT1zdp7dc is public.",
    "Send a Bearer token in the header.",
    "Use promo code SAVE10.",
  ])("finds nothing in %j", (text) => {
    expect(found(text, ["credential"])).toEqual([]);
  });

  it("keeps UTF-16 offsets after emoji and Japanese text", () => {
    const text = "🔑 パスワード：abc123 です";
    const start = text.indexOf("abc123");
    expect(detect(text, ["credential"])).toEqual([{ start, end: start + 6, category: "credential" }]);
  });
});

describe("detect", () => {
  it("returns spans sorted by start across detectors", () => {
    const text = "Mail dana@example.com, card 4111 1111 1111 1111, SSN 512-44-7381, password: hunter2";
    expect(found(text).map(([category]) => category)).toEqual(["email", "payment_card", "us_ssn", "credential"]);
  });

  it("prefers the more specific detector when spans overlap", () => {
    expect(found("password: 4111111111111111")).toEqual([["payment_card", "4111111111111111"]]);
    expect(found("PIN 512-44-7381?", ["us_ssn", "phone"])).toEqual([["us_ssn", "512-44-7381"]]);
  });

  it("runs only the requested detectors", () => {
    const text = "dana@example.com 4111 1111 1111 1111";
    expect(found(text, ["email"])).toEqual([["email", "dana@example.com"]]);
    expect(found(text, [])).toEqual([]);
  });

  it("has a finder for every detector id", () => {
    for (const id of DETECTOR_IDS) expect(() => detect("x", [id])).not.toThrow();
  });

  it("reads full-width characters, the ideographic space and hyphen look-alikes as ASCII, at the original offsets", () => {
    expect(found("😀 ｐａｓｓｗｏｒｄ：ｈｕｎｔｅｒ２")).toEqual([["credential", "ｈｕｎｔｅｒ２"]]);
    expect(found("Card 4111\u20101111\u20111111\u22121111 on file", ["payment_card"])).toEqual([["payment_card", "4111\u20101111\u20111111\u22121111"]]);
  });
});

describe("detect: the shared normalisation", () => {
  const CARD = "4111 1111 1111 1111";

  it.each([
    ["no-break spaces", "\u00A0"],
    ["narrow no-break spaces", "\u202F"],
    ["ideographic spaces", "\u3000"],
    ["dots", "."],
    ["a line break and indentation", "\n    "],
  ])("finds a card number with %s between the groups", (_name, separator) => {
    const card = CARD.replaceAll(" ", separator);
    expect(found(`Your card ${card} is on file.`, ["payment_card"])).toEqual([["payment_card", card]]);
  });

  it.each([
    ["zero-width spaces", "\u200B"],
    ["zero-width non-joiners", "\u200C"],
    ["zero-width joiners", "\u200D"],
    ["word joiners", "\u2060"],
    ["byte order marks", "\uFEFF"],
    ["soft hyphens", "\u00AD"],
  ])("finds a card number with %s between the digits", (_name, invisible) => {
    const card = [..."4111111111111111"].join(invisible);
    expect(found(`Your card ${card} is on file.`, ["payment_card"])).toEqual([["payment_card", card]]);
    const grouped = CARD.replaceAll(" ", `${invisible} `);
    expect(found(`Card: ${grouped}.`, ["payment_card"])).toEqual([["payment_card", grouped]]);
  });

  it("finds full-width digits with any of the separators", () => {
    const card = "４１１１．１１１１\u00A0１１１１\u200B１１１１";
    expect(found(`カード番号は${card}です`, ["payment_card"])).toEqual([["payment_card", card]]);
  });

  it("still tells a dotted version or a Luhn-invalid dotted number from a card", () => {
    expect(found("Version 2026.03.01 of the policy.")).toEqual([]);
    expect(found("Reference 4111.1111.1111.1112 noted.", ["payment_card"])).toEqual([]);
  });

  it("maps offsets back exactly after emoji, Japanese text and removed characters", () => {
    const text = "😀🎉\u200B カードは\u00A0４１１１\u200B１１１１ 1111\u00A01111\u200Bです🙇\u200D♀️";
    const [span] = detect(text, ["payment_card"]);
    const start = text.indexOf("４");
    expect(span).toEqual({ start, end: text.indexOf("\u200Bです"), category: "payment_card" });
    expect(text.slice(span?.start, span?.end)).toBe("４１１１\u200B１１１１ 1111\u00A01111");
  });

  it("finds other data behind invisible characters too", () => {
    expect(found("Mail dana\u200B@example\u00AD.com or call", ["email"])).toEqual([["email", "dana\u200B@example\u00AD.com"]]);
    expect(found("SSN 512\u200B-44-7381.", ["us_ssn"])).toEqual([["us_ssn", "512\u200B-44-7381"]]);
    expect(found("マイナンバーは１２３４\u00A0５６７８\u00A09018です", ["jp_my_number"])).toEqual([["jp_my_number", "１２３４\u00A0５６７８\u00A09018"]]);
  });
});
