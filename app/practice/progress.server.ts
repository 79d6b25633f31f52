import { asc, eq, inArray } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { attempts, drillRevisions, drills } from "~/db/schema";
import { dayStreak, summariseAttempt, errorSpottingRate, falseFlagRate, timeToProficiency, unneededOverrideRate, weakFlawTypes, weakTypeWindow } from "./metrics";
import { tierFor } from "./tiers";
import { assignedDrillsFor } from "~/app/assignments/completion.server";
import { agentRating } from "./ratings.server";
import { currentRevision } from "~/app/drills/drills.server";

/** An agent's own practice record; nobody else's attempts are ever read here. */
export async function agentProgress({ db, userId, now = new Date() }: { db: Db; userId: number; now?: Date }) {
  const rows = await db
    .select({
      id: attempts.id,
      createdAt: attempts.createdAt,
      score: attempts.score,
      points: attempts.points,
      outcome: attempts.outcome,
      agentRating: attempts.agentRating,
      counted: attempts.counted,
      title: drillRevisions.title,
    })
    .from(attempts)
    .innerJoin(drillRevisions, eq(drillRevisions.id, attempts.revisionId))
    .where(eq(attempts.userId, userId))
    .orderBy(asc(attempts.createdAt), asc(attempts.id));
  // Only first attempts count (DESIGN): a repeat after the answer was shown proves nothing.
  const counted = rows.filter((row) => row.counted);
  const summaries = counted.map((row) => summariseAttempt({ at: row.createdAt, score: row.score }));
  const rating = await agentRating({ db, userId });
  const proficiency = timeToProficiency(summaries);
  return {
    attempts: counted.length,
    points: counted.reduce((total, row) => total + row.points, 0),
    rating: Math.round(rating.rating),
    ratingDeviation: Math.round(rating.rd),
    streak: dayStreak(rows.map((r) => r.createdAt), now),
    errorSpotting: errorSpottingRate(summaries),
    falseFlagRate: falseFlagRate(summaries),
    unneededOverrideRate: unneededOverrideRate(summaries),
    weakFlawTypes: weakFlawTypes({ attempts: summaries, now }),
    // Shown beside the weak types: the false flags of the same 30 days.
    weakTypesFalseFlagRate: falseFlagRate(weakTypeWindow({ attempts: summaries, now })),
    tier: tierFor({ attempts: summaries }),
    proficiency: proficiency ? { days: proficiency.days, drills: proficiency.drills, reachedAt: proficiency.reachedAt.toISOString() } : null,
    ratingHistory: counted.map((r) => ({ at: r.createdAt.toISOString(), rating: Math.round(r.agentRating) })),
    recent: rows
      .slice(-10)
      .reverse()
      .map((r) => ({ id: r.id, title: r.title, outcome: r.outcome, points: r.points, counted: r.counted, at: r.createdAt.toISOString() })),
  };
}

/** The agent's home: assigned drills first (open ones by due date), then practice. */
export async function agentHome({ db, userId, teamId, now = new Date() }: { db: Db; userId: number; teamId: number; now?: Date }) {
  const assigned = await assignedDrillsFor({ db, userId, teamId });
  const channels =
    assigned.length === 0
      ? []
      : await db
          .select({ id: drills.id, channel: drillRevisions.channel })
          .from(drills)
          .innerJoin(drillRevisions, currentRevision)
          .where(inArray(drills.id, assigned.map((a) => a.drillId)));
  const progress = await agentProgress({ db, userId, now });
  const sizes = new Map<number, number>();
  for (const a of assigned) sizes.set(a.assignmentId, (sizes.get(a.assignmentId) ?? 0) + 1);
  return {
    // Drills are listed by number, not title: an author's title often names the flaw.
    assigned: assigned
      .filter((a) => !a.completed)
      .map((a) => ({
        assignmentId: a.assignmentId,
        assignmentTitle: a.title,
        // A place in the assignment, never the drill id: ids often name the flaw.
        position: a.position,
        label: `Drill ${a.position + 1} of ${sizes.get(a.assignmentId) ?? 0} (${channels.find((c) => c.id === a.drillId)?.channel ?? "chat"})`,
        dueAt: a.dueAt.toISOString(),
        overdue: a.dueAt < now,
      })),
    completedAssigned: assigned.filter((a) => a.completed).length,
    totalAssigned: assigned.length,
    rating: progress.rating,
    streak: progress.streak,
    attempts: progress.attempts,
    weakFlawTypes: progress.weakFlawTypes,
    weakTypesFalseFlagRate: progress.weakTypesFalseFlagRate,
  };
}
