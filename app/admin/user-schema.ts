import { z } from "zod";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "~/app/auth/password-rules";
import { PRACTICE_LANGUAGES, ROLES } from "~/app/vocabulary";

export const passwordField = z
  .string({ error: "Enter a password." })
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`)
  .max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters.`);

export const UserFieldsSchema = z.object({
  email: z.email({ error: (issue) => (issue.input === undefined ? "Enter an email address." : "Enter a valid email address.") }),
  name: z.string({ error: "Enter a name." }).trim().min(1, "Enter a name.").max(120, "Use at most 120 characters."),
  role: z.enum(ROLES, { error: "Choose a role." }),
  teamId: z.number({ error: "Choose a team." }).int(),
});

/** The agent's id in the live AI assistant (production events may name agents by it); empty for none. */
export const agentRefField = z
  .string()
  .trim()
  .min(1, "Enter a reference, or leave the field empty for none.")
  .max(200, "Use at most 200 characters.")
  .refine((ref) => !/[\u0000-\u001f\u007f]/.test(ref), "Use letters, digits and punctuation only.")
  .optional();

/**
 * A user's practice languages as a form sends them: "follow the team's default", or the
 * languages ticked (at least one). The form always sends `practiceLanguagesShown`; a post
 * without it (an older script editing a user) leaves the languages as they are.
 */
export const PracticeLanguageFields = {
  followTeamLanguages: z.boolean().default(false),
  practiceLanguages: z.array(z.enum(PRACTICE_LANGUAGES, { error: "Choose languages from the list." })).optional(),
  practiceLanguagesShown: z.literal("yes").optional(),
};

type LanguageChoice = { followTeamLanguages: boolean; practiceLanguages?: string[] | undefined; practiceLanguagesShown?: "yes" | undefined };

/** Refuses a choice of no language at all; `always` also refuses a post that leaves the fields out. */
export function requireLanguagesUnlessFollowing({ always }: { always: boolean }) {
  return (value: LanguageChoice, ctx: z.RefinementCtx) => {
    if ((always || value.practiceLanguagesShown) && !value.followTeamLanguages && (value.practiceLanguages ?? []).length === 0)
      ctx.addIssue({ code: "custom", path: ["practiceLanguages"], message: "Choose at least one language to practise in, or follow the team's default." });
  };
}

/** null follows the team's default; undefined (the fields were not sent) leaves the languages as they are. */
export function chosenPracticeLanguages(value: LanguageChoice): string[] | null | undefined {
  if (value.followTeamLanguages) return null;
  if ((value.practiceLanguages ?? []).length > 0) return value.practiceLanguages;
  return value.practiceLanguagesShown ? [] : undefined;
}
