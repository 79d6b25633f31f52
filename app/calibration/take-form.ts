import { z } from "zod";
import { MarksFieldSchema, TimeOnTaskSchema } from "~/app/practice/attempt-form";
import { CHOOSE_DECISION } from "~/app/practice/attempt-messages";
import { DECISIONS } from "~/app/vocabulary";

/** What the calibration take page posts: the drill page's marks and decision, and the time taken (no rewrite: the take is about spotting and deciding). */
export const TakeFormSchema = z.object({
  marks: MarksFieldSchema,
  decision: z.enum(DECISIONS, { error: CHOOSE_DECISION }),
  timeOnTaskMs: TimeOnTaskSchema,
});
export type TakeForm = z.output<typeof TakeFormSchema>;
