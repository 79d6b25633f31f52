import { and, eq, gt, gte, inArray, lte, sql } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { idList, inIds, inIdsPlaceholder } from "~/db/in-ids";
import { jsonDistinct } from "~/db/json-agg";
import { prepared } from "~/db/prepared";
import { insightRollups, teamInsightRollups } from "~/db/schema";
import type { WeekRange } from "./filters";
import type { RollupCounts } from "./rollup-rows";
import type { SummedRollup } from "./type-tally";
import { ALL_TYPES } from "~/app/vocabulary";
import { ROLLUP_SUMS, rollupSums } from "./rollups.server";

/**
 * The insights' reads of the rollups, never of attempts: sums per team or per week from the team
 * rollups (`team_insight_rollups`, as many rows as teams × weeks, whatever the number of agents),
 * per agent from the agents' (`insight_rollups`), always limited to the teams asked for (already
 * checked against the viewer's scope) and the window's weeks.
 */

const inWeeks = (range: WeekRange) => and(gte(insightRollups.week, range.firstWeek), lte(insightRollups.week, range.lastWeek));
const TEAM_SUMS = rollupSums(teamInsightRollups);
/** The teams and weeks of a prepared team-rollup query, filled in by `teamWindow`. */
const TEAM_WINDOW = and(inIdsPlaceholder(teamInsightRollups.teamId, "teamIds"), gte(teamInsightRollups.week, sql.placeholder("firstWeek")), lte(teamInsightRollups.week, sql.placeholder("lastWeek")));
const teamWindow = (teamIds: readonly number[], range: WeekRange) => ({ teamIds: idList(teamIds), firstWeek: range.firstWeek, lastWeek: range.lastWeek });

/** A row of sums per some key (a team, a week, an agent) and flaw type. */
type KeyedSums<K> = { key: K; flawType: SummedRollup["flawType"]; counts: RollupCounts };

function groupRows<K>(rows: readonly KeyedSums<K>[]): Map<K, SummedRollup[]> {
  const groups = new Map<K, SummedRollup[]>();
  for (const { key, flawType, counts } of rows) {
    const group = groups.get(key);
    if (group) group.push({ flawType, ...counts });
    else groups.set(key, [{ flawType, ...counts }]);
  }
  return groups;
}

/** The team rollups' sums over the teams and weeks given when run (`teamWindow`), per team or per week (the key's type follows `by`), and flaw type. */
function teamSumsBy(db: Db, by: "team" | "week") {
  const key = by === "team" ? teamInsightRollups.teamId : teamInsightRollups.week;
  return prepared(db, `team-sums-by-${by}`, (db) =>
    db.select({ key, flawType: teamInsightRollups.flawType, counts: TEAM_SUMS }).from(teamInsightRollups).where(TEAM_WINDOW).groupBy(key, teamInsightRollups.flawType).prepare(`team_sums_by_${by}`),
  );
}

/** Rollup sums per team (teams already in scope) over the window. */
export async function sumsByTeam({ db, teamIds, range }: { db: Db; teamIds: readonly number[]; range: WeekRange }) {
  if (teamIds.length === 0) return new Map<number, SummedRollup[]>();
  return groupRows((await teamSumsBy(db, "team").execute(teamWindow(teamIds, range))) as KeyedSums<number>[]);
}

/** Rollup sums over some teams (in scope) together, per flaw type, over the window. */
export async function sumsOverTeams({ db, teamIds, range }: { db: Db; teamIds: readonly number[]; range: WeekRange }): Promise<SummedRollup[]> {
  if (teamIds.length === 0) return [];
  const query = prepared(db, "team-sums", (db) =>
    db.select({ flawType: teamInsightRollups.flawType, counts: TEAM_SUMS }).from(teamInsightRollups).where(TEAM_WINDOW).groupBy(teamInsightRollups.flawType).prepare("team_sums"),
  );
  return (await query.execute(teamWindow(teamIds, range))).map(({ flawType, counts }) => ({ flawType, ...counts }));
}

/** Rollup sums per agent within one team over the window (prepared: a team page's query); `userId` narrows to one agent. */
export async function sumsByAgent({ db, teamId, range, userId }: { db: Db; teamId: number; range: WeekRange; userId?: number }) {
  if (userId === undefined) {
    const query = prepared(db, "agent-sums-of-team", (db) =>
      db
        .select({ key: insightRollups.userId, flawType: insightRollups.flawType, counts: ROLLUP_SUMS })
        .from(insightRollups)
        .where(and(eq(insightRollups.teamId, sql.placeholder("teamId")), gte(insightRollups.week, sql.placeholder("firstWeek")), lte(insightRollups.week, sql.placeholder("lastWeek"))))
        .groupBy(insightRollups.userId, insightRollups.flawType)
        .prepare("agent_sums_of_team"),
    );
    return groupRows(await query.execute({ teamId, firstWeek: range.firstWeek, lastWeek: range.lastWeek }));
  }
  const rows = await db
    .select({ key: insightRollups.userId, flawType: insightRollups.flawType, counts: ROLLUP_SUMS })
    .from(insightRollups)
    .where(and(eq(insightRollups.teamId, teamId), inWeeks(range), eq(insightRollups.userId, userId)))
    .groupBy(insightRollups.userId, insightRollups.flawType);
  return groupRows(rows);
}

/** Rollup sums per week of the window over some teams (in scope), or one agent's rows in them. */
export async function sumsByWeek({ db, teamIds, range, userId }: { db: Db; teamIds: readonly number[]; range: WeekRange; userId?: number }) {
  if (teamIds.length === 0) return new Map<string, SummedRollup[]>();
  if (userId === undefined) {
    return groupRows((await teamSumsBy(db, "week").execute(teamWindow(teamIds, range))) as KeyedSums<string>[]);
  }
  const rows = await db
    .select({ key: insightRollups.week, flawType: insightRollups.flawType, counts: ROLLUP_SUMS })
    .from(insightRollups)
    .where(and(inArray(insightRollups.teamId, [...teamIds]), inWeeks(range), eq(insightRollups.userId, userId)))
    .groupBy(insightRollups.week, insightRollups.flawType);
  return groupRows(rows);
}

/** The agents' rollup rows that make them active in a team: a first attempt there in the window (teams in scope). */
export const activeInWindow = ({ teamIds, range }: { teamIds: readonly number[]; range: WeekRange }) =>
  and(inIds(insightRollups.teamId, teamIds), inWeeks(range), eq(insightRollups.flawType, ALL_TYPES), gt(insightRollups.attempts, 0));

/** The agents with a first attempt in the window, per team (teams in scope). */
export async function activeAgents({ db, teamIds, range }: { db: Db; teamIds: readonly number[]; range: WeekRange }) {
  const byTeam = new Map<number, number[]>();
  if (teamIds.length === 0) return byTeam;
  const rows = await db
    .select({ teamId: insightRollups.teamId, userIds: jsonDistinct<number>(insightRollups.userId) })
    .from(insightRollups)
    .where(activeInWindow({ teamIds, range }))
    .groupBy(insightRollups.teamId);
  for (const row of rows) byTeam.set(row.teamId, row.userIds);
  return byTeam;
}
