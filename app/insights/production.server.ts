import { and, eq, gte, inArray, lte, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { Db } from "~/db/client.server";
import { assistRollups } from "~/db/schema";
import { EDIT_RATIO_BUCKETS, type AssistCounts } from "~/app/production/tally";
import type { WeekRange } from "./filters";

/**
 * Production AI-assist counts from `assist_rollups` for the teams in scope over the window's weeks,
 * per team or per agent of one team; the light-edit threshold is applied by productionTally
 * (app/production/tally.ts) when a page reads them.
 */

const total = (column: AnyPgColumn) => sql<number>`coalesce(sum(${column}), 0)`.mapWith(Number);
const bucketTotal = (bucket: number) => sql<number>`coalesce(sum(${assistRollups.editedByRatio}[${sql.raw(String(bucket + 1))}]), 0)`.mapWith(Number);
const BUCKETS = Array.from({ length: EDIT_RATIO_BUCKETS }, (_, bucket) => bucket);

const COUNTS = {
  accepted: total(assistRollups.accepted),
  rejected: total(assistRollups.rejected),
  editedUnknownRatio: total(assistRollups.editedUnknownRatio),
  // One array of per-bucket sums (PostgreSQL arrays are 1-based).
  editedByRatio: sql<number[]>`array[${sql.join(BUCKETS.map(bucketTotal), sql`, `)}]::int[]`.mapWith((value: unknown) => bucketsOf(value)),
};

/** The drivers return an int[] as an array, or as its text "{1,2}" when they do not parse it. */
function bucketsOf(value: unknown): number[] {
  const items = Array.isArray(value) ? value : typeof value === "string" ? value.replace(/[{}]/g, "").split(",") : [];
  return BUCKETS.map((bucket) => Number(items[bucket] ?? 0));
}

const inWeeks = (range: WeekRange) => and(gte(assistRollups.week, range.firstWeek), lte(assistRollups.week, range.lastWeek));

export async function productionByTeam({ db, teamIds, range }: { db: Db; teamIds: readonly number[]; range: WeekRange }): Promise<Map<number, AssistCounts>> {
  if (teamIds.length === 0) return new Map();
  const rows = await db
    .select({ key: assistRollups.teamId, ...COUNTS })
    .from(assistRollups)
    .where(and(inArray(assistRollups.teamId, [...teamIds]), inWeeks(range)))
    .groupBy(assistRollups.teamId);
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
  const rows = await db
    .select({ key: assistRollups.suggestionKind, ...COUNTS })
    .from(assistRollups)
    .where(and(inArray(assistRollups.teamId, [...teamIds]), inWeeks(range)))
    .groupBy(assistRollups.suggestionKind)
    .orderBy(assistRollups.suggestionKind);
  return new Map(rows.map(({ key, ...counts }) => [key, counts]));
}
