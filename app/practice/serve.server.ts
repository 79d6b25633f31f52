import { and, desc, eq, isNull, lte, sql } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { assignments, attempts, drillRatings, drillRevisions, drills, reviewCards, servedDrills } from "~/db/schema";
import { InputError } from "~/app/input-error";
import { DEFAULT_RATING } from "./glicko2";
import { agentRating } from "./ratings.server";
import { assignedDrillsFor } from "~/app/assignments/completion.server";
import { chooseNextDrill, type AssignedDrill, type DrillCandidate, type DueReview, type NextDrillReason } from "./next-drill";
import { isFlawType, languageNames, languageOfLocale, type DrillStatus, type FlawType, type PracticeLanguage } from "~/app/vocabulary";
import { practiceLanguagesFor } from "./languages.server";
import { FLAW_LABELS } from "~/app/vocabulary";
import { currentRevision, isLive } from "~/app/drills/drills.server";

export type ServeRequest = {
  db: Db;
  userId: number;
  teamId: number;
  focusFlawType?: FlawType;
  /** An assigned drill the agent chose from their list, by its place in the assignment (never its id). */
  assigned?: { assignmentId: number; position: number };
  now?: Date;
  random?: () => number;
};

/**
 * The agent's drill to answer now. An agent has at most one open served drill: every way of
 * asking (next, practise this, an assigned drill) returns it until it is answered, so drills
 * cannot be hoarded or re-rolled. Otherwise chooses the next one (assignments, then due
 * reviews, then practice near a 0.7 expected score) and records that it was served, so the
 * attempt can be checked against exactly this revision. Reviews and practice serve only drills
 * in the agent's practice languages (an InputError with problem "no_drill_in_languages" when
 * the library has fitting drills only in other languages); assigned drills are served whatever
 * their language. Null when nothing can be served.
 */
export async function serveNextDrill({ db, userId, teamId, focusFlawType, assigned, now = new Date(), random = Math.random }: ServeRequest) {
  const open = await openServedDrill({ db, userId, now });
  if (open) return open;

  const assignedDrills = await assignedDrillsFor({ db, userId, teamId });
  if (assigned) {
    const chosen = assignedDrills.find((a) => a.assignmentId === assigned.assignmentId && a.position === assigned.position);
    if (!chosen) throw new InputError(null, "That is not one of your assigned drills.", { status: 404 });
    if (chosen.completed) throw new InputError(null, "You have already done this assigned drill; it counts once. Pick another from your list.", { status: 409 });
    return recordServed({ db, userId, drillId: chosen.drillId, assignmentId: chosen.assignmentId, reason: "assigned", now });
  }

  const candidates = await db
    .select({
      drillId: drills.id,
      status: drills.status,
      revisionId: drillRevisions.id,
      flawTypes: drillRevisions.flawTypes,
      locale: drillRevisions.locale,
      rating: drillRatings.rating,
      rd: drillRatings.rd,
      volatility: drillRatings.volatility,
    })
    .from(drills)
    .innerJoin(drillRevisions, currentRevision)
    .leftJoin(drillRatings, eq(drillRatings.drillId, drills.id))
    .where(isLive);
  const due = await db.select().from(reviewCards).where(and(eq(reviewCards.userId, userId), lte(reviewCards.due, now)));
  const recent = await db
    .select({ drillId: servedDrills.drillId, isControl: servedDrills.isControl })
    .from(servedDrills)
    .where(eq(servedDrills.userId, userId))
    .orderBy(desc(servedDrills.id))
    .limit(19);
  const seen = await db.selectDistinct({ drillId: attempts.drillId }).from(attempts).where(eq(attempts.userId, userId));

  const dueReviews: DueReview[] = due.flatMap((card): DueReview[] => {
    if (card.kind === "drill") return [{ kind: "drill", drillId: card.key, due: card.due }];
    return isFlawType(card.key) ? [{ kind: "flaw_type", flawType: card.key, due: card.due }] : [];
  });
  const assignedInput: AssignedDrill[] = assignedDrills.map((a) => ({ drillId: a.drillId, assignmentId: a.assignmentId, dueAt: a.dueAt, completed: a.completed }));

  const { languages } = await practiceLanguagesFor({ db, userId });
  const pool: DrillCandidate[] = candidates.map((c) => ({
    drillId: c.drillId,
    status: c.status,
    isControl: c.flawTypes.length === 0,
    flawTypes: c.flawTypes.filter(isFlawType),
    locale: c.locale,
    rating: c.rating === null || c.rd === null || c.volatility === null ? DEFAULT_RATING : { rating: c.rating, rd: c.rd, volatility: c.volatility },
  }));
  const next = chooseNextDrill({
    agent: await agentRating({ db, userId }),
    candidates: pool,
    languages,
    assigned: assignedInput,
    dueReviews,
    recentServed: recent.reverse(),
    seenDrillIds: seen.map((s) => s.drillId),
    focusFlawType,
    random,
  });
  if (!next) {
    refuseOutsideLanguages({ pool, languages, focusFlawType });
    return null;
  }
  return recordServed({
    db,
    userId,
    drillId: next.drillId,
    assignmentId: next.assignmentId ?? null,
    reason: next.reason,
    now,
  });
}

/**
 * Nothing could be served, but the library has drills for this request in other languages:
 * says so plainly (409) instead of serving one the agent did not choose to practise in.
 */
function refuseOutsideLanguages({ pool, languages, focusFlawType }: { pool: readonly DrillCandidate[]; languages: readonly PracticeLanguage[]; focusFlawType: FlawType | undefined }) {
  const fits = (c: DrillCandidate) => c.status === "active" && (focusFlawType === undefined || c.flawTypes.includes(focusFlawType));
  const elsewhere = pool.some((c) => {
    const language = languageOfLocale(c.locale);
    return fits(c) && (language === null || !languages.includes(language));
  });
  if (!elsewhere) return;
  const what = focusFlawType === undefined ? "drills" : `drills that plant ${FLAW_LABELS[focusFlawType].toLowerCase()}`;
  throw new InputError(
    null,
    `There are no ${what} in your practice languages (${languageNames(languages)}) to serve right now. Add a language on your settings page, or ask an author for more drills in ${languageNames(languages)}.`,
    { status: 409, problem: "no_drill_in_languages" },
  );
}

async function recordServed({ db, userId, drillId, assignmentId, reason, now }: { db: Db; userId: number; drillId: string; assignmentId: number | null; reason: NextDrillReason; now: Date }) {
  const [current] = await db
    .select({ revisionId: drillRevisions.id, flawTypes: drillRevisions.flawTypes })
    .from(drills)
    .innerJoin(drillRevisions, currentRevision)
    .where(and(eq(drills.id, drillId), isLive));
  if (!current) return null;
  const [served] = await db
    .insert(servedDrills)
    .values({ userId, drillId, revisionId: current.revisionId, reason, isControl: current.flawTypes.length === 0, assignmentId, servedAt: now })
    .onConflictDoNothing()
    .returning();
  // Another request served this agent a drill at the same moment: that one is the open drill.
  return served ?? openServedDrill({ db, userId, now });
}

/** One of the agent's own served drills, with why it can no longer be answered (null while it can). */
export async function getServed({ db, userId, servedId }: { db: Db; userId: number; servedId: number }) {
  const [row] = await db
    .select({ served: servedDrills, drillStatus: drills.status, assignmentCancelledAt: assignments.cancelledAt })
    .from(servedDrills)
    .innerJoin(drills, eq(drills.id, servedDrills.drillId))
    .leftJoin(assignments, eq(assignments.id, servedDrills.assignmentId))
    .where(and(eq(servedDrills.id, servedId), eq(servedDrills.userId, userId)));
  return row ? { ...row.served, closed: closedReason({ drillStatus: row.drillStatus, closedAt: row.served.closedAt, assignmentCancelled: row.assignmentCancelledAt !== null }) } : null;
}

/** Why a served drill can no longer be answered, or null while it can. Cancelling an assignment closes its open served drills (assignments.server). */
export function closedReason({ drillStatus, closedAt, assignmentCancelled }: { drillStatus: DrillStatus; closedAt: Date | null; assignmentCancelled: boolean }): string | null {
  if (drillStatus === "retired") return "This drill was retired after it was served, so it can no longer be answered. Ask for your next drill.";
  if (drillStatus === "needs_review") return "This drill was set aside for review (a policy section it relies on changed) after it was served, so it can no longer be answered. Ask for your next drill.";
  if (closedAt && assignmentCancelled) return "This drill's assignment was cancelled after it was served, so it is no longer assigned work. Ask for your next drill.";
  if (closedAt) return "This drill is no longer open: a newer drill was served to you. Ask for your next drill.";
  return null;
}



export async function attemptIdForServed({ db, servedId }: { db: Db; servedId: number }) {
  const [row] = await db.select({ id: attempts.id }).from(attempts).where(eq(attempts.servedId, servedId));
  return row?.id ?? null;
}

/**
 * The agent's open served drill, if it can still be answered. One whose drill was retired or
 * set aside for review since it was served is closed here, so the agent gets a new one.
 */
export async function openServedDrill({ db, userId, now = new Date() }: { db: Db; userId: number; now?: Date }) {
  const [row] = await db
    .select({ served: servedDrills, live: sql<boolean>`${isLive}` })
    .from(servedDrills)
    .innerJoin(drills, eq(drills.id, servedDrills.drillId))
    .where(and(eq(servedDrills.userId, userId), isNull(servedDrills.closedAt)));
  if (!row) return null;
  if (row.live) return row.served;
  await db.update(servedDrills).set({ closedAt: now }).where(eq(servedDrills.id, row.served.id));
  return null;
}
