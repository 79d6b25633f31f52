import { z } from "zod";
import { PRACTICE_LANGUAGES } from "~/app/vocabulary";

const CHOOSE_LANGUAGE = "Choose at least one language to practise in.";

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
}).superRefine((value, ctx) => {
  if (value.practiceLanguagesShown && (value.practiceLanguages ?? []).length === 0) ctx.addIssue({ code: "custom", path: ["practiceLanguages"], message: CHOOSE_LANGUAGE });
});
