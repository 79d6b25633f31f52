import { z } from "zod";
import { writeDrillRecord } from "~/app/content/drill-yaml";
import { parseYaml } from "~/app/content/yaml-source";

/**
 * What the studio editor's form holds: every field of the drill format as the author typed it.
 * Nothing here is judged: the form is written as drill-format YAML (the studio drill's source) and
 * the validator `content:check` uses says what is wrong, with the same messages.
 */
export type StudioFlawFields = { type: string; quote: string; occurrence: string; explanation: string; policy: string; accept: string };
export type StudioFields = {
  id: string;
  title: string;
  locale: string;
  channel: string;
  skills: string;
  difficulty: string;
  customer: string;
  draft: string;
  expected: string;
  escalation: string;
  flaws: StudioFlawFields[];
};

/** Generous bounds so a pasted novel is refused in words instead of stored. */
export const STUDIO_LIMITS = { text: 20_000, line: 300, flaws: 20 } as const;

const text = (label: string, max: number = STUDIO_LIMITS.line) =>
  z
    .string()
    .max(max, `${label} is longer than ${max.toLocaleString("en")} characters`)
    .refine((value) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(value), `${label} contains control characters; remove them`)
    .default("");

const flawFieldsSchema = z.object({
  type: text("flaw type"),
  quote: text("quote", STUDIO_LIMITS.text),
  occurrence: text("occurrence"),
  explanation: text("explanation", STUDIO_LIMITS.text),
  policy: text("policy"),
  accept: text("accept"),
});

export const studioFieldsSchema = z.object({
  id: text("id"),
  title: text("title"),
  locale: text("locale"),
  channel: text("channel"),
  skills: text("skills"),
  difficulty: text("difficulty"),
  customer: text("customer message", STUDIO_LIMITS.text),
  draft: text("draft", STUDIO_LIMITS.text),
  expected: text("expected decision"),
  escalation: text("escalation", STUDIO_LIMITS.text),
  flaws: z.array(flawFieldsSchema).max(STUDIO_LIMITS.flaws, `a drill has at most ${STUDIO_LIMITS.flaws} flaws`).default([]),
});

const list = (value: string) => value.split(/[\s,]+/).filter((item) => item !== "");
/** A whole number stays a number so the validator judges its range; anything else stays text for its message. */
const numberOrText = (value: string) => (/^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value.trim());
const normalise = (value: string) => value.replace(/\r\n?/g, "\n");

/** The form written as a drill file. Empty optional fields are left out, as an author would. */
export function sourceOfFields(fields: StudioFields): string {
  const record: Record<string, unknown> = {
    id: fields.id.trim(),
    title: fields.title.trim(),
    locale: fields.locale.trim(),
    channel: fields.channel.trim() === "" ? undefined : fields.channel.trim(),
    skills: list(fields.skills),
    difficulty: numberOrText(fields.difficulty),
    customer: withFinalNewline(normalise(fields.customer)),
    draft: normalise(fields.draft).replace(/\n+$/, ""),
    flaws: fields.flaws.map((flaw) => {
      const written: Record<string, unknown> = { type: flaw.type.trim(), quote: normalise(flaw.quote) };
      if (flaw.occurrence.trim() !== "") written.occurrence = numberOrText(flaw.occurrence);
      written.explanation = normalise(flaw.explanation).trim();
      if (flaw.policy.trim() !== "") written.policy = flaw.policy.trim();
      if (flaw.accept.trim() !== "") written.accept = list(flaw.accept);
      return written;
    }),
  };
  if (fields.expected.trim() !== "") record.expected = fields.expected.trim();
  if (fields.escalation.trim() !== "") record.escalation = normalise(fields.escalation).trim();
  for (const key of Object.keys(record)) if (record[key] === undefined) delete record[key];
  return writeDrillRecord(record);
}

function withFinalNewline(value: string) {
  return value === "" || value.endsWith("\n") ? value : `${value}\n`;
}

/** A stored source read back into the form, leniently: the studio shows what is there, wrong or not. */
export function fieldsOfSource(source: string): StudioFields {
  const { value } = parseYaml(source, "studio");
  const record = isRecord(value) ? value : {};
  const flaws = Array.isArray(record.flaws) ? record.flaws.filter(isRecord) : [];
  return {
    id: asText(record.id),
    title: asText(record.title),
    locale: asText(record.locale),
    channel: asText(record.channel),
    skills: Array.isArray(record.skills) ? record.skills.map(asText).join(", ") : asText(record.skills),
    difficulty: asText(record.difficulty),
    customer: asText(record.customer),
    draft: asText(record.draft),
    expected: asText(record.expected),
    escalation: asText(record.escalation),
    flaws: flaws.map((flaw) => ({
      type: asText(flaw.type),
      quote: asText(flaw.quote),
      occurrence: asText(flaw.occurrence),
      explanation: asText(flaw.explanation),
      policy: asText(flaw.policy),
      accept: Array.isArray(flaw.accept) ? flaw.accept.map(asText).join(", ") : asText(flaw.accept),
    })),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function asText(value: unknown): string {
  return value === undefined || value === null ? "" : String(value);
}

/** An empty flaw row, for the form's "add a flaw" and for a quote selected in the draft. */
export function flawFields(values: Partial<StudioFlawFields> = {}): StudioFlawFields {
  return { type: "", quote: "", occurrence: "", explanation: "", policy: "", accept: "", ...values };
}
