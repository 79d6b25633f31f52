import { NEAR_MISS_CATEGORIES, NEAR_MISS_SEVERITIES } from "~/app/vocabulary";
import { redact, type RedactionRules } from "./redaction";

// Kept apart from the forms' schemas (report-form.ts), which the browser loads with the page: the
// redaction module, with the detectors, is loaded by the page only when it is needed.

/** What replaces a value that is no choice: it fails every choice field's schema. */
const NOT_A_CHOICE = "?";

/** For a field of choices (not free text): which values are choices at all. */
export type ChoiceCheck = (value: string) => boolean;

/**
 * A posted form with every text value redacted, before anything else reads it: schemas, error
 * replies (which send the values back to the form) and the domain only ever see redacted text.
 * A value of a choice field that is not one of its choices is replaced by "?" (the schema then
 * asks to pick one): glued to other characters, a datum can slip past the detectors, and an error reply
 * would send it back. Files are dropped (no near-miss form takes one). Fields in `verbatim` (the
 * receipt code, which is never stored and never sent back on an error) are kept as they are.
 */
export function redactFormData(formData: FormData, rules: RedactionRules, { verbatim = [], choices = {} }: { verbatim?: readonly string[]; choices?: Record<string, ChoiceCheck> } = {}): FormData {
  const redacted = new FormData();
  for (const [name, value] of formData.entries()) {
    if (typeof value !== "string") continue;
    const isChoice = choices[name];
    redacted.append(name, verbatim.includes(name) ? value : isChoice ? (isChoice(value) ? value : NOT_A_CHOICE) : redact(value, rules).text);
  }
  return redacted;
}

const oneOf = (values: readonly string[]): ChoiceCheck => (value) => values.includes(value);

/** The report form's choice fields; `anchors` are the live sections'. */
export function reportFormChoices(anchors: ReadonlySet<string>): Record<string, ChoiceCheck> {
  return {
    category: oneOf(NEAR_MISS_CATEGORIES),
    severity: oneOf(NEAR_MISS_SEVERITIES),
    sections: (value) => anchors.has(value),
    teamId: (value) => /^\d{0,9}$/.test(value),
  };
}

export const STATUS_FORM_CHOICES: Record<string, ChoiceCheck> = { intent: oneOf(["lookup", "message"]) };
