import { z } from "zod";
import { FLAW_TYPES } from "~/app/vocabulary";

export const ASSIGNMENT_MODES = ["list", "filter"] as const;
export type AssignmentMode = (typeof ASSIGNMENT_MODES)[number];

/** The most drills one assignment may hold, however it is chosen. */
export const MAX_ASSIGNMENT_DRILLS = 100;

/**
 * A `<input type="date">` day becomes the end of that day in UTC, so an assignment due
 * "today" stays open until the day is over (and agents' lists show the same date).
 */
export function endOfDayUtc(day: string) {
  return new Date(`${day}T23:59:59.999Z`);
}

const common = {
  title: z.string({ error: "Enter a title." }).trim().min(1, "Enter a title.").max(120, "Use at most 120 characters."),
  teamIds: z.array(z.number().int(), { error: "Choose at least one team." }).min(1, "Choose at least one team."),
  dueAt: z.iso.date({ error: "Choose a due date." }).transform(endOfDayUtc),
};

const countField = z
  .number({ error: "Enter how many drills to assign." })
  .int("Enter a whole number.")
  .min(1, "Assign at least one drill.")
  .max(MAX_ASSIGNMENT_DRILLS, `Assign at most ${MAX_ASSIGNMENT_DRILLS} drills.`);

const listShape = {
  mode: z.literal("list"),
  drillIds: z
    .array(z.string().min(1), { error: "Pick at least one drill." })
    .min(1, "Pick at least one drill.")
    .max(MAX_ASSIGNMENT_DRILLS, `Pick at most ${MAX_ASSIGNMENT_DRILLS} drills.`),
};

const filterShape = {
  mode: z.literal("filter"),
  flawTypes: z.array(z.enum(FLAW_TYPES, { error: "Choose a known flaw type." })).default([]),
  skills: z.array(z.string().min(1)).default([]),
  locale: z
    .string()
    .trim()
    .optional()
    .transform((value) => value || null),
  count: countField,
};

const modeError = { error: "Choose how to pick the drills." };

/** One schema for the browser and the server; business rules (teams, drills, dates) live in assignments.server. */
export const AssignmentSchema = z.discriminatedUnion("mode", [z.object({ ...common, ...listShape }), z.object({ ...common, ...filterShape })], modeError);

export type AssignmentInput = z.output<typeof AssignmentSchema>;

/** The version the editor opened: a save from an older one is refused (assignments.server). */
const editCommon = { ...common, version: z.number({ error: "This form has no version; reload the page." }).int().positive("This form has no version; reload the page.") };

/** Editing: the same fields, plus the version, and "keep" to leave the drill list as it is. */
export const EditAssignmentSchema = z.discriminatedUnion(
  "mode",
  [z.object({ ...editCommon, mode: z.literal("keep") }), z.object({ ...editCommon, ...listShape }), z.object({ ...editCommon, ...filterShape })],
  modeError,
);

export const CancelAssignmentSchema = z.object({
  version: editCommon.version,
  confirm: z.literal("yes", { error: "Confirm that the assignment is to be cancelled." }),
});

/** An assignment's route params: `/assignments/:assignmentId…`. */
export const AssignmentParams = z.object({ assignmentId: z.coerce.number().int().positive() });
