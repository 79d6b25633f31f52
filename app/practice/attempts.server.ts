import { and, eq, inArray, or, sql } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { assignments, attempts, drillRevisions, drills, reviewCards, servedDrills, users } from "~/db/schema";
import { countIntoRollups } from "~/app/insights/rollups.server";
import { InputError } from "~/app/input-error";
import { knownAnchors } from "~/app/policies/anchors.server";
import { restrictedDetectors, restrictedFinder } from "~/app/policies/restricted.server";
import type { AttemptForm } from "./attempt-form";
import { RELOAD, UNREADABLE_MARKS } from "./attempt-messages";
import { gradeFromScore, newCard, reviewCard } from "./fsrs";
import { rateAttempt } from "./glicko2";
import { lockAgentRating, lockDrillRating, recordAttemptDay, recordProficiency, saveRatings } from "./ratings.server";
import { closedReason } from "./serve.server";
import { recordTier } from "./tier-history.server";
import { plantedFlaws } from "./planted-flaws";
import { scoreAttempt, type AttemptScore } from "./scoring";

export type SubmitResult = { attemptId: number; duplicate: boolean };

/**
 * Records one attempt. Idempotent on (user, clientId): a double click, a resubmit or a replay
 * returns the attempt already stored; the same client id on another served drill is refused.
 * The server re-scores from the stored revision and never trusts a client's score. Only the
 * agent's first attempt at a drill counts (points, both ratings); a later one, such as a due
 * spaced review, updates the review schedule only. Attempt, ratings, schedule and the served
 * drill's closing change in one transaction.
 */
export async function submitAttempt({ db, userId, servedId, form, now = new Date() }: { db: Db; userId: number; servedId: number; form: AttemptForm; now?: Date }): Promise<SubmitResult> {
  const [row] = await db
    .select({ served: servedDrills, content: drillRevisions.content, drillStatus: drills.status, assignmentCancelledAt: assignments.cancelledAt, teamId: users.teamId, answeredBy: attempts.id, answeredWith: attempts.clientId })
    .from(servedDrills)
    .innerJoin(drillRevisions, eq(drillRevisions.id, servedDrills.revisionId))
    .innerJoin(drills, eq(drills.id, servedDrills.drillId))
    .innerJoin(users, eq(users.id, servedDrills.userId))
    .leftJoin(attempts, eq(attempts.servedId, servedDrills.id))
    .leftJoin(assignments, eq(assignments.id, servedDrills.assignmentId))
    .where(and(eq(servedDrills.id, servedId), eq(servedDrills.userId, userId)));
  if (!row) throw new InputError(null, "This drill was not served to you.", { status: 404 });
  const { served } = row;
  if (row.answeredBy !== null) {
    if (row.answeredWith === form.clientId) return { attemptId: row.answeredBy, duplicate: true };
    throw alreadySubmitted(row.answeredBy);
  }
  // A concurrent submission of this same form may have committed since the read above.
  const earlier = await attemptWithClientId({ db, userId, clientId: form.clientId });
  if (earlier?.servedId === served.id) return { attemptId: earlier.id, duplicate: true };
  if (earlier) throw reusedClientId();
  const closed = closedReason({ drillStatus: row.drillStatus, closedAt: served.closedAt, assignmentCancelled: row.assignmentCancelledAt !== null });
  if (closed) throw new InputError(null, closed, { status: 409 });
  if (served.revisionId !== form.revisionId) {
    throw new InputError("revisionId", `You were served revision ${served.revisionId} of this drill, not ${form.revisionId}.`);
  }
  const drill = row.content;
  const score = scoreSubmitted({
    draft: drill.draft,
    flaws: plantedFlaws(drill),
    marks: form.marks,
    decision: form.decision,
    expected: drill.expected,
    rewrite: form.decision === "rewrite" ? form.rewrite : undefined,
    findRestricted: restrictedFinder(await restrictedDetectors({ db })),
    knownAnchors: await knownAnchors({ db }),
  });

  return db.transaction(async (tx) => {
    // Locking the agent's rating row serialises this agent's submissions: "is this the first
    // attempt?" cannot race.
    const agentBefore = await lockAgentRating({ tx, userId });
    const counted = !(await hasCountedAttempt({ tx, userId, drillId: served.drillId }));
    const rated = counted ? rateAttempt({ agent: agentBefore, drill: await lockDrillRating({ tx, drillId: served.drillId }), score: score.gameScore }) : null;
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
        teamId: row.teamId,
        decision: form.decision,
        marks: form.marks,
        rewrite: form.decision === "rewrite" ? (form.rewrite ?? null) : null,
        escalationReason: form.decision === "escalate" ? (form.escalationReason ?? null) : null,
        timeOnTaskMs: form.timeOnTaskMs,
        score,
        flawed: score.flawed,
        outcome: score.outcome,
        points: score.points,
        gameScore: score.gameScore,
        agentRating: rated?.agent.rating ?? agentBefore.rating,
        agentRatingDelta: rated ? rated.agent.rating - agentBefore.rating : 0,
        counted,
        createdAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: attempts.id });
    if (!attempt) {
      const [stored] = await tx
        .select({ id: attempts.id, clientId: attempts.clientId, servedId: attempts.servedId })
        .from(attempts)
        .where(or(and(eq(attempts.userId, userId), eq(attempts.clientId, form.clientId)), eq(attempts.servedId, served.id)));
      if (stored && stored.servedId === served.id && stored.clientId === form.clientId) return { attemptId: stored.id, duplicate: true };
      if (stored && stored.servedId !== served.id) throw reusedClientId();
      throw alreadySubmitted(stored?.id ?? 0);
    }

    await tx.update(servedDrills).set({ closedAt: now }).where(eq(servedDrills.id, served.id));
    await recordAttemptDay({ tx, userId, teamId: row.teamId, at: now });
    if (rated) {
      const volume = await saveRatings({ tx, userId, drillId: served.drillId, agent: rated.agent, drill: rated.drill, now });
      await countIntoRollups({ tx, attemptId: attempt.id, target: { teamId: row.teamId, userId, at: now, drillId: served.drillId, revisionId: served.revisionId }, attempt: { score, marks: form.marks, points: score.points, timeOnTaskMs: form.timeOnTaskMs }, flaws: drill.flaws });
      await recordProficiency({ tx, userId });
      await recordTier({ tx, userId, attemptId: attempt.id, at: now, volume });
    }
    await scheduleReviews({ tx, userId, drillId: served.drillId, score, seconds: form.timeOnTaskMs / 1000, now });
    return { attemptId: attempt.id, duplicate: false };
  });
}

/**
 * The scorer's refusals are worded for programmers ("mark 1 (0–900) lies outside the draft"). The
 * agent gets a sentence at the marks (shown for the form: the page fills that input in); a problem
 * with the stored drill itself is a server error, and its message (which may quote the answer)
 * never reaches the page.
 */
function scoreSubmitted(input: Parameters<typeof scoreAttempt>[0]): AttemptScore {
  try {
    return scoreAttempt(input);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    if (error.field !== "marks") throw new Error(`The stored drill revision cannot be scored (${error.problem ?? "unknown problem"}).`);
    const message = MARK_MESSAGES[error.problem ?? ""] ?? UNREADABLE_MARKS;
    throw new InputError("marks", message, { status: error.status, problem: error.problem });
  }
}

const MARK_MESSAGES: Record<string, string> = {
  mark_out_of_range: `One of your marks lies outside the draft. ${RELOAD}`,
  empty_mark: `One of your marks covers no text. ${RELOAD}`,
};

async function hasCountedAttempt({ tx, userId, drillId }: { tx: Db; userId: number; drillId: string }) {
  const [row] = await tx.select({ id: attempts.id }).from(attempts).where(and(eq(attempts.userId, userId), eq(attempts.drillId, drillId), eq(attempts.counted, true))).limit(1);
  return row !== undefined;
}

async function attemptWithClientId({ db, userId, clientId }: { db: Db; userId: number; clientId: string }) {
  const [used] = await db.select({ id: attempts.id, servedId: attempts.servedId }).from(attempts).where(and(eq(attempts.userId, userId), eq(attempts.clientId, clientId))).limit(1);
  return used;
}

function reusedClientId() {
  return new InputError("clientId", "This submission id was already used for another drill; reload the page to answer this one.", { status: 409 });
}

function alreadySubmitted(attemptId: number) {
  return new InputError(null, `This drill was already submitted (attempt ${attemptId}); open it from your progress page.`, { status: 409 });
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
  const cardOf = (kind: "flaw_type" | "drill", key: string) => existing.find((c) => c.kind === kind && c.key === key);
  const updates: { kind: "flaw_type" | "drill"; key: string; grade: ReturnType<typeof gradeFromScore> }[] = flawTypes.map((flawType) => ({ kind: "flaw_type", key: flawType, grade: gradeFromScore({ score, flawType, seconds }) }));
  const gotWrong = score.outcome === "miss" || score.outcome === "false_alarm" || score.counts.missed > 0 || score.counts.mistyped > 0;
  if (cardOf("drill", drillId) || gotWrong) updates.push({ kind: "drill", key: drillId, grade: gradeFromScore({ score, seconds }) });
  if (updates.length === 0) return;

  const rows = updates.map(({ kind, key, grade }) => {
    const stored = cardOf(kind, key);
    const card = reviewCard({ card: stored ? stored.card : newCard(now), grade, now });
    return { userId, kind, key, card, due: new Date(card.due) };
  });
  await tx
    .insert(reviewCards)
    .values(rows)
    .onConflictDoUpdate({ target: [reviewCards.userId, reviewCards.kind, reviewCards.key], set: { card: sql`excluded.card`, due: sql`excluded.due` } });
}
