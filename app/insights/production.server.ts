import { and, eq, gte, lte, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { Db } from "~/db/client.server";
import { idList, inIdsPlaceholder } from "~/db/in-ids";
import { prepared } from "~/db/prepared";
import { assistRollups, teamAssistRollups } from "~/db/schema";
import { EDIT_RATIO_BUCKETS, type AssistCounts } from "~/app/production/tally";
import type { WeekRange } from "./filters";

/**
 * Production AI-assist counts for the teams in scope over the window's weeks, per team or per kind
 * from `team_assist_rollups`, per agent of one team from `assist_rollups`; the light-edit threshold is applied by productionTally
 * (app/production/tally.ts) when a page reads them.
 */

const total = (column: AnyPgColumn) => sql<number>`coalesce(sum(${column}), 0)`.mapWith(Number);
const BUCKETS = Array.from({ length: EDIT_RATIO_BUCKETS }, (_, bucket) => bucket);

function countsOf(table: typeof assistRollups | typeof teamAssistRollups) {
  const bucketTotal = (bucket: number) => sql<number>`coalesce(sum(${table.editedByRatio}[${sql.raw(String(bucket + 1))}]), 0)`.mapWith(Number);
  return {
    accepted: total(table.accepted),
    rejected: total(table.rejected),
    editedUnknownRatio: total(table.editedUnknownRatio),
    // One array of per-bucket sums (PostgreSQL arrays are 1-based).
    editedByRatio: sql<number[]>`array[${sql.join(BUCKETS.map(bucketTotal), sql`, `)}]::int[]`.mapWith((value: unknown) => bucketsOf(value)),
  };
}

const COUNTS = countsOf(assistRollups);
const TEAM_COUNTS = countsOf(teamAssistRollups);

/** The drivers return an int[] as an array, or as its text "{1,2}" when they do not parse it. */
function bucketsOf(value: unknown): number[] {
  const items = Array.isArray(value) ? value : typeof value === "string" ? value.replace(/[{}]/g, "").split(",") : [];
  return BUCKETS.map((bucket) => Number(items[bucket] ?? 0));
}

const inWeeks = (range: WeekRange) => and(gte(assistRollups.week, range.firstWeek), lte(assistRollups.week, range.lastWeek));
/** The teams and weeks of a prepared team-rollup query (db/prepared.ts), filled in by `teamWindow`. */
const TEAM_WINDOW = and(inIdsPlaceholder(teamAssistRollups.teamId, "teamIds"), gte(teamAssistRollups.week, sql.placeholder("firstWeek")), lte(teamAssistRollups.week, sql.placeholder("lastWeek")));
const teamWindow = (teamIds: readonly number[], range: WeekRange) => ({ teamIds: idList(teamIds), firstWeek: range.firstWeek, lastWeek: range.lastWeek });

export async function productionByTeam({ db, teamIds, range }: { db: Db; teamIds: readonly number[]; range: WeekRange }): Promise<Map<number, AssistCounts>> {
  if (teamIds.length === 0) return new Map();
  const query = prepared(db, "production-by-team", (db) =>
    db.select({ key: teamAssistRollups.teamId, ...TEAM_COUNTS }).from(teamAssistRollups).where(TEAM_WINDOW).groupBy(teamAssistRollups.teamId).prepare("production_by_team"),
  );
  const rows = await query.execute(teamWindow(teamIds, range));
  return new Map(rows.map(({ key, ...counts }) => [key, counts]));
}

export async function productionByAgent({ db, teamId, range, userId }: { db: Db; teamId: number; range: WeekRange; userId?: number }): Promise<Map<number, AssistCounts>> {
  const rows = await db
    .select({ key: assistRollups.userId, ...COUNTS })
    .from(assistRollups)
    .where(and(eq(assistRollups.teamId, teamId), inWeeks(range), userId === undefined ? undefined : eq(assistRollups.userId, userId)))
    .groupBy(assistRollups.userId);
  return new Map(rows.map(({ key, ...counts }) => [key, counts]));
}

/** Production counts per suggestion kind over some teams (in scope); events without a kind are under "". */
export async function productionByKind({ db, teamIds, range }: { db: Db; teamIds: readonly number[]; range: WeekRange }): Promise<Map<string, AssistCounts>> {
  if (teamIds.length === 0) return new Map();
  const query = prepared(db, "production-by-kind", (db) =>
    db
      .select({ key: teamAssistRollups.suggestionKind, ...TEAM_COUNTS })
      .from(teamAssistRollups)
      .where(TEAM_WINDOW)
      .groupBy(teamAssistRollups.suggestionKind)
      .orderBy(teamAssistRollups.suggestionKind)
      .prepare("production_by_kind"),
  );
  const rows = await query.execute(teamWindow(teamIds, range));
  return new Map(rows.map(({ key, ...counts }) => [key, counts]));
}
