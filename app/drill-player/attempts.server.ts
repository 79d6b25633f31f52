import { and, eq, inArray, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client.server";
import { agentRatings, attempts, drillRatings, drillRevisions, reviewCards, servedDrills } from "../../db/schema";
import { gradeFromScore, newCard, reviewCard, type ReviewCardState } from "../practice/fsrs";
import { DEFAULT_RATING, rateAttempt, type Rating } from "../practice/glicko2";
import { scoreAttempt, ScoringInputError, type AttemptScore } from "../practice/scoring";
import type { AttemptForm } from "./attempt-input";
import { parseStoredDrill, restrictedDetectors, restrictedFinder } from "./library.server";

/** A submission the server refuses; the message says what is wrong and where. */
export class AttemptRejected extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
  ) {
    super(message);
    this.name = "AttemptRejected";
  }
}

export type SubmitResult = { attemptId: number; duplicate: boolean };

const ReviewCardSchema = z.object({
  due: z.string(),
  stability: z.number(),
  difficulty: z.number(),
  elapsedDays: z.number(),
  scheduledDays: z.number(),
  learningSteps: z.number(),
  reps: z.number(),
  lapses: z.number(),
  state: z.enum(["New", "Learning", "Review", "Relearning"]),
  lastReview: z.string().nullable(),
}) satisfies z.ZodType<ReviewCardState>;

/**
 * Creates the rating row if needed and locks it, in one statement: the
 * no-op update takes the row lock and returns the current rating.
 */
async function lockAgentRating(tx: Db, userId: number): Promise<Rating> {
  const [row] = await tx
    .insert(agentRatings)
    .values({ userId, ...DEFAULT_RATING })
    .onConflictDoUpdate({ target: agentRatings.userId, set: { userId: sql`excluded.user_id` } })
    .returning({ rating: agentRatings.rating, rd: agentRatings.rd, volatility: agentRatings.volatility });
  return row ?? DEFAULT_RATING;
}

async function lockDrillRating(tx: Db, drillId: string): Promise<Rating> {
  const [row] = await tx
    .insert(drillRatings)
    .values({ drillId, ...DEFAULT_RATING })
    .onConflictDoUpdate({ target: drillRatings.drillId, set: { drillId: sql`excluded.drill_id` } })
    .returning({ rating: drillRatings.rating, rd: drillRatings.rd, volatility: drillRatings.volatility });
  return row ?? DEFAULT_RATING;
}

/**
 * Records one attempt. Idempotent on (user, clientId): a double click, a
 * resubmit or a replay returns the attempt already stored. The server
 * re-scores from the stored revision and never trusts a client's score. The
 * attempt, both ratings and the review schedule change in one transaction.
 */
export async function submitAttempt({ db, userId, servedId, form, now = new Date() }: { db: Db; userId: number; servedId: number; form: AttemptForm; now?: Date }): Promise<SubmitResult> {
  const [row] = await db
    .select({ served: servedDrills, content: drillRevisions.content, answeredBy: attempts.id, answeredWith: attempts.clientId })
    .from(servedDrills)
    .innerJoin(drillRevisions, eq(drillRevisions.id, servedDrills.revisionId))
    .leftJoin(attempts, eq(attempts.servedId, servedDrills.id))
    .where(and(eq(servedDrills.id, servedId), eq(servedDrills.userId, userId)));
  if (!row) throw new AttemptRejected(404, "This drill was not served to you.");
  const { served } = row;
  if (row.answeredBy !== null) {
    if (row.answeredWith === form.clientId) return { attemptId: row.answeredBy, duplicate: true };
    throw alreadySubmitted(row.answeredBy);
  }
  if (served.revisionId !== form.revisionId) {
    throw new AttemptRejected(400, `revisionId: you were served revision ${served.revisionId} of this drill, not ${form.revisionId}.`);
  }
  const drill = parseStoredDrill(row.content);

  let score: AttemptScore;
  try {
    score = scoreAttempt({
      draft: drill.draft,
      flaws: drill.flaws.map((f, index) => ({ index, type: f.type, quote: f.quote, start: f.start, end: f.end, policy: f.policy })),
      marks: form.marks,
      decision: form.decision,
      expected: drill.expectedDecision,
      rewrite: form.decision === "rewrite" ? form.rewrite : undefined,
      findRestricted: restrictedFinder(await restrictedDetectors({ db })),
    });
  } catch (error) {
    if (error instanceof ScoringInputError) throw new AttemptRejected(400, `marks: ${error.message}`);
    throw error;
  }

  return db.transaction(async (tx) => {
    // Locking the agent's rating row first serialises this agent's submissions.
    const agentBefore = await lockAgentRating(tx, userId);
    const drillBefore = await lockDrillRating(tx, served.drillId);
    const rated = rateAttempt({ agent: agentBefore, drill: drillBefore, score: score.gameScore });
    // The unique indexes on (user, client id) and on the served drill decide
    // between a replay and a second attempt; with the lock held, no race.
    const [attempt] = await tx
      .insert(attempts)
      .values({
        clientId: form.clientId,
        userId,
        drillId: served.drillId,
        revisionId: served.revisionId,
        servedId: served.id,
        assignmentId: served.assignmentId,
        decision: form.decision,
        marks: form.marks,
        rewrite: form.decision === "rewrite" ? (form.rewrite ?? null) : null,
        escalationReason: form.decision === "escalate" ? (form.escalationReason ?? null) : null,
        timeOnTaskMs: form.timeOnTaskMs,
        result: score,
        flawed: score.flawed,
        outcome: score.outcome,
        points: score.points,
        gameScore: score.gameScore,
        agentRating: rated.agent.rating,
        agentRatingDelta: rated.agent.rating - agentBefore.rating,
        createdAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: attempts.id });
    if (!attempt) {
      const [stored] = await tx
        .select({ id: attempts.id, clientId: attempts.clientId, userId: attempts.userId })
        .from(attempts)
        .where(or(and(eq(attempts.userId, userId), eq(attempts.clientId, form.clientId)), eq(attempts.servedId, served.id)));
      if (stored && stored.userId === userId && stored.clientId === form.clientId) return { attemptId: stored.id, duplicate: true };
      throw alreadySubmitted(stored?.id ?? 0);
    }

    await tx.update(agentRatings).set({ ...rated.agent, updatedAt: now }).where(eq(agentRatings.userId, userId));
    await tx.update(drillRatings).set({ ...rated.drill, updatedAt: now }).where(eq(drillRatings.drillId, served.drillId));
    await scheduleReviews({ tx, userId, drillId: served.drillId, score, seconds: form.timeOnTaskMs / 1000, now });
    return { attemptId: attempt.id, duplicate: false };
  });
}

function alreadySubmitted(attemptId: number) {
  return new AttemptRejected(409, `This drill was already submitted (attempt ${attemptId}); open it from your progress page.`);
}

/**
 * One FSRS card per flaw type the drill plants, and one for the drill itself
 * once it was got wrong (missed, mistyped, false alarm); a drill card that
 * exists keeps being reviewed until it is learned. One read, one upsert.
 */
async function scheduleReviews({ tx, userId, drillId, score, seconds, now }: { tx: Db; userId: number; drillId: string; score: AttemptScore; seconds: number; now: Date }) {
  const flawTypes = [...new Set(score.flaws.map((f) => f.type))];
  const existing = await tx
    .select()
    .from(reviewCards)
    .where(
      and(
        eq(reviewCards.userId, userId),
        or(and(eq(reviewCards.kind, "drill"), eq(reviewCards.key, drillId)), and(eq(reviewCards.kind, "flaw_type"), inArray(reviewCards.key, flawTypes.length > 0 ? flawTypes : [""]))),
      ),
    );
  const cardOf = (kind: string, key: string) => existing.find((c) => c.kind === kind && c.key === key);
  const updates: { kind: string; key: string; grade: ReturnType<typeof gradeFromScore> }[] = flawTypes.map((flawType) => ({ kind: "flaw_type", key: flawType, grade: gradeFromScore({ score, flawType, seconds }) }));
  const gotWrong = score.outcome === "miss" || score.outcome === "false_alarm" || score.counts.missed > 0 || score.counts.mistyped > 0;
  if (cardOf("drill", drillId) || gotWrong) updates.push({ kind: "drill", key: drillId, grade: gradeFromScore({ score, seconds }) });
  if (updates.length === 0) return;

  const rows = updates.map(({ kind, key, grade }) => {
    const stored = cardOf(kind, key);
    const card = reviewCard({ card: stored ? ReviewCardSchema.parse(stored.card) : newCard(now), grade, now });
    return { userId, kind, key, card, due: new Date(card.due) };
  });
  await tx
    .insert(reviewCards)
    .values(rows)
    .onConflictDoUpdate({ target: [reviewCards.userId, reviewCards.kind, reviewCards.key], set: { card: sql`excluded.card`, due: sql`excluded.due` } });
}
