import { z } from "zod";

export const TOKEN_NAME_MAX = 100;

/** What a token is for, e.g. "Zendesk assistant (production)"; shown in the list, never secret. */
export const tokenNameField = z
  .string({ error: "Enter a name for the token." })
  .trim()
  .min(1, "Enter a name for the token.")
  .max(TOKEN_NAME_MAX, `Use at most ${TOKEN_NAME_MAX} characters.`)
  .refine((name) => !/[\u0000-\u001f\u007f]/.test(name), "Use letters, digits, spaces and punctuation only.");

export const TokenFormSchema = z.object({ name: tokenNameField });
