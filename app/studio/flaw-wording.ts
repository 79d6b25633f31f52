import type { PracticeLanguage } from "~/app/vocabulary";
import type { ToneFault } from "./tone-phrases";

/**
 * What the generator writes into a proposal — the flaw's explanation and the title's note of what
 * was planted — in the drill's language, as the library's hand-written drills are. `section` is a
 * section as people name it ("Refunds and returns § Return window").
 */
export type FlawWording = {
  sectionName(policyTitle: string, heading: string): string;
  hallucination(args: { written: string; was: string; section: string; anchor: string; sentence: string }): string;
  hallucinationTitle(written: string, was: string): string;
  missingCitation(args: { section: string; anchor: string }): string;
  missingCitationTitle(anchor: string): string;
  nonexistentCitation(args: { fake: string; section: string; anchor: string }): string;
  nonexistentCitationTitle(fake: string): string;
  unrelatedCitation(args: { fake: string; fakeSection: string; section: string; anchor: string }): string;
  unrelatedCitationTitle(fake: string): string;
  restrictedData(args: { label: string; section?: string }): string;
  restrictedDataTitle(label: string): string;
  tone(fault: ToneFault, section?: string): string;
  toneTitle(fault: ToneFault): string;
  /** How the title joins the control's title and the note. */
  title(base: string, note: string): string;
};

const inParentheses = (section: string | undefined) => (section === undefined ? "" : ` (${section})`);

const en: FlawWording = {
  sectionName: (policy, heading) => `${policy} § ${heading}`,
  hallucination: ({ written, was, section, anchor, sentence }) =>
    `The draft says "${written}", but ${section} [${anchor}] says: "${sentence}" The right value is "${was}"; every number, deadline and amount must match the section the draft cites.`,
  hallucinationTitle: (written, was) => `wrong value: "${written}" instead of "${was}"`,
  missingCitation: ({ section, anchor }) =>
    `This policy claim has no citation. It comes from ${section}: cite it as [${anchor}] after the claim, so the customer can check it.`,
  missingCitationTitle: (anchor) => `citation [${anchor}] removed`,
  nonexistentCitation: ({ fake, section, anchor }) =>
    `There is no section [${fake}]. The claim comes from ${section}, so the citation should be [${anchor}]. A citation must exist and say what the draft claims.`,
  nonexistentCitationTitle: (fake) => `cites a section that does not exist, [${fake}]`,
  unrelatedCitation: ({ fake, fakeSection, section, anchor }) =>
    `${fakeSection} [${fake}] does not say this. The claim comes from ${section}, so the citation should be [${anchor}]. A citation must say what the draft claims.`,
  unrelatedCitationTitle: (fake) => `cites the wrong section, [${fake}]`,
  restrictedData: ({ label, section }) =>
    `${label} in the draft. Restricted data must never appear in a reply, not even a test or example number${inParentheses(section)}; remove it.`,
  restrictedDataTitle: (label) => `restricted data: ${label}`,
  tone: (fault, section) =>
    ({
      generic_empathy: `Generic empathy${inParentheses(section)}: name the customer's actual situation instead of a stock phrase.`,
      calm_down: `Telling the customer to calm down${inParentheses(section)}: never tell a customer to calm down or imply they are overreacting.`,
      blame: `Blaming the customer${inParentheses(section)}: never blame the customer, even when they made a mistake; explain what happens next.`,
      jargon: `Internal jargon${inParentheses(section)}: priority codes, queue names, tier levels and SOP names mean nothing to the customer; say it in plain words.`,
    })[fault],
  toneTitle: (fault) =>
    ({ generic_empathy: "tone: generic empathy", calm_down: "tone: telling the customer to calm down", blame: "tone: blaming the customer", jargon: "tone: internal jargon" })[fault],
  title: (base, note) => `${base} — ${note}`,
};

const inJapaneseParentheses = (section: string | undefined) => (section === undefined ? "" : `（${section}）`);

const ja: FlawWording = {
  sectionName: (policy, heading) => `${policy}「${heading}」`,
  hallucination: ({ written, was, section, anchor, sentence }) =>
    `ドラフトには「${written}」とありますが、${section} [${anchor}] には "${sentence}" とあります（正しくは「${was}」）。数値・期限・金額は引用したセクションと一致していなければなりません。`,
  hallucinationTitle: (written, was) => `誤った数値「${written}」（正しくは「${was}」）`,
  missingCitation: ({ section, anchor }) =>
    `ポリシーに基づく記述に引用がありません。根拠は${section}です。お客様が確認できるよう、記述の後に [${anchor}] を付けてください。`,
  missingCitationTitle: (anchor) => `引用 [${anchor}] の欠落`,
  nonexistentCitation: ({ fake, section, anchor }) =>
    `[${fake}] というセクションは存在しません。この記述の根拠は${section}なので、引用は [${anchor}] です。引用は実在し、記述内容を裏付けるものでなければなりません。`,
  nonexistentCitationTitle: (fake) => `存在しないセクションへの引用 [${fake}]`,
  unrelatedCitation: ({ fake, fakeSection, section, anchor }) =>
    `${fakeSection} [${fake}] にはこの内容は書かれていません。根拠は${section}なので、引用は [${anchor}] です。引用は記述内容を裏付けるものでなければなりません。`,
  unrelatedCitationTitle: (fake) => `誤ったセクションへの引用 [${fake}]`,
  restrictedData: ({ label, section }) =>
    `ドラフトに制限データ（${label}）が含まれています。制限データはテスト用・例示用の番号であっても返信に記載してはいけません${inJapaneseParentheses(section)}。削除してください。`,
  restrictedDataTitle: (label) => `制限データ（${label}）`,
  tone: (fault, section) =>
    ({
      generic_empathy: `定型的な共感表現です${inJapaneseParentheses(section)}。お客様の具体的な状況に触れてください。`,
      calm_down: `お客様に「落ち着いてください」と言ったり、過剰反応だとほのめかしたりしてはいけません${inJapaneseParentheses(section)}。`,
      blame: `お客様を責める表現です${inJapaneseParentheses(section)}。お客様に誤りがあった場合でも責めず、次に何が起こるかを説明してください。`,
      jargon: `社内用語です${inJapaneseParentheses(section)}。優先度コード、キュー名、ティア、SOP名はお客様には伝わりません。平易な言葉で説明してください。`,
    })[fault],
  toneTitle: (fault) =>
    ({ generic_empathy: "トーン：定型的な共感表現", calm_down: "トーン：「落ち着いてください」", blame: "トーン：お客様を責める表現", jargon: "トーン：社内用語" })[fault],
  title: (base, note) => `${base}【${note}】`,
};

const de: FlawWording = {
  sectionName: (policy, heading) => `${policy} § ${heading}`,
  hallucination: ({ written, was, section, anchor, sentence }) =>
    `Der Entwurf nennt „${written}“, aber ${section} [${anchor}] sagt: „${sentence}“ Richtig ist „${was}“; jede Zahl, Frist und jeder Betrag muss mit dem zitierten Abschnitt übereinstimmen.`,
  hallucinationTitle: (written, was) => `falscher Wert: „${written}“ statt „${was}“`,
  missingCitation: ({ section, anchor }) =>
    `Diese Aussage zur Richtlinie hat keine Quellenangabe. Sie stammt aus ${section}: nach der Aussage mit [${anchor}] zitieren, damit die Kundschaft sie prüfen kann.`,
  missingCitationTitle: (anchor) => `Quellenangabe [${anchor}] entfernt`,
  nonexistentCitation: ({ fake, section, anchor }) =>
    `Einen Abschnitt [${fake}] gibt es nicht. Die Aussage stammt aus ${section}, die Quellenangabe muss also [${anchor}] lauten. Eine Quellenangabe muss existieren und das Gesagte belegen.`,
  nonexistentCitationTitle: (fake) => `Quellenangabe auf einen nicht existierenden Abschnitt, [${fake}]`,
  unrelatedCitation: ({ fake, fakeSection, section, anchor }) =>
    `${fakeSection} [${fake}] sagt das nicht. Die Aussage stammt aus ${section}, die Quellenangabe muss also [${anchor}] lauten. Eine Quellenangabe muss das Gesagte belegen.`,
  unrelatedCitationTitle: (fake) => `Quellenangabe auf den falschen Abschnitt, [${fake}]`,
  restrictedData: ({ label, section }) =>
    `${label} im Entwurf. Eingeschränkte Daten dürfen nie in einer Antwort stehen, auch keine Test- oder Beispielnummer${inParentheses(section)}; entfernen.`,
  restrictedDataTitle: (label) => `eingeschränkte Daten: ${label}`,
  tone: (fault, section) =>
    ({
      generic_empathy: `Floskelhaftes Mitgefühl${inParentheses(section)}: stattdessen die konkrete Situation der Kundin oder des Kunden benennen.`,
      calm_down: `Der Kundschaft wird nie gesagt, sie solle sich beruhigen, oder unterstellt, sie überreagiere${inParentheses(section)}.`,
      blame: `Schuldzuweisung an die Kundschaft${inParentheses(section)}: auch nach einem Fehler nie die Schuld zuweisen, sondern erklären, wie es weitergeht.`,
      jargon: `Interner Jargon${inParentheses(section)}: Prioritätscodes, Queue-Namen, Support-Level und SOP-Namen sagen der Kundschaft nichts; in einfachen Worten erklären.`,
    })[fault],
  toneTitle: (fault) =>
    ({ generic_empathy: "Ton: floskelhaftes Mitgefühl", calm_down: "Ton: „beruhigen Sie sich“", blame: "Ton: Schuldzuweisung", jargon: "Ton: interner Jargon" })[fault],
  title: (base, note) => `${base} – ${note}`,
};

const es: FlawWording = {
  sectionName: (policy, heading) => `${policy} § ${heading}`,
  hallucination: ({ written, was, section, anchor, sentence }) =>
    `El borrador dice «${written}», pero ${section} [${anchor}] dice: «${sentence}» El valor correcto es «${was}»; cada cifra, plazo e importe debe coincidir con la sección citada.`,
  hallucinationTitle: (written, was) => `valor erróneo: «${written}» en lugar de «${was}»`,
  missingCitation: ({ section, anchor }) =>
    `Esta afirmación sobre la política no tiene cita. Procede de ${section}: hay que citarla con [${anchor}] después de la afirmación, para que el cliente pueda comprobarla.`,
  missingCitationTitle: (anchor) => `cita [${anchor}] eliminada`,
  nonexistentCitation: ({ fake, section, anchor }) =>
    `No existe la sección [${fake}]. La afirmación procede de ${section}, así que la cita debe ser [${anchor}]. Una cita debe existir y decir lo que afirma el borrador.`,
  nonexistentCitationTitle: (fake) => `cita a una sección inexistente, [${fake}]`,
  unrelatedCitation: ({ fake, fakeSection, section, anchor }) =>
    `${fakeSection} [${fake}] no dice eso. La afirmación procede de ${section}, así que la cita debe ser [${anchor}]. Una cita debe decir lo que afirma el borrador.`,
  unrelatedCitationTitle: (fake) => `cita a la sección equivocada, [${fake}]`,
  restrictedData: ({ label, section }) =>
    `${label} en el borrador. Los datos restringidos nunca deben aparecer en una respuesta, ni siquiera un número de prueba o de ejemplo${inParentheses(section)}; hay que eliminarlo.`,
  restrictedDataTitle: (label) => `datos restringidos: ${label}`,
  tone: (fault, section) =>
    ({
      generic_empathy: `Empatía genérica${inParentheses(section)}: hay que nombrar la situación concreta del cliente en lugar de una frase hecha.`,
      calm_down: `Nunca se le pide a un cliente que se calme ni se insinúa que exagera${inParentheses(section)}.`,
      blame: `Culpa al cliente${inParentheses(section)}: nunca hay que culpar al cliente, aunque se haya equivocado; hay que explicar qué pasará ahora.`,
      jargon: `Jerga interna${inParentheses(section)}: los códigos de prioridad, nombres de colas, niveles y nombres de SOP no significan nada para el cliente; hay que explicarlo con palabras sencillas.`,
    })[fault],
  toneTitle: (fault) =>
    ({ generic_empathy: "tono: empatía genérica", calm_down: "tono: «mantenga la calma»", blame: "tono: culpar al cliente", jargon: "tono: jerga interna" })[fault],
  title: (base, note) => `${base} — ${note}`,
};

const fr: FlawWording = {
  sectionName: (policy, heading) => `${policy} § ${heading}`,
  hallucination: ({ written, was, section, anchor, sentence }) =>
    `Le brouillon indique « ${written} », mais ${section} [${anchor}] dit : « ${sentence} » La bonne valeur est « ${was} » ; chaque chiffre, délai et montant doit correspondre à la section citée.`,
  hallucinationTitle: (written, was) => `valeur erronée : « ${written} » au lieu de « ${was} »`,
  missingCitation: ({ section, anchor }) =>
    `Cette affirmation sur la politique n'a pas de citation. Elle provient de ${section} : il faut la citer avec [${anchor}] après l'affirmation, pour que le client puisse la vérifier.`,
  missingCitationTitle: (anchor) => `citation [${anchor}] supprimée`,
  nonexistentCitation: ({ fake, section, anchor }) =>
    `La section [${fake}] n'existe pas. L'affirmation provient de ${section}, la citation doit donc être [${anchor}]. Une citation doit exister et dire ce qu'affirme le brouillon.`,
  nonexistentCitationTitle: (fake) => `citation d'une section inexistante, [${fake}]`,
  unrelatedCitation: ({ fake, fakeSection, section, anchor }) =>
    `${fakeSection} [${fake}] ne dit pas cela. L'affirmation provient de ${section}, la citation doit donc être [${anchor}]. Une citation doit dire ce qu'affirme le brouillon.`,
  unrelatedCitationTitle: (fake) => `citation de la mauvaise section, [${fake}]`,
  restrictedData: ({ label, section }) =>
    `${label} dans le brouillon. Les données restreintes ne doivent jamais figurer dans une réponse, même un numéro de test ou d'exemple${inParentheses(section)} ; il faut le supprimer.`,
  restrictedDataTitle: (label) => `données restreintes : ${label}`,
  tone: (fault, section) =>
    ({
      generic_empathy: `Empathie générique${inParentheses(section)} : il faut nommer la situation concrète du client plutôt qu'une formule toute faite.`,
      calm_down: `On ne dit jamais à un client de se calmer et on ne sous-entend pas qu'il exagère${inParentheses(section)}.`,
      blame: `Le client est blâmé${inParentheses(section)} : ne jamais blâmer le client, même s'il a fait une erreur ; expliquer la suite.`,
      jargon: `Jargon interne${inParentheses(section)} : codes de priorité, noms de files, niveaux et noms de SOP ne disent rien au client ; il faut l'expliquer simplement.`,
    })[fault],
  toneTitle: (fault) =>
    ({ generic_empathy: "ton : empathie générique", calm_down: "ton : « calmez-vous »", blame: "ton : blâmer le client", jargon: "ton : jargon interne" })[fault],
  title: (base, note) => `${base} — ${note}`,
};

export const FLAW_WORDING: Record<PracticeLanguage, FlawWording> = { en, ja, de, es, fr };
