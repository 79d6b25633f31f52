import type { PracticeLanguage } from "~/app/vocabulary";

/** The tone faults the generator plants (AI assistant § Tone and style names them). */
export const TONE_FAULTS = ["generic_empathy", "calm_down", "blame", "jargon"] as const;
export type ToneFault = (typeof TONE_FAULTS)[number];

/**
 * Sentences an AI draft really produces and a reviewer must catch, written to stand on their own
 * after any sentence of a reply. Japanese ones use polite form and no spaces.
 */
export const TONE_PHRASES: Record<PracticeLanguage, Record<ToneFault, readonly [string, ...string[]]>> = {
  en: {
    generic_empathy: [
      "We understand your frustration and apologize for any inconvenience this may have caused.",
      "We value you as a customer and are sorry for any inconvenience.",
      "I completely understand how you feel, and your satisfaction is our top priority.",
    ],
    calm_down: ["Please calm down so that we can sort this out.", "There's really no need to get upset about this."],
    blame: [
      "To be fair, this could have been avoided if you had read the order confirmation more carefully.",
      "Next time, please check the details before contacting us.",
    ],
    jargon: [
      "I've tagged this P2 and moved it to the L2 queue per the SOP, so it will be picked up within SLA.",
      "Your ticket has been routed to Tier 2 via the CRM escalation workflow.",
    ],
  },
  ja: {
    generic_empathy: ["お客様のお気持ちはよく理解しております。", "ご不便をおかけしている点、重ねてお詫び申し上げます。お客様の満足が私どもの最優先事項です。"],
    calm_down: ["どうか落ち着いてください。", "そこまでご心配いただく必要はございません。"],
    blame: ["ご注文の際に内容をよくご確認いただいていれば、このようなことにはなりませんでした。", "今後はお問い合わせの前に詳細をご確認ください。"],
    jargon: ["本件はP2としてL2キューにエスカレーション済みで、SOPに沿ってSLA内に処理されます。", "チケットはCRMのエスカレーションフローでTier 2に回付済みです。"],
  },
  de: {
    generic_empathy: ["Wir verstehen Ihren Ärger und bitten um Entschuldigung für etwaige Unannehmlichkeiten."],
    calm_down: ["Bitte beruhigen Sie sich erst einmal."],
    blame: ["Hätten Sie die Angaben vorher genauer geprüft, wäre das nicht passiert."],
    jargon: ["Ihr Ticket wurde als P2 in die L2-Queue eskaliert und wird gemäß SOP innerhalb der SLA bearbeitet."],
  },
  es: {
    generic_empathy: ["Entendemos su frustración y lamentamos cualquier inconveniente que esto le haya causado."],
    calm_down: ["Le pedimos que mantenga la calma."],
    blame: ["Si hubiera revisado los datos antes, esto no habría pasado."],
    jargon: ["Su caso quedó como P2 en la cola L2 según el SOP y se atenderá dentro del SLA."],
  },
  fr: {
    generic_empathy: ["Nous comprenons votre frustration et nous excusons pour la gêne occasionnée."],
    calm_down: ["Merci de vous calmer."],
    blame: ["Si vous aviez vérifié vos informations avant, cela ne serait pas arrivé."],
    jargon: ["Votre ticket a été escaladé en P2 dans la file L2 conformément à la SOP, dans le respect du SLA."],
  },
};
