import { z } from "zod";
import { summariseAttempt, type AttemptSummary } from "../practice/metrics";
import type { AttemptScore } from "../practice/scoring";
import { DECISIONS, FLAW_TYPES, OUTCOMES } from "../practice/types";

const span = { start: z.number(), end: z.number() };

/** An attempt's stored `result`, read back as the AttemptScore it was written from. */
export const StoredScoreSchema = z.object({
  flawed: z.boolean(),
  flaws: z.array(z.object({ index: z.number(), type: z.enum(FLAW_TYPES), ...span, status: z.enum(["caught", "mistyped", "missed"]), markedAs: z.array(z.enum(FLAW_TYPES)) })),
  falseFlags: z.array(z.object({ ...span, type: z.enum(FLAW_TYPES) })),
  counts: z.object({
    planted: z.number(),
    caught: z.number(),
    correctlyTyped: z.number(),
    mistyped: z.number(),
    missed: z.number(),
    falseFlags: z.number(),
    marks: z.number(),
  }),
  outcome: z.enum(OUTCOMES),
  decision: z.enum(DECISIONS),
  expected: z.enum(DECISIONS),
  decisionMatches: z.boolean(),
  decisionNote: z.string().nullable(),
  rewriteCheck: z
    .object({ leftIn: z.array(z.number()), leaked: z.array(z.object({ ...span, category: z.string() })), removed: z.number(), planted: z.number() })
    .nullable(),
  points: z.number(),
  maxPoints: z.number(),
  pointsBreakdown: z.array(
    z.object({ kind: z.enum(["caught", "mistyped", "false_flag", "decision", "left_in", "leaked", "floor"]), label: z.string(), count: z.number(), points: z.number() }),
  ),
  gameScore: z.number(),
}) satisfies z.ZodType<AttemptScore>;

export function readScore(result: unknown): AttemptScore {
  return StoredScoreSchema.parse(result);
}

export function summaryOf(row: { createdAt: Date; result: unknown }): AttemptSummary {
  return summariseAttempt({ at: row.createdAt, score: readScore(row.result) });
}
