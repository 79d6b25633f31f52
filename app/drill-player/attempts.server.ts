import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client.server";
import { agentRatings, attempts, drillRatings, reviewCards, servedDrills, type AttemptRow } from "../../db/schema";
import { gradeFromScore, newCard, reviewCard, type ReviewCardState } from "../practice/fsrs";
import { DEFAULT_RATING, rateAttempt, type Rating } from "../practice/glicko2";
import { scoreAttempt, ScoringInputError, type AttemptScore } from "../practice/scoring";
import type { AttemptForm } from "./attempt-input";
import { loadRevision, restrictedDetectors, restrictedFinder } from "./library.server";

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

async function lockedRating(tx: Db, table: typeof agentRatings | typeof drillRatings, where: ReturnType<typeof eq>): Promise<Rating> {
  const [row] = await tx.select().from(table).where(where).for("update");
  return row ? { rating: row.rating, rd: row.rd, volatility: row.volatility } : DEFAULT_RATING;
}

/**
 * Records one attempt. Idempotent on (user, clientId): a double click, a
 * resubmit or a replay returns the attempt already stored. The server
 * re-scores from the stored revision and never trusts a client's score. The
 * attempt, both ratings and the review schedule change in one transaction.
 */
export async function submitAttempt({ db, userId, servedId, form, now = new Date() }: { db: Db; userId: number; servedId: number; form: AttemptForm; now?: Date }): Promise<SubmitResult> {
  const existing = await findByClientId({ db, userId, clientId: form.clientId });
  if (existing) return { attemptId: existing.id, duplicate: true };

  const [served] = await db.select().from(servedDrills).where(and(eq(servedDrills.id, servedId), eq(servedDrills.userId, userId)));
  if (!served) throw new AttemptRejected(404, "This drill was not served to you.");
  if (served.revisionId !== form.revisionId) {
    throw new AttemptRejected(400, `revisionId: you were served revision ${served.revisionId} of this drill, not ${form.revisionId}.`);
  }
  const revision = await loadRevision({ db, revisionId: served.revisionId });
  if (!revision) throw new AttemptRejected(404, "This drill revision no longer exists.");
  const { drill } = revision;

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
    await tx.insert(agentRatings).values({ userId, ...DEFAULT_RATING }).onConflictDoNothing();
    await tx.insert(drillRatings).values({ drillId: served.drillId, ...DEFAULT_RATING }).onConflictDoNothing();
    const agentBefore = await lockedRating(tx, agentRatings, eq(agentRatings.userId, userId));
    const drillBefore = await lockedRating(tx, drillRatings, eq(drillRatings.drillId, served.drillId));

    const again = await findByClientId({ db: tx, userId, clientId: form.clientId });
    if (again) return { attemptId: again.id, duplicate: true };
    const [answered] = await tx.select({ id: attempts.id }).from(attempts).where(eq(attempts.servedId, served.id));
    if (answered) throw new AttemptRejected(409, `This drill was already submitted (attempt ${answered.id}); open it from your progress page.`);

    const rated = rateAttempt({ agent: agentBefore, drill: drillBefore, score: score.gameScore });
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
      .returning({ id: attempts.id });
    if (!attempt) throw new Error("attempt insert returned nothing");

    await tx.update(agentRatings).set({ ...rated.agent, updatedAt: now }).where(eq(agentRatings.userId, userId));
    await tx.update(drillRatings).set({ ...rated.drill, updatedAt: now }).where(eq(drillRatings.drillId, served.drillId));
    await scheduleReviews({ tx, userId, drillId: served.drillId, score, seconds: form.timeOnTaskMs / 1000, now });
    return { attemptId: attempt.id, duplicate: false };
  });
}

async function findByClientId({ db, userId, clientId }: { db: Db; userId: number; clientId: string }): Promise<Pick<AttemptRow, "id"> | null> {
  const [row] = await db.select({ id: attempts.id }).from(attempts).where(and(eq(attempts.userId, userId), eq(attempts.clientId, clientId)));
  return row ?? null;
}

/**
 * One FSRS card per flaw type the drill plants, and one for the drill itself
 * once it was got wrong (missed, mistyped, false alarm); a drill card that
 * exists keeps being reviewed until it is learned.
 */
async function scheduleReviews({ tx, userId, drillId, score, seconds, now }: { tx: Db; userId: number; drillId: string; score: AttemptScore; seconds: number; now: Date }) {
  const updates: { kind: string; key: string; grade: ReturnType<typeof gradeFromScore> }[] = [];
  for (const flawType of new Set(score.flaws.map((f) => f.type))) {
    updates.push({ kind: "flaw_type", key: flawType, grade: gradeFromScore({ score, flawType, seconds }) });
  }
  const drillGrade = gradeFromScore({ score, seconds });
  const [drillCard] = await tx.select().from(reviewCards).where(and(eq(reviewCards.userId, userId), eq(reviewCards.kind, "drill"), eq(reviewCards.key, drillId)));
  const gotWrong = score.outcome === "miss" || score.outcome === "false_alarm" || score.counts.missed > 0 || score.counts.mistyped > 0;
  if (drillCard || gotWrong) updates.push({ kind: "drill", key: drillId, grade: drillGrade });

  for (const { kind, key, grade } of updates) {
    const [row] = await tx.select().from(reviewCards).where(and(eq(reviewCards.userId, userId), eq(reviewCards.kind, kind), eq(reviewCards.key, key)));
    const card = reviewCard({ card: row ? ReviewCardSchema.parse(row.card) : newCard(now), grade, now });
    await tx
      .insert(reviewCards)
      .values({ userId, kind, key, card, due: new Date(card.due) })
      .onConflictDoUpdate({ target: [reviewCards.userId, reviewCards.kind, reviewCards.key], set: { card, due: new Date(card.due) } });
  }
}
