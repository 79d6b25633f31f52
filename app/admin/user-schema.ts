import { z } from "zod";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "~/app/auth/password-rules";
import { ROLES } from "~/app/vocabulary";

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
