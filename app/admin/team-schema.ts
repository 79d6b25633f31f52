import { z } from "zod";
import { PRACTICE_LANGUAGES } from "~/app/vocabulary";

const CHOOSE_LANGUAGE = "Choose at least one language to practise in.";
export const CHOOSE_WORKING_DAY = "Choose at least one working day.";

export const TeamSchema = z.object({
  name: z.string({ error: "Enter a team name." }).trim().min(1, "Enter a team name.").max(80, "Use at most 80 characters."),
  leaderIds: z.array(z.number().int()).default([]),
  /**
   * The team's default practice languages. The team form always sends `practiceLanguagesShown`,
   * so unticking every box is refused; a post without the form's field (an older script) keeps
   * the team's languages (English for a new team).
   */
  practiceLanguages: z.array(z.enum(PRACTICE_LANGUAGES, { error: "Choose languages from the list." })).optional(),
  practiceLanguagesShown: z.literal("yes").optional(),
  /** The team's working days (ISO weekdays), the days a day streak counts; shown and kept like the languages. */
  workingDays: z.array(z.number({ error: "Choose days from the list." }).int().min(1, "Choose days from the list.").max(7, "Choose days from the list.")).optional(),
  workingDaysShown: z.literal("yes").optional(),
}).superRefine((value, ctx) => {
  if (value.practiceLanguagesShown && (value.practiceLanguages ?? []).length === 0) ctx.addIssue({ code: "custom", path: ["practiceLanguages"], message: CHOOSE_LANGUAGE });
  if (value.workingDaysShown && (value.workingDays ?? []).length === 0) ctx.addIssue({ code: "custom", path: ["workingDays"], message: CHOOSE_WORKING_DAY });
});
