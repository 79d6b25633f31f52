import { z } from "zod";
import { NEAR_MISS_CATEGORIES, NEAR_MISS_SEVERITIES } from "~/app/vocabulary";
import { CODE_PROBLEMS, parseReceiptCode } from "./receipt-code";

/**
 * The near-miss forms' schemas and limits, shared by the browser (validation as you type) and the
 * server. No message repeats what was typed.
 */

/** A section anchor's shape: `ANCHOR_PATTERN` of `app/content/policy.ts`, which the browser cannot load (a test keeps them equal). */
export const SECTION_ANCHOR = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

export const TEXT_LIMITS = { whatHappened: 5000, tool: 200, message: 3000 } as const;
/** Reports one person may file in a day (counted under a keyed hash, see `reports.server.ts`). */
export const REPORTS_PER_DAY = 10;

/** Same words, same status for a code that was never issued and for a report that is gone. */
export const NOT_FOUND_MESSAGE = "No report matches this receipt code. Check the code; if it is right, the report may have been removed.";
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

