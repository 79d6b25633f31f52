import { and, eq, gt, gte, inArray, lt, lte, sql } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { insightRollups, teams } from "~/db/schema";
import type { WeekRange } from "./filters";
import type { SummedRollup } from "./type-tally";
import { tallyOfRollups } from "./rollup-rows";
import type { Tally } from "~/app/practice/tally";
import { ALL_TYPES } from "~/app/vocabulary";
import { ROLLUP_SUMS } from "./rollups.server";

/**
 * The insights' reads of `insight_rollups`, never of attempts: sums per team, per agent or per
 * week, always limited to the teams asked for (already checked against the viewer's scope) and the
 * window's weeks (the `(week, team_id)` index).
 */



const inWeeks = (range: WeekRange) => and(gte(insightRollups.week, range.firstWeek), lte(insightRollups.week, range.lastWeek));

function groupRows<K>(rows: readonly (SummedRollup & { key: K })[]): Map<K, SummedRollup[]> {
  const groups = new Map<K, SummedRollup[]>();
  for (const row of rows) groups.set(row.key, [...(groups.get(row.key) ?? []), row]);
  return groups;
}

/** Rollup sums per team (teams already in scope) over the window. */
export async function sumsByTeam({ db, teamIds, range }: { db: Db; teamIds: readonly number[]; range: WeekRange }) {
  if (teamIds.length === 0) return new Map<number, SummedRollup[]>();
  const rows = await db
    .select({ key: insightRollups.teamId, flawType: insightRollups.flawType, ...ROLLUP_SUMS })
    .from(insightRollups)
    .where(and(inArray(insightRollups.teamId, [...teamIds]), inWeeks(range)))
    .groupBy(insightRollups.teamId, insightRollups.flawType);
  return groupRows(rows);
}

/** Rollup sums per agent within one team over the window; `userId` narrows to one agent. */
export async function sumsByAgent({ db, teamId, range, userId }: { db: Db; teamId: number; range: WeekRange; userId?: number }) {
  const rows = await db
    .select({ key: insightRollups.userId, flawType: insightRollups.flawType, ...ROLLUP_SUMS })
    .from(insightRollups)
    .where(and(eq(insightRollups.teamId, teamId), inWeeks(range), userId === undefined ? undefined : eq(insightRollups.userId, userId)))
    .groupBy(insightRollups.userId, insightRollups.flawType);
  return groupRows(rows);
}

/** Rollup sums per week of the window over some teams (in scope), or one agent's rows in them. */
export async function sumsByWeek({ db, teamIds, range, userId }: { db: Db; teamIds: readonly number[]; range: WeekRange; userId?: number }) {
  if (teamIds.length === 0) return new Map<string, SummedRollup[]>();
  const rows = await db
    .select({ key: insightRollups.week, flawType: insightRollups.flawType, ...ROLLUP_SUMS })
    .from(insightRollups)
    .where(and(inArray(insightRollups.teamId, [...teamIds]), inWeeks(range), userId === undefined ? undefined : eq(insightRollups.userId, userId)))
    .groupBy(insightRollups.week, insightRollups.flawType);
  return groupRows(rows);
}

/** The agents with a first attempt in the window, per team (teams in scope). */
export async function activeAgents({ db, teamIds, range }: { db: Db; teamIds: readonly number[]; range: WeekRange }) {
  const byTeam = new Map<number, number[]>();
  if (teamIds.length === 0) return byTeam;
  const rows = await db
    .selectDistinct({ teamId: insightRollups.teamId, userId: insightRollups.userId })
    .from(insightRollups)
    .where(and(inArray(insightRollups.teamId, [...teamIds]), inWeeks(range), eq(insightRollups.flawType, ALL_TYPES), gt(insightRollups.attempts, 0)));
  for (const row of rows) byTeam.set(row.teamId, [...(byTeam.get(row.teamId) ?? []), row.userId]);
  return byTeam;
}

/**
 * An agent's rows in whichever teams they practised in: the rollups' key starts with the team, so
 * they are found team by team (one index probe per team and agent; teams are few) instead of by
 * reading every row.
 */
const ofAgents = (userIds: readonly number[]) => and(sql`${insightRollups.teamId} = any(array(select ${teams.id} from ${teams}))`, inArray(insightRollups.userId, [...new Set(userIds)]));

/**
 * What each agent's tier is decided on, up to the window's last week and over every team they
 * practised in (a tier is the agent's, not a team's): all their first attempts (the volume), and
 * the tally of their latest whole weeks that hold their last `rateWindow` first attempts, that is
 * every week with fewer than `rateWindow` first attempts after it. The agents come from
 * activeAgents or a team's members (teams in scope).
 */
export async function standingTallies({ db, userIds, range, rateWindow }: { db: Db; userIds: readonly number[]; range: WeekRange; rateWindow: number }): Promise<Map<number, { volume: number; recent: Tally }>> {
  const standings = new Map<number, { volume: number; recent: Tally }>();
  if (userIds.length === 0) return standings;
  const upToWindow = lte(insightRollups.week, range.lastWeek);
  const weeks = db.$with("agent_weeks").as(
    db
      .select({
        userId: sql<number>`${insightRollups.userId}`.as("agent_id"),
        week: sql<string>`${insightRollups.week}`.as("agent_week"),
        volume: sql<number>`sum(sum(${insightRollups.attempts})) over (partition by ${insightRollups.userId})`.as("volume"),
        newer: sql<number>`coalesce(sum(sum(${insightRollups.attempts})) over (partition by ${insightRollups.userId} order by ${insightRollups.week} desc rows between unbounded preceding and 1 preceding), 0)`.as("newer_attempts"),
      })
      .from(insightRollups)
      .where(and(ofAgents(userIds), eq(insightRollups.flawType, ALL_TYPES), upToWindow))
      .groupBy(insightRollups.userId, insightRollups.week),
  );
  const recent = await db
    .with(weeks)
    .select({ userId: insightRollups.userId, flawType: insightRollups.flawType, volume: sql<number>`max(${weeks.volume})`.mapWith(Number), ...ROLLUP_SUMS })
    .from(insightRollups)
    .innerJoin(weeks, and(eq(weeks.userId, insightRollups.userId), eq(weeks.week, insightRollups.week)))
    .where(and(ofAgents(userIds), upToWindow, lt(weeks.newer, rateWindow)))
    .groupBy(insightRollups.userId, insightRollups.flawType);
  const rows = new Map<number, (typeof recent)[number][]>();
  for (const row of recent) rows.set(row.userId, [...(rows.get(row.userId) ?? []), row]);
  for (const [userId, agentRows] of rows) standings.set(userId, { volume: agentRows[0]?.volume ?? 0, recent: tallyOfRollups(agentRows) });
  return standings;
}
