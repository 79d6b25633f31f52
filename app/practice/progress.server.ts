import { storedRewriteCheck } from "./feedback.server";
import { feedbackHeadline } from "./feedback-headline";
import { and, desc, eq, gt, gte, inArray, lt, lte, sql, type SQL } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { attempts, drillRevisions, drills, insightRollups, teams } from "~/db/schema";
import { isoWeekStart, tallyOfRollups } from "~/app/insights/rollup-rows";
import { ROLLUP_SUMS } from "~/app/insights/rollups.server";
import { ALL_TYPES } from "~/app/vocabulary";
import { dayStreak, storedDayStreak, summariseAttempt, errorSpottingRate, falseFlagRate, unneededOverrideRate, weakFlawTypesOf, weakTypesState, weakTypeWindow, WEAK_FLAW_TYPES, type AttemptSummary } from "./metrics";
import { addTallies, tallyOf, type Tally } from "./tally";
import { byFlawType } from "./types";
import { DEFAULT_RATE_WINDOW, tierFor, type TierResult } from "./tiers";
import { improvedFlawTypes, IMPROVEMENT } from "./improvement";
import { nextMilestone } from "./milestone";
import { streakLiveSince } from "./streak";
import { weeklyGoalProgress } from "./weekly-goal";
import type { Weekday } from "~/app/vocabulary";
import { assignedDrillsFor } from "~/app/assignments/completion.server";
import { agentStanding, ratingPoints, ratingStride, streakAttemptDates } from "./ratings.server";
import { currentRevision } from "~/app/drills/drills.server";

/**
 * The agent's own pages. Each load does a bounded amount of work whatever the length of the
 * agent's history, with the figures a full recomputation from every attempt gives
 * (tests/db/progress-bounded.test.ts):
 * - all-time counts (drills done, points, error-spotting, false flags, unneeded overrides, tier
 *   volume) from the insight rollups, summed in the database: one read of the agent's rollup
 *   rows (a few per active ISO week), found through the rollups' key;
 * - tier rates from the last 100 counted attempts (tierFor's window), one indexed LIMIT query;
 * - weak flaw types over exactly the last 30 days: the rollups' whole weeks from the same read,
 *   and at most half a week of attempts at the window's start (lastThirtyDays);
 * - time to proficiency as stored when it was reached (recordProficiency);
 * - the day streak as stored at the latest attempt (recordAttemptDay), over the team's working days;
 * - this ISO week's counted attempts (the weekly goal) and the flaw types improved this week, from
 *   the same rollup read: this week's rows and the 4 weeks' before it (the 30 days' weeks hold them);
 * - the next milestone from the tier rule's result over the same last 100 counted attempts;
 * - the rating history as stored, thinned as it grows (at most 100 points, ratingPoints).
 * Queries that do not depend on each other run at once (in parallel on PostgreSQL).
 */

const DAY_MS = 24 * 60 * 60 * 1000;
const WEEK_MS = 7 * DAY_MS;

export type RatingHistory = {
  /** The rating after counted attempt number `n` (at `at`), in order. */
  points: { n: number; at: string; rating: number }[];
  /** Counted attempts behind it. */
  attempts: number;
  /** 1: a point per counted attempt; otherwise the first, every `every`-th and the latest. */
  every: number;
};

/** An agent's own practice record; nobody else's attempts are ever read here. */
export async function agentProgress({ db, userId, now = new Date() }: { db: Db; userId: number; now?: Date }) {
  const window = weakTypeWindowOf(now);
  const [rollups, latest, standing, recent, points] = await Promise.all([
    rollupCounts({ db, userId, weeksFrom: window.firstWeek }),
    latestCounted({ db, userId, limit: DEFAULT_RATE_WINDOW }),
    agentStanding({ db, userId }),
    recentAttempts({ db, userId }),
    ratingPoints({ db, userId }),
  ]);
  const totals = allTimeCounts(rollups);
  const latestSummaries = latest.map(summariseAttempt);
  // The newest counted attempts hold the whole window when they are all there are, or reach back beyond it.
  const oldest = latestSummaries.at(-1);
  const inLatest = latest.length < DEFAULT_RATE_WINDOW || (oldest !== undefined && oldest.at.getTime() <= window.since.getTime());
  const newest = latest[0];
  const [weakWindow, streak] = await Promise.all([
    inLatest ? tallyOf(weakTypeWindow({ attempts: latestSummaries, now })) : lastThirtyDays({ db, userId, now, window, rollups, afterNow: newest !== undefined && newest.at.getTime() > now.getTime() }),
    streakOf({ db, userId, now, stored: standing.streak, workingDays: standing.workingDays }),
  ]);
  const { rating, proficiency } = standing;
  const tier = tierFor({ attempts: latestSummaries, volume: totals.tally.attempts });
  return {
    attempts: totals.tally.attempts,
    points: totals.points,
    rating: Math.round(rating.rating),
    ratingDeviation: Math.round(rating.rd),
    streak,
    errorSpotting: errorSpottingRate(totals.tally),
    falseFlagRate: falseFlagRate(totals.tally),
    unneededOverrideRate: unneededOverrideRate(totals.tally),
    weakFlawTypes: weakFlawTypesOf({ window: weakWindow }),
    // Shown beside the weak types: the false flags of the same 30 days.
    weakTypesFalseFlagRate: falseFlagRate(weakWindow),
    // Rates over the last 100 counted attempts, volume over all of them.
    tier,
    milestone: nextMilestone(tier),
    weeklyGoal: weeklyGoalProgress({ done: thisWeekCounts({ rollups, now }).thisWeek.attempts, goal: standing.weeklyGoal }),
    proficiency: proficiency ? { days: proficiency.days, drills: proficiency.drills, reachedAt: proficiency.reachedAt.toISOString() } : null,
    ratingHistory: ratingHistoryOf({ points, attempts: standing.countedAttempts, newest }),
    recent: recent.map((r) => ({
      id: r.id,
      title: r.title,
      outcome: r.outcome,
      // The feedback's own headline, so that the list never claims more than the attempt earned.
      headline: feedbackHeadline({ ...r.score, rewriteCheck: storedRewriteCheck(r.score.rewriteCheck ?? null), decision: r.decision, expected: r.score.expected }).title,
      points: r.points,
      counted: r.counted,
      at: r.createdAt.toISOString(),
    })),
  };
}

/** The agent's home: assigned drills first (open ones by due date), then practice. Reads only what it shows. */
export async function agentHome({ db, userId, teamId, now = new Date() }: { db: Db; userId: number; teamId: number; now?: Date }) {
  const window = weakTypeWindowOf(now);
  const [assigned, standing, rollups, firstWeekPart, latest] = await Promise.all([
    assignedDrillsFor({ db, userId, teamId }),
    agentStanding({ db, userId }),
    rollupCounts({ db, userId, weeksFrom: window.firstWeek }),
    firstWeekAttempts({ db, userId, window }),
    latestCounted({ db, userId, limit: DEFAULT_RATE_WINDOW }),
  ]);
  // The stored streak knows the agent's newest attempt; without it, ask whether one is dated after now.
  const newestAt = standing.streak?.lastAt;
  const afterNow = newestAt ? newestAt.getTime() > now.getTime() : await countedAfter({ db, userId, now, before: window.currentWeekEnd });
  const [weakWindow, streak, channels] = await Promise.all([
    lastThirtyDays({ db, userId, now, window, rollups, afterNow, firstWeekPart }),
    streakOf({ db, userId, now, stored: standing.streak, workingDays: standing.workingDays }),
    assigned.length === 0
      ? []
      : db
          .select({ id: drills.id, channel: drillRevisions.channel })
          .from(drills)
          .innerJoin(drillRevisions, currentRevision)
          .where(inArray(drills.id, assigned.map((a) => a.drillId))),
  ]);
  const totals = allTimeCounts(rollups);
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
    rating: Math.round(standing.rating.rating),
    streak,
    workingDays: standing.workingDays,
    attempts: totals.tally.attempts,
    weakTypes: weakTypesState({ window: weakWindow }),
    weakTypesFalseFlagRate: falseFlagRate(weakWindow),
    ...comeBack({ rollups, now, weeklyGoal: standing.weeklyGoal, tier: tierFor({ attempts: latest.map(summariseAttempt), volume: totals.tally.attempts }) }),
  };
}

/**
 * What gives the agent a reason to come back, from the rollup read and the tier: their weekly
 * goal's progress, the flaw types they improved this week and their next milestone.
 */
function comeBack({ rollups, now, weeklyGoal, tier }: { rollups: readonly RollupCountRow[]; now: Date; weeklyGoal: number; tier: TierResult }) {
  const { thisWeek, before } = thisWeekCounts({ rollups, now });
  return {
    weeklyGoal: weeklyGoalProgress({ done: thisWeek.attempts, goal: weeklyGoal }),
    improved: improvedFlawTypes({ thisWeek, before }),
    milestone: nextMilestone(tier),
  };
}

/**
 * The counts of the ISO week of `now` (any of its attempts: one dated after `now` can only come
 * from another instance's clock) and of the 4 ISO weeks before it, from rollup rows that reach
 * back that far (rollupCounts from the 30 days' first week, which is at least 4 weeks back).
 */
function thisWeekCounts({ rollups, now }: { rollups: readonly RollupCountRow[]; now: Date }) {
  const thisWeek = isoWeekStart(now);
  const from = new Date(Date.parse(`${thisWeek}T00:00:00Z`) - IMPROVEMENT.weeksBefore * WEEK_MS).toISOString().slice(0, 10);
  return {
    thisWeek: tallyOfRollups(rollups.filter((row) => row.week === thisWeek)),
    before: tallyOfRollups(rollups.filter((row) => row.week !== null && row.week >= from && row.week < thisWeek)),
  };
}

// ── the reads ──


/**
 * The agent's rollup rows, in whichever teams they were: the rollups' key starts with the team,
 * so the agent's rows are found team by team (one index probe per team; teams are few) rather
 * than by reading every agent's rows.
 */
function rollupsOf(userId: number) {
  return and(sql`${insightRollups.teamId} = any(array(select ${teams.id} from ${teams}))`, eq(insightRollups.userId, userId));
}

/**
 * The agent's rollup counts, every count summed (tallyOfRollups takes them all), by flaw type:
 * the weeks before `weeksFrom` in one row per type (`week` null), each week from it on in rows of
 * its own. One read gives the all-time counts and the recent weeks.
 */
async function rollupCounts({ db, userId, weeksFrom }: { db: Db; userId: number; weeksFrom: string }) {
  const week = sql<string | null>`case when ${insightRollups.week} >= ${weeksFrom} then ${insightRollups.week}::text end`;
  const rows = await db
    .select({ week, flawType: insightRollups.flawType, counts: ROLLUP_SUMS })
    .from(insightRollups)
    .where(rollupsOf(userId))
    // By position: the week key holds a parameter, and PostgreSQL does not match a repeated one.
    .groupBy(sql`1`, sql`2`);
  return rows.map(({ week, flawType, counts }) => ({ week, flawType, ...counts }));
}
type RollupCountRow = Awaited<ReturnType<typeof rollupCounts>>[number];

/** All-time counts of the agent's counted attempts (the rollups are kept exact in each attempt's transaction). */
function allTimeCounts(rows: readonly RollupCountRow[]) {
  // Points are kept in the all-types rows only.
  const points = rows.reduce((sum, row) => sum + (row.flawType === ALL_TYPES ? row.points : 0), 0);
  return { tally: tallyOfRollups(rows), points };
}

const countedOf = (userId: number) => and(eq(attempts.userId, userId), eq(attempts.counted, true));

/** The agent's latest `limit` counted attempts, newest first (the index on user and time, read backwards). */
async function latestCounted({ db, userId, limit }: { db: Db; userId: number; limit: number }) {
  return db
    .select({ at: attempts.createdAt, score: attempts.score, agentRating: attempts.agentRating })
    .from(attempts)
    .where(countedOf(userId))
    .orderBy(desc(attempts.createdAt), desc(attempts.id))
    .limit(limit);
}

/** The window weak flaw types are judged on as of `now` (weakTypeWindow: the 30 days up to now), and its ISO weeks. */
function weakTypeWindowOf(now: Date) {
  const since = new Date(now.getTime() - WEAK_FLAW_TYPES.days * DAY_MS);
  const firstWeek = isoWeekStart(since);
  const firstWeekStart = new Date(`${firstWeek}T00:00:00Z`);
  const firstWeekEnd = new Date(firstWeekStart.getTime() + WEEK_MS);
  const currentWeek = isoWeekStart(now);
  return {
    since,
    firstWeek,
    currentWeek,
    currentWeekEnd: new Date(Date.parse(`${currentWeek}T00:00:00Z`) + WEEK_MS),
    // The first week's part inside the window is read as attempts when it is the shorter part of
    // that week, otherwise as the week's rollup less the attempts before the window.
    firstWeekPart:
      firstWeekEnd.getTime() - since.getTime() <= since.getTime() - firstWeekStart.getTime()
        ? { inside: true, where: and(gt(attempts.createdAt, since), lt(attempts.createdAt, firstWeekEnd)) }
        : { inside: false, where: and(gte(attempts.createdAt, firstWeekStart), lte(attempts.createdAt, since)) },
  };
}
type WeakTypeWindow = ReturnType<typeof weakTypeWindowOf>;

/** The counted attempts of the shorter part of the window's first week: at most half a week of them. */
function firstWeekAttempts({ db, userId, window }: { db: Db; userId: number; window: WeakTypeWindow }) {
  return countedSummaries({ db, userId, where: window.firstWeekPart.where });
}

/**
 * The counts of exactly the counted attempts weak flaw types are judged on, in bounded work: the
 * rollups' whole weeks after the one the window starts in, up to the current week (which holds
 * no attempt after `now`, `afterNow` false), plus the first week's part inside the window (from
 * at most half a week of attempts). While an attempt is dated after `now` (a clock behind another
 * instance's) the current week's rollup holds it, so the window's attempts are read instead.
 */
async function lastThirtyDays({ db, userId, now, window, rollups, afterNow, firstWeekPart }: { db: Db; userId: number; now: Date; window: WeakTypeWindow; rollups: readonly RollupCountRow[]; afterNow: boolean; firstWeekPart?: AttemptSummary[] }): Promise<Tally> {
  if (afterNow) return tallyOf(await countedSummaries({ db, userId, where: and(gt(attempts.createdAt, window.since), lte(attempts.createdAt, now)) }));
  const part = tallyOf(firstWeekPart ?? (await firstWeekAttempts({ db, userId, window })));
  const weeks = rollups.filter((row) => row.week !== null && row.week > window.firstWeek && row.week <= window.currentWeek);
  const firstWeek = window.firstWeekPart.inside ? part : difference(tallyOfRollups(rollups.filter((row) => row.week === window.firstWeek)), part);
  return addTallies(tallyOfRollups(weeks), firstWeek);
}

/** Whether the agent has a counted attempt dated after `now` (and before `before`). */
async function countedAfter({ db, userId, now, before }: { db: Db; userId: number; now: Date; before: Date }) {
  const rows = await db.select({ id: attempts.id }).from(attempts).where(and(countedOf(userId), gt(attempts.createdAt, now), lt(attempts.createdAt, before))).limit(1);
  return rows.length > 0;
}

async function countedSummaries({ db, userId, where }: { db: Db; userId: number; where: SQL | undefined }) {
  const rows = await db.select({ at: attempts.createdAt, score: attempts.score }).from(attempts).where(and(countedOf(userId), where));
  return rows.map(summariseAttempt);
}

/** a − b, count by count: a week's rollup less the attempts of that week before the window. */
function difference(a: Tally, b: Tally): Tally {
  return {
    attempts: a.attempts - b.attempts,
    flawedDrafts: a.flawedDrafts - b.flawedDrafts,
    cleanDrafts: a.cleanDrafts - b.cleanDrafts,
    hits: a.hits - b.hits,
    misses: a.misses - b.misses,
    falseAlarms: a.falseAlarms - b.falseAlarms,
    correctRejections: a.correctRejections - b.correctRejections,
    marks: a.marks - b.marks,
    falseFlags: a.falseFlags - b.falseFlags,
    escalateExpected: a.escalateExpected - b.escalateExpected,
    escalatedWhenExpected: a.escalatedWhenExpected - b.escalatedWhenExpected,
    fixPlanted: a.fixPlanted - b.fixPlanted,
    flawsRemoved: a.flawsRemoved - b.flawsRemoved,
    plantedByType: byFlawType((type) => a.plantedByType[type] - b.plantedByType[type]),
    caughtByType: byFlawType((type) => a.caughtByType[type] - b.caughtByType[type]),
  };
}

/** The last ten attempts, counted or not, newest first. */
async function recentAttempts({ db, userId }: { db: Db; userId: number }) {
  return db
    .select({
      id: attempts.id,
      createdAt: attempts.createdAt,
      points: attempts.points,
      outcome: attempts.outcome,
      counted: attempts.counted,
      title: drillRevisions.title,
      decision: attempts.decision,
      score: attempts.score,
    })
    .from(attempts)
    .innerJoin(drillRevisions, eq(drillRevisions.id, attempts.revisionId))
    .where(eq(attempts.userId, userId))
    .orderBy(desc(attempts.createdAt), desc(attempts.id))
    .limit(10);
}

/**
 * The day streak (dayStreak, in UTC, over the team's working days): as stored at the latest
 * attempt when that is at or before `now`; otherwise (not stored yet, counted with other working
 * days, or an attempt dated after `now`) counted from one attempt per day, walking back from the
 * latest attempt since the working day before today (streakAttemptDates).
 */
async function streakOf({ db, userId, now, stored, workingDays }: { db: Db; userId: number; now: Date; stored: { lastAt: Date; days: number } | null; workingDays: readonly Weekday[] }) {
  if (stored && stored.lastAt.getTime() <= now.getTime()) return storedDayStreak(stored, now, workingDays);
  return dayStreak(await streakAttemptDates({ db, userId, until: now, from: streakLiveSince(now, workingDays), workingDays }), now, { workingDays });
}

/**
 * The rating history as stored (ratingPoints: every counted attempt up to 100 of them, then the
 * first and every stride-th), with the latest counted attempt's rating when it is not among them.
 */
function ratingHistoryOf({ points, attempts: counted, newest }: { points: { seq: number; at: Date; rating: number }[]; attempts: number; newest: { at: Date; agentRating: number } | undefined }): RatingHistory {
  const shown = points.map((point) => ({ n: point.seq, at: point.at.toISOString(), rating: Math.round(point.rating) }));
  if (newest && counted > 0 && shown.at(-1)?.n !== counted) shown.push({ n: counted, at: newest.at.toISOString(), rating: Math.round(newest.agentRating) });
  return { points: shown, attempts: counted, every: ratingStride(counted) };
}
