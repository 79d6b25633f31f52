import { z } from "zod";
import { unstorableCharacter } from "~/app/text/storable";
import { DECISIONS, FLAW_TYPES } from "~/app/vocabulary";
import { CHOOSE_DECISION, RELOAD, SAY_WHY_ESCALATING, UNREADABLE_MARKS, WRITE_REWRITE } from "./attempt-messages";

const MAX_MARKS = 200;
const MAX_REWRITE = 20_000;
const MAX_REASON = 2_000;
const DAY_MS = 24 * 60 * 60 * 1000;

const UNKNOWN_TIME = `This page could not tell how long you spent on the drill. ${RELOAD}`;
const UNKNOWN_REVISION = `This page does not say which version of the drill it shows. ${RELOAD}`;

const offset = z.number({ error: UNREADABLE_MARKS }).int(UNREADABLE_MARKS).min(0, UNREADABLE_MARKS);

const MarkSchema = z.object({
  start: offset,
  end: offset,
  type: z.enum(FLAW_TYPES, { error: (issue) => `A mark has an unknown flaw type ${JSON.stringify(issue.input)}. ${RELOAD}` }),
});

/** The marks as the drill page posts them: JSON of {start, end, type}, at most 200 (also a calibration take's). */
export const MarksFieldSchema = z
  .string({ error: `Your marks did not arrive. ${RELOAD}` })
  .transform((text, ctx) => {
    try {
      const value: unknown = JSON.parse(text);
      return value;
    } catch {
      ctx.addIssue({ code: "custom", message: UNREADABLE_MARKS });
      return z.NEVER;
    }
  })
  .pipe(
    z
      .array(MarkSchema, { error: UNREADABLE_MARKS })
      .max(MAX_MARKS, `You can make at most ${MAX_MARKS} marks; remove some and submit again.`),
  );

/** Milliseconds from the page's load to its submit, measured by the page. */
export const TimeOnTaskSchema = z.number({ error: UNKNOWN_TIME }).int(UNKNOWN_TIME).min(0, UNKNOWN_TIME).max(DAY_MS, UNKNOWN_TIME).default(0);

/** Text PostgreSQL can store: a NUL or a broken character is refused here, at its field, never inside a query. */
function storable(schema: z.ZodString, what: string) {
  return schema.superRefine((text, ctx) => {
    const problem = unstorableCharacter(text);
    if (problem) ctx.addIssue({ code: "custom", message: `${what} contains ${problem}, which cannot be saved. Remove it and submit again.` });
  });
}

/**
 * What the drill page posts, parsed with conform's `parseWithZod` (which turns the form's strings
 * into numbers and empty strings into "missing"). Marks travel as JSON; everything is re-checked
 * against the stored revision. Messages are for the person at the page: they never name a field,
 * and the ones about inputs the page fills in (clientId, revisionId, marks, timeOnTaskMs) say
 * how to recover, because the page shows them for the form as a whole.
 */
export const AttemptFormSchema = z
  .object({
    clientId: z.uuid({ error: `This page did not finish loading, so your answer was not sent. ${RELOAD}` }),
    revisionId: z
      .number({ error: UNKNOWN_REVISION })
      .int(UNKNOWN_REVISION)
      .positive(UNKNOWN_REVISION),
    marks: MarksFieldSchema,
    decision: z.enum(DECISIONS, { error: CHOOSE_DECISION }),
    rewrite: storable(z.string({ error: `Your rewrite could not be read. ${RELOAD}` }).max(MAX_REWRITE, `Keep your rewrite under ${MAX_REWRITE.toLocaleString("en")} characters.`), "Your rewrite").optional(),
    escalationReason: storable(z.string({ error: `Your reason could not be read. ${RELOAD}` }).trim().max(MAX_REASON, `Keep the reason under ${MAX_REASON.toLocaleString("en")} characters.`), "Your reason").optional(),
    timeOnTaskMs: TimeOnTaskSchema,
  })
  .superRefine((value, ctx) => {
    if (value.decision === "rewrite" && !value.rewrite?.trim()) {
      ctx.addIssue({ code: "custom", path: ["rewrite"], message: WRITE_REWRITE });
    }
    if (value.decision === "escalate" && !value.escalationReason) {
      ctx.addIssue({ code: "custom", path: ["escalationReason"], message: SAY_WHY_ESCALATING });
    }
  });

export type AttemptForm = z.output<typeof AttemptFormSchema>;
