import type { DetectorId } from "~/app/content/detectors";
import { myNumberCheckDigit } from "~/app/content/detectors/jp-my-number";
import type { PracticeLanguage } from "~/app/vocabulary";

/**
 * Synthetic values from documented test and example ranges, so a generated drill never carries a
 * real person's data: the card networks' and Stripe's test cards, the IBAN registry's example
 * IBANs, the SSNs the Social Security Administration voided after they were printed on sample
 * wallet cards and in its own 1940 pamphlet (a never-issued area such as 9xx is not recognised by
 * the detector, which treats it as not an SSN), and a sequential My Number completed with its
 * check digit.
 */
const SYNTHETIC_VALUES: Partial<Record<DetectorId, readonly string[]>> = {
  payment_card: ["4111 1111 1111 1111", "4242 4242 4242 4242", "5555 5555 5555 4444"],
  us_ssn: ["078-05-1120", "219-09-9999"],
  jp_my_number: [`12345678901${myNumberCheckDigit("12345678901")}`],
};

/** The registry's example IBAN of the country a reply in each language would come from. */
const IBAN_BY_LANGUAGE: Record<PracticeLanguage, string> = {
  en: "GB82 WEST 1234 5698 7654 32",
  de: "DE89 3704 0044 0532 0130 00",
  es: "ES91 2100 0418 4502 0005 1332",
  fr: "FR14 2004 1010 0505 0001 3M02 606",
  ja: "GB82 WEST 1234 5698 7654 32",
};

/** The synthetic values of a category to plant in a reply in `language`, most fitting first. */
export function syntheticValues(detector: DetectorId, language: PracticeLanguage): readonly string[] {
  return detector === "iban" ? [IBAN_BY_LANGUAGE[language]] : (SYNTHETIC_VALUES[detector] ?? []);
}

/**
 * A sentence that carries the value (`{value}`) the way a careless draft would, per language. A
 * language without a sentence for a category (an SSN in a Japanese reply) is not offered it.
 */
export const RESTRICTED_SENTENCES: Partial<Record<DetectorId, Partial<Record<PracticeLanguage, string>>>> = {
  payment_card: {
    en: "For your records, the card on the account is {value}.",
    de: "Zur Info: Die hinterlegte Karte hat die Nummer {value}.",
    es: "Para su referencia, la tarjeta registrada en la cuenta es la {value}.",
    fr: "Pour information, la carte enregistrée sur le compte est la {value}.",
    ja: "ご登録のカード番号は{value}です。",
  },
  iban: {
    en: "For your records, the bank account on file is IBAN {value}.",
    de: "Zur Info: Hinterlegt ist das Konto mit der IBAN {value}.",
    es: "Para su referencia, la cuenta bancaria registrada es IBAN {value}.",
    fr: "Pour information, le compte bancaire enregistré est l'IBAN {value}.",
    ja: "ご登録の口座はIBAN {value}です。",
  },
  us_ssn: { en: "Your identity is confirmed with your Social Security number, {value}." },
  jp_my_number: { ja: "ご本人確認のため、マイナンバー（{value}）を確認いたしました。" },
};
