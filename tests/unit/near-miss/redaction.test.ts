import { describe, expect, it } from "vitest";
import { DETECTOR_IDS } from "~/app/content/detectors";
import { decodeInput } from "~/app/near-miss/decode-input";
import { ANCHOR_PATTERN } from "~/app/content/policy";
import { redactFormData, reportFormChoices } from "~/app/near-miss/redact-form";
import { SECTION_ANCHOR } from "~/app/near-miss/report-form";
import { addCounts, markerCounts, redact, redactionRules, totalRedacted } from "~/app/near-miss/redaction";

/** What the demo and fixture data-handling policies declare restricted. */
const RULES = redactionRules(["payment_card", "iban", "us_ssn", "jp_my_number", "credential"]);
const NBSP = "\u00a0";
const ZWSP = "\u200b";
const WJ = "\u2060";

describe("redaction rules", () => {
  it("adds email and phone to what the policies declare, in the detectors' order", () => {
    expect(RULES.detectors).toEqual(["payment_card", "iban", "us_ssn", "jp_my_number", "email", "phone", "credential"]);
    expect(redactionRules([]).detectors).toEqual(["email", "phone"]);
  });

  it("redacts only what the rules name", () => {
    const onlyContact = redactionRules([]);
    expect(redact("Card 4111 1111 1111 1111, mail dana@example.com", onlyContact).text).toBe("Card 4111 1111 1111 1111, mail [REDACTED: email address]");
  });
});

describe("redact: every category", () => {
  it.each([
    ["payment_card", "The AI pasted 4111 1111 1111 1111 into the reply.", "The AI pasted [REDACTED: payment card] into the reply."],
    ["iban", "It quoted IBAN DE89 3704 0044 0532 0130 00 to a third party.", "It quoted IBAN [REDACTED: IBAN] to a third party."],
    ["us_ssn", "The draft repeated SSN 512-44-7381 back.", "The draft repeated SSN [REDACTED: US SSN] back."],
    ["jp_my_number", "マイナンバー1234 5678 9018が返信に入っていた", "マイナンバー[REDACTED: My Number]が返信に入っていた"],
    ["email", "It cc'd dana.whitfield@example.com.", "It cc'd [REDACTED: email address]."],
    ["phone", "It told the customer to call +44 20 7946 0958.", "It told the customer to call [REDACTED: phone number]."],
    ["credential", "The draft said: your password is Tr0ub4dor&3 now.", "The draft said: your password is [REDACTED: password or key] now."],
    ["credential", "A key sk_live_4eC39HqLyjWDarjtT1zdp7dc was in the note.", "A key [REDACTED: password or key] was in the note."],
  ] as const)("%s", (category, text, expected) => {
    const result = redact(text, RULES);
    expect(result.text).toBe(expected);
    expect(result.counts).toEqual({ [category]: 1 });
  });

  it("counts several data of several categories", () => {
    const result = redact("4111 1111 1111 1111 and 5425 2334 3010 9903, ask a@example.com or b@example.org, PIN 4821", RULES);
    expect(result.counts).toEqual({ payment_card: 2, email: 2, credential: 1 });
    expect(totalRedacted(result.counts)).toBe(5);
    expect(result.text).not.toMatch(/\d{4}|@/);
  });

  it("finds a datum hidden behind another (one IBAN right after another), by redacting until nothing more is found", () => {
    const result = redact("IBAN DE89 3704 0044 0532 0130 00 and GB82 WEST 1234 5698 7654 32 to a carrier", RULES);
    expect(result.text).toBe("IBAN [REDACTED: IBAN] and [REDACTED: IBAN] to a carrier");
    expect(result.counts).toEqual({ iban: 2 });
  });

  it("keeps no trace of a redacted datum: no digits, no length", () => {
    const short = redact("card 4111111111111111", RULES).text;
    const long = redact("card 4111 1111 1111 1111 111", RULES).text;
    expect(short).toBe("card [REDACTED: payment card]");
    expect(long.replace(/ 111$/, "")).toBe(short);
  });
});

describe("redact: hidden separators", () => {
  it.each([
    ["no-break spaces", ["4111", "1111", "1111", "1111"].join(NBSP)],
    ["zero-width spaces", ["4111", "1111", "1111", "1111"].join(ZWSP)],
    ["zero-width between every digit", [..."4111111111111111"].join(ZWSP)],
    ["word joiners and narrow no-break spaces", ["4111", "1111", "1111", "1111"].join(`${WJ}\u202f`)],
    ["full-width digits", "４１１１ １１１１ １１１１ １１１１"],
  ])("a card written with %s", (_, card) => {
    const result = redact(`Card ${card} on file.`, RULES);
    expect(result.text).toBe("Card [REDACTED: payment card] on file.");
    expect(result.counts).toEqual({ payment_card: 1 });
  });

  it("an IBAN, an SSN, a My Number, an email and a phone number with zero-width and no-break characters", () => {
    const text = [
      `IBAN DE89${NBSP}3704${ZWSP}0044${NBSP}0532${NBSP}0130${NBSP}00.`,
      `SSN 512${ZWSP}-44-${ZWSP}7381.`,
      `マイナンバー1234${NBSP}5678${NBSP}9018。`,
      `Mail dana${ZWSP}@example.com.`,
      `Call +1${NBSP}415${NBSP}555${NBSP}2671.`,
      `Password: hun${ZWSP}ter2!`,
    ].join("\n");
    const result = redact(text, RULES);
    expect(result.counts).toEqual({ iban: 1, us_ssn: 1, jp_my_number: 1, email: 1, phone: 1, credential: 1 });
    expect(result.text).toBe(
      ["IBAN [REDACTED: IBAN].", "SSN [REDACTED: US SSN].", "マイナンバー[REDACTED: My Number]。", "Mail [REDACTED: email address].", "Call [REDACTED: phone number].", "Password: [REDACTED: password or key]!"].join("\n"),
    );
  });

  it("removes invisible format characters from the text it keeps, but not an emoji's joiner", () => {
    const result = redact(`Hello${ZWSP} there\u00ad, ok\u202e \ufeff 👩‍💻 done`, RULES);
    expect(result.text).toBe("Hello there, ok  👩‍💻 done");
    expect(result.text).toContain("\u200d");
  });
});

describe("redact: look-alikes survive", () => {
  it.each([
    "Your order #100234598 has shipped.",
    "Order ORD-2026-004512 is on its way.",
    "Order number 4111111111111111 was refunded.",
    "Invoice INV-2026-00871 is attached.",
    "Invoice number 5425233430109903, due on receipt.",
    "Delivered on 2026-03-01, returned 03/15/2026, refunded 15.03.2026.",
    "2026年3月1日にお届けしました。",
    "The total was $1,299.00 including tax; €45.50 was refunded.",
    "合計は¥12,800です。",
    "UPS tracking 1Z999AA10123456784",
    "Tracking number JD014600003828447291",
    "Product code 415-555-2671-BLK is out of stock.",
    "SKU 0800-123-4567 ships next week.",
    "Model KX-TG 6812 4410 is discontinued.",
    "The draft cited [refunds.window] and [data-handling.restricted].",
    "Version 2026.03.01 of the policy.",
    "Reset your password from the settings page.",
    "Your password is incorrect.",
    "Visa ending 4821 was charged.",
  ])("look-alike %#", (text) => {
    const result = redact(text, RULES);
    expect(result.text).toBe(text);
    expect(result.counts).toEqual({});
  });
});

describe("redact: Japanese and emoji", () => {
  it("keeps the text around a datum exactly, whatever the script", () => {
    const text = "😀🎉 お客様のカード番号は 4111 1111 1111 1111 です。メール：yuki@example.jp 🙏";
    expect(redact(text, RULES).text).toBe("😀🎉 お客様のカード番号は [REDACTED: payment card] です。メール：[REDACTED: email address] 🙏");
  });

  it("handles full-width Japanese phone numbers and passcodes", () => {
    const result = redact("携帯：０９０－１２３４－５６７８、暗証番号は1234です", RULES);
    expect(result.text).toBe("携帯：[REDACTED: phone number]、暗証番号は[REDACTED: password or key]です");
  });

  it("leaves text without data untouched, also text made only of emoji", () => {
    for (const text of ["", "👍", "🇯🇵🇩🇪 ありがとうございます", "Line one\n\nLine two\ttabbed"]) expect(redact(text, RULES)).toEqual({ text, counts: {} });
  });
});

describe("counts", () => {
  it("add up per category", () => {
    expect(addCounts({ email: 1 }, { email: 2, phone: 1 }, {})).toEqual({ email: 3, phone: 1 });
    expect(Object.keys(addCounts({}))).toEqual([]);
    expect(DETECTOR_IDS.length).toBe(7);
  });
});

describe("report forms", () => {
  it("check section anchors with the policy parser's pattern", () => {
    expect(SECTION_ANCHOR.source).toBe(ANCHOR_PATTERN.source);
  });

  it("redact every text value before a schema sees it, and replace a value that is no choice", () => {
    const form = new FormData();
    form.append("whatHappened", "card 4111 1111 1111 1111");
    form.append("category", "4111 1111 1111 1111");
    form.append("sections", "refunds.512-44-7381");
    form.append("sections", "refunds.window");
    form.append("teamId", "12");
    form.append("code", "ABCD 4111 1111 1111 1111");
    form.append("file", new Blob(["4111 1111 1111 1111"]), "card.txt");
    const redacted = redactFormData(form, RULES, { verbatim: ["code"], choices: reportFormChoices(new Set(["refunds.window"])) });
    expect([...redacted.entries()]).toEqual([
      ["whatHappened", "card [REDACTED: payment card]"],
      ["category", "?"],
      ["sections", "?"],
      ["sections", "refunds.window"],
      ["teamId", "12"],
      ["code", "ABCD 4111 1111 1111 1111"],
    ]);
  });

  it("count what the markers say was redacted", () => {
    expect(markerCounts("[REDACTED: payment card] and [REDACTED: IBAN], [REDACTED: payment card], [REDACTED: something else]")).toEqual({ payment_card: 2, iban: 1 });
  });
});

describe("decodeInput", () => {
  it("reads UTF-8 text, dropping a byte-order mark", () => {
    expect(decodeInput(new TextEncoder().encode("\ufeffカード 4111"))).toEqual({ ok: true, text: "カード 4111" });
    expect(decodeInput(new Uint8Array())).toEqual({ ok: true, text: "" });
  });

  it("refuses bytes that are not UTF-8, and binary", () => {
    expect(decodeInput(new Uint8Array([0x41, 0xff, 0x42]))).toMatchObject({ ok: false, message: expect.stringMatching(/not UTF-8/) });
    expect(decodeInput(new Uint8Array([0xed, 0xa0, 0x80]))).toMatchObject({ ok: false });
    expect(decodeInput(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toMatchObject({ ok: false });
    expect(decodeInput(new TextEncoder().encode("a\u0000b"))).toMatchObject({ ok: false, message: expect.stringMatching(/binary/) });
  });
});
