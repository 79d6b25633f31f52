import { and, asc, count, desc, eq, isNotNull, min, ne, notExists, sql, type SQL } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { agentRatingPoints, agentRatings, agentStreaks, attempts, drillRatings, teams, users } from "~/db/schema";
import { DEFAULT_WORKING_DAYS, isWeekday, type Weekday } from "~/app/vocabulary";
import { DEFAULT_RATING, type Rating } from "./glicko2";
import { PROFICIENCY, summariseAttempt, timeToProficiency, type Proficiency } from "./metrics";
import { dayStreak, daysBackToWorkingDay, nextStoredStreak, sameWorkingDays } from "./streak";
import { WEEKLY_GOAL } from "./weekly-goal";

/** The agent's current Glicko-2 rating; the default until their first counted attempt. */
export async function agentRating({ db, userId }: { db: Db; userId: number }): Promise<Rating> {
  const [row] = await db.select({ rating: agentRatings.rating, rd: agentRatings.rd, volatility: agentRatings.volatility }).from(agentRatings).where(eq(agentRatings.userId, userId));
  return row ?? DEFAULT_RATING;
}

/**
 * The agent's rating, their time to proficiency once reached (recordProficiency), their day
 * streak as of their latest attempt (recordAttemptDay; null unless it was counted with their
 * team's working days as they are now), their team's working days and their weekly goal, in one read.
 */
export async function agentStanding({ db, userId }: { db: Db; userId: number }): Promise<{ rating: Rating; countedAttempts: number; proficiency: Proficiency | null; streak: { lastAt: Date; days: number } | null; workingDays: Weekday[]; weeklyGoal: number }> {
  const [row] = await db
    .select({
      countedAttempts: agentRatings.countedAttempts,
      rating: agentRatings.rating,
      rd: agentRatings.rd,
      volatility: agentRatings.volatility,
      reachedAt: agentRatings.proficiencyReachedAt,
      drills: agentRatings.proficiencyDrills,
      days: agentRatings.proficiencyDays,
      streakLastAt: agentStreaks.lastAt,
      streakDays: agentStreaks.days,
      streakWorkingDays: agentStreaks.workingDays,
      teamWorkingDays: teams.workingDays,
      weeklyGoal: users.weeklyGoal,
    })
    .from(users)
    .innerJoin(teams, eq(teams.id, users.teamId))
    .leftJoin(agentRatings, eq(agentRatings.userId, users.id))
    .leftJoin(agentStreaks, eq(agentStreaks.userId, users.id))
    .where(eq(users.id, userId));
  if (!row) return { rating: DEFAULT_RATING, countedAttempts: 0, proficiency: null, streak: null, workingDays: [...DEFAULT_WORKING_DAYS], weeklyGoal: WEEKLY_GOAL.default };
  const { countedAttempts, rating, rd, volatility, reachedAt, drills, days, streakLastAt, streakDays, streakWorkingDays, weeklyGoal } = row;
  const workingDays = workingDaysOf(row.teamWorkingDays);
  return {
    // No rating row until the first counted attempt.
    rating: rating !== null && rd !== null && volatility !== null ? { rating, rd, volatility } : DEFAULT_RATING,
    countedAttempts: countedAttempts ?? 0,
    proficiency: reachedAt !== null && drills !== null && days !== null ? { reachedAt, drills, days } : null,
    streak: streakLastAt !== null && streakDays !== null && streakWorkingDays !== null && sameWorkingDays(streakWorkingDays, workingDays) ? { lastAt: streakLastAt, days: streakDays } : null,
    workingDays,
    weeklyGoal,
  };
}

/** A team's stored working days (ISO weekdays; the team form keeps at least one). */
export function workingDaysOf(stored: readonly number[]): Weekday[] {
  return stored.filter(isWeekday);
}

/**
 * One attempt (any, counted or not) per UTC calendar day, walking back from the latest attempt at
 * or before `until` that is not before `from`: each step finds the latest attempt before its day
 * began and the walk stops unless that one is from the working day before or a day off after it
 * (daysBackToWorkingDay). dayStreak(result, until, { workingDays }) is the streak; the work is one
 * index probe per day of it (and per day off with an attempt inside it), whatever the rest of the history.
 */
export async function streakAttemptDates({ db, userId, until, from, workingDays }: { db: Db; userId: number; until: Date; from?: Date; workingDays: readonly Weekday[] }): Promise<Date[]> {
  const utcDay = (at: SQL) => sql`(${at} at time zone 'UTC')::date`;
  const daysBack = sql.raw(`array[${daysBackToWorkingDay(workingDays).join(",")}]`);
  const rows = await db
    .select({ ms: sql<number>`extract(epoch from walk.at) * 1000`.mapWith(Number) })
    .from(
      sql`(with recursive walk(at) as (
        (select ${attempts.createdAt} from ${attempts}
          where ${attempts.userId} = ${userId} and ${attempts.createdAt} <= ${until.toISOString()}::timestamptz${from ? sql` and ${attempts.createdAt} >= ${from.toISOString()}::timestamptz` : sql``}
          order by ${attempts.createdAt} desc limit 1)
        union all
        (select previous.at from walk cross join lateral (
          select ${attempts.createdAt} as at from ${attempts}
          where ${attempts.userId} = ${userId} and ${attempts.createdAt} < (date_trunc('day', walk.at at time zone 'UTC') at time zone 'UTC')
          order by ${attempts.createdAt} desc limit 1) previous
          where ${utcDay(sql`walk.at`)} - ${utcDay(sql`previous.at`)} <= (${daysBack})[extract(isodow from ${utcDay(sql`walk.at`)})::int])
      ) select at from walk) walk`,
    );
  return rows.map((row) => new Date(row.ms));
}

/**
 * Keeps the stored day streak, in the attempt's transaction after the attempt is written (any
 * attempt: the streak counts reviews too), with the agent's rating row locked, so that the read
 * and the write cannot race another attempt of theirs. The rule is nextStoredStreak's, over the
 * working days of the attempt's team, stored with it. When it has nothing to go on (a new agent,
 * a streak counted with other working days, or a late attempt that may join an older run), the
 * streak is recounted from the attempts (streakAttemptDates), once.
 */
export async function recordAttemptDay({ tx, userId, teamId, at }: { tx: Db; userId: number; teamId: number; at: Date }) {
  // The team's working days and the stored streak, in one read.
  const [team] = await tx
    .select({ workingDays: teams.workingDays, lastAt: agentStreaks.lastAt, days: agentStreaks.days, streakWorkingDays: agentStreaks.workingDays })
    .from(teams)
    .leftJoin(agentStreaks, eq(agentStreaks.userId, userId))
    .where(eq(teams.id, teamId));
  const workingDays = workingDaysOf(team?.workingDays ?? DEFAULT_WORKING_DAYS);
  const row = team?.lastAt ? { lastAt: team.lastAt, days: team.days, workingDays: team.streakWorkingDays } : null;
  const known = row && row.workingDays !== null && sameWorkingDays(row.workingDays, workingDays) ? row : row ? { lastAt: row.lastAt, days: null } : null;
  const next = nextStoredStreak({ stored: known, at, workingDays });
  const days = next.days ?? dayStreak(await streakAttemptDates({ db: tx, userId, until: next.lastAt, workingDays }), next.lastAt, { workingDays });
  const stored = { lastAt: next.lastAt, days, workingDays };
  await tx.insert(agentStreaks).values({ userId, ...stored }).onConflictDoUpdate({ target: agentStreaks.userId, set: stored });
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Stores the agent's time to proficiency the first time it is reached, so pages read it
 * instead of scanning every window of the history. Called in a counted attempt's transaction
 * with the agent's rating row locked, after the attempt is written: while the agent is not yet
 * proficient, it reads the window this attempt completes (the last 20 counted attempts) and
 * applies timeToProficiency's rule to it. Every window is checked once, as it completes, so the
 * first to meet the rule is the one timeToProficiency finds over the whole history (an agent's
 * attempts are written in time order: one open drill at a time, under the row lock). Agents'
 * history from before was stored by the backfill migration. Once reached, this is one index
 * probe that returns nothing.
 */
export async function recordProficiency({ tx, userId }: { tx: Db; userId: number }) {
  const window = await tx
    .select({ at: attempts.createdAt, score: attempts.score })
    .from(attempts)
    .where(
      and(
        eq(attempts.userId, userId),
        eq(attempts.counted, true),
        notExists(tx.select({ userId: agentRatings.userId }).from(agentRatings).where(and(eq(agentRatings.userId, userId), isNotNull(agentRatings.proficiencyReachedAt)))),
      ),
    )
    .orderBy(desc(attempts.createdAt), desc(attempts.id))
    .limit(PROFICIENCY.window);
  if (window.length < PROFICIENCY.window) return;
  const reached = timeToProficiency(window.map(summariseAttempt));
  if (!reached) return;
  // Once per agent: how many counted attempts it took, and the first one's time.
  const [history] = await tx
    .select({ drills: count(), firstAt: min(attempts.createdAt) })
    .from(attempts)
    .where(and(eq(attempts.userId, userId), eq(attempts.counted, true)));
  const firstAt = history?.firstAt ?? reached.reachedAt;
  await tx
    .update(agentRatings)
    .set({
      proficiencyReachedAt: reached.reachedAt,
      proficiencyDrills: history?.drills ?? PROFICIENCY.window,
      proficiencyDays: Math.floor((reached.reachedAt.getTime() - firstAt.getTime()) / DAY_MS),
    })
    .where(eq(agentRatings.userId, userId));
}

/**
 * Creates the rating row if needed and locks it, in one statement: the no-op update takes the
 * row lock and returns the current rating. Locking the agent's row first serialises that
 * agent's submissions.
 */
export async function lockAgentRating({ tx, userId }: { tx: Db; userId: number }): Promise<Rating> {
  const [row] = await tx
    .insert(agentRatings)
    .values({ userId, ...DEFAULT_RATING })
    .onConflictDoUpdate({ target: agentRatings.userId, set: { userId: sql`excluded.user_id` } })
    .returning({ rating: agentRatings.rating, rd: agentRatings.rd, volatility: agentRatings.volatility });
  return row ?? DEFAULT_RATING;
}

export async function lockDrillRating({ tx, drillId }: { tx: Db; drillId: string }): Promise<Rating> {
  const [row] = await tx
    .insert(drillRatings)
    .values({ drillId, ...DEFAULT_RATING })
    .onConflictDoUpdate({ target: drillRatings.drillId, set: { drillId: sql`excluded.drill_id` } })
    .returning({ rating: drillRatings.rating, rd: drillRatings.rd, volatility: drillRatings.volatility });
  return row ?? DEFAULT_RATING;
}

/** Saves both ratings after a counted attempt, counts the attempt and keeps the agent's rating history. */
export async function saveRatings({ tx, userId, drillId, agent, drill, now }: { tx: Db; userId: number; drillId: string; agent: Rating; drill: Rating; now: Date }) {
  const [saved] = await tx
    .update(agentRatings)
    .set({ ...agent, updatedAt: now, countedAttempts: sql`${agentRatings.countedAttempts} + 1` })
    .where(eq(agentRatings.userId, userId))
    .returning({ seq: agentRatings.countedAttempts });
  await tx.update(drillRatings).set({ ...drill, updatedAt: now }).where(eq(drillRatings.drillId, drillId));
  if (saved) await recordRatingPoint({ tx, userId, seq: saved.seq, at: now, rating: agent.rating });
  // How many counted attempts the agent has now.
  return saved?.seq ?? 0;
}

/** The most points the rating history holds. */
export const RATING_HISTORY_POINTS = 100;

/**
 * Every how many counted attempts the rating history keeps a point, for an agent with
 * `attempts` of them: every one up to 100, then the smallest power of two from 2 that leaves at
 * most 98 of its multiples, so that with the first attempt and the latest there are at most 100.
 */
export function ratingStride(attempts: number): number {
  if (attempts <= RATING_HISTORY_POINTS) return 1;
  let stride = 2;
  while (Math.floor(attempts / stride) > RATING_HISTORY_POINTS - 2) stride *= 2;
  return stride;
}

/**
 * Keeps the rating after counted attempt number `seq` when it is the first or a multiple of the
 * stride, and thins the history to the new stride when it doubles (about every time the history
 * would pass 100 points): at most two statements, and a point is only written one attempt in
 * `stride`. The page adds the latest attempt's rating when it is not kept.
 */
async function recordRatingPoint({ tx, userId, seq, at, rating }: { tx: Db; userId: number; seq: number; at: Date; rating: number }) {
  const stride = ratingStride(seq);
  if (stride > ratingStride(seq - 1)) {
    await tx.delete(agentRatingPoints).where(and(eq(agentRatingPoints.userId, userId), ne(agentRatingPoints.seq, 1), sql`${agentRatingPoints.seq} % ${stride} <> 0`));
  }
  if (seq !== 1 && seq % stride !== 0) return;
  await tx
    .insert(agentRatingPoints)
    .values({ userId, seq, at, rating })
    .onConflictDoUpdate({ target: [agentRatingPoints.userId, agentRatingPoints.seq], set: { at, rating } });
}

/** The agent's stored rating history, in order. */
export async function ratingPoints({ db, userId }: { db: Db; userId: number }) {
  return db.select({ seq: agentRatingPoints.seq, at: agentRatingPoints.at, rating: agentRatingPoints.rating }).from(agentRatingPoints).where(eq(agentRatingPoints.userId, userId)).orderBy(asc(agentRatingPoints.seq));
}
