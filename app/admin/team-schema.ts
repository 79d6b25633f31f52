import { z } from "zod";

export const TeamSchema = z.object({
  name: z.string({ error: "Enter a team name." }).trim().min(1, "Enter a team name.").max(80, "Use at most 80 characters."),
  leaderIds: z.array(z.number().int()).default([]),
});
