import { z } from "zod";
import { NEAR_MISS_CATEGORIES, NEAR_MISS_SEVERITIES } from "~/app/vocabulary";
import { CODE_PROBLEMS, parseReceiptCode } from "./receipt-code";
import { redact, type RedactionRules } from "./redaction";

/**
 * The near-miss forms' schemas and limits, shared by the browser (validation as you type) and the
 * server. No message repeats what was typed.
 */

/** A section anchor's shape: `ANCHOR_PATTERN` of `app/content/policy.ts`, which the browser cannot load (a test keeps them equal). */
export const SECTION_ANCHOR = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

export const TEXT_LIMITS = { whatHappened: 5000, tool: 200, message: 3000 } as const;
export const MAX_SECTIONS = 20;

const text = ({ field, required, limit }: { field: string; required: string; limit: number }) =>
  z
    .string({ error: required })
    .trim()
    .min(1, required)
    .max(limit, `Keep ${field} to at most ${limit} characters.`);

export const ReportFormSchema = z.object({
  whatHappened: text({ field: "the description", required: "Describe what happened.", limit: TEXT_LIMITS.whatHappened }),
  tool: text({ field: "the tool's name", required: "Name the AI tool or feature, e.g. “reply assistant”.", limit: TEXT_LIMITS.tool }),
  category: z.enum(NEAR_MISS_CATEGORIES, { error: "Pick what kind of problem it was." }),
  severity: z.enum(NEAR_MISS_SEVERITIES, { error: "Pick your guess of how serious it was." }),
  sections: z
    .array(z.string({ error: "Pick policy sections from the list." }).regex(SECTION_ANCHOR, "Pick policy sections from the list."), { error: "Pick policy sections from the list." })
    .max(MAX_SECTIONS, `Pick at most ${MAX_SECTIONS} policy sections.`)
    .default([]),
  teamId: z.number({ error: "Pick a team from the list, or leave it at “Don’t say”." }).int("Pick a team from the list.").positive("Pick a team from the list.").optional(),
});
export type ReportForm = z.infer<typeof ReportFormSchema>;

const codeField = z.string({ error: CODE_PROBLEMS.empty }).transform((value, context) => {
  const parsed = parseReceiptCode(value);
  if (parsed.ok) return parsed.code;
  context.addIssue({ code: "custom", message: CODE_PROBLEMS[parsed.problem] });
  return z.NEVER;
});

export const StatusFormSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("lookup"), code: codeField }),
  z.object({ intent: z.literal("message"), code: codeField, message: text({ field: "your message", required: "Write a message first.", limit: TEXT_LIMITS.message }) }),
], { error: "Send the form from the status page." });

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
