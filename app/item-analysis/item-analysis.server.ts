import { and, asc, desc, eq, sql, type SQL } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { attempts, drillItemRollups, drillRatings, drillRevisions, drills, organisationControlRollups, organisationFlawRollups } from "~/db/schema";
import { RIGHT_DECISION, ratingBefore } from "./attempt-figures.server";
import type { FlawResult } from "~/app/practice/catching";
import type { Mark } from "~/app/practice/types";
import {
  EXTREME_GROUP_PERCENT,
  itemAnalysis,
  listedItemAnalysis,
  OVERRIDDEN_CONTROL_PERCENT,
  pearsonFromSums,
  POINT_BISERIAL_MIN_ATTEMPTS,
  RARELY_CAUGHT_PERCENT,
  type AnalysedAttempt,
  type AnalysedRevision,
  type DrillItemAnalysis,
  type ListedItemAnalysis,
} from "./item-analysis";

/** The most counted attempts one drill page analyses: the latest ones, so the page stays fast for a drill taken by a whole organisation. */
export const MAX_ANALYSED_ATTEMPTS = 5000;


/** One drill's item analysis, over every revision or one (`revision`; an unknown number falls back to all). */
export async function drillItemAnalysis({ db, drillId, revision, minAttempts }: { db: Db; drillId: string; revision: number | null; minAttempts: number }): Promise<DrillItemAnalysis> {
  const revisionRows = await db
    .select({ id: drillRevisions.id, revision: drillRevisions.revision, difficulty: drillRevisions.difficulty, content: drillRevisions.content })
    .from(drillRevisions)
    .where(eq(drillRevisions.drillId, drillId))
    .orderBy(asc(drillRevisions.revision));
  const perRevision = await db
    .select({ revisionId: attempts.revisionId, attempts: sql<number>`count(*)::int` })
    .from(attempts)
    .where(and(eq(attempts.drillId, drillId), eq(attempts.counted, true)))
    .groupBy(attempts.revisionId);
  const attemptsOf = new Map(perRevision.map((row) => [row.revisionId, row.attempts]));
  const selected = revision === null ? undefined : revisionRows.find((row) => row.revision === revision);
  const [drill] = await db.select({ currentRevisionId: drills.currentRevisionId, rating: sql<number | null>`${drillRatings.rating}::float8` }).from(drills).leftJoin(drillRatings, eq(drillRatings.drillId, drills.id)).where(eq(drills.id, drillId));
  const stated = selected ?? revisionRows.find((row) => row.id === drill?.currentRevisionId) ?? revisionRows.at(-1);
  const rows = await db
    .select({
      id: attempts.id,
      revisionId: attempts.revisionId,
      outcome: attempts.outcome,
      points: attempts.points,
      maxPoints: sql<number>`(${attempts.score} ->> 'maxPoints')::int`,
      timeOnTaskMs: attempts.timeOnTaskMs,
      ratingBefore,
      flaws: sql<FlawResult[]>`${attempts.score} -> 'flaws'`,
      falseFlags: sql<Mark[]>`${attempts.score} -> 'falseFlags'`,
    })
    .from(attempts)
    .where(and(eq(attempts.drillId, drillId), eq(attempts.counted, true), selected ? eq(attempts.revisionId, selected.id) : undefined))
    .orderBy(desc(attempts.id))
    .limit(MAX_ANALYSED_ATTEMPTS);
  const analysedAttempts: AnalysedAttempt[] = rows.map((row) => ({ ...row, ratingBefore: Number(row.ratingBefore), flaws: row.flaws ?? [], falseFlags: row.falseFlags ?? [] }));
  const revisions: AnalysedRevision[] = revisionRows.map((row) => ({ id: row.id, revision: row.revision, difficulty: row.difficulty, draft: row.content.draft, flaws: row.content.flaws }));
  return {
    revisions: revisionRows.map((row) => ({ revision: row.revision, attempts: attemptsOf.get(row.id) ?? 0 })),
    revision: selected?.revision ?? null,
    total: selected ? (attemptsOf.get(selected.id) ?? 0) : perRevision.reduce((total, row) => total + row.attempts, 0),
    analysed: analysedAttempts.length,
    analysis: itemAnalysis({ attempts: analysedAttempts, revisions, minAttempts, drillRating: drill?.rating == null ? null : Number(drill.rating), statedDifficulty: stated?.difficulty ?? null }),
  };
}

async function selectRows<T>(db: Db, query: SQL): Promise<T[]> {
  // postgres.js hands back the rows, PGlite an object holding them.
  const result = (await db.execute(query)) as unknown as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}

/**
 * Upper minus lower 27 % of the drills the list shows it for (from `minAttempts` first attempts, and
 * fewer than POINT_BISERIAL_MIN_ATTEMPTS), by window functions over those drills' counted attempts
 * only: at most that many attempts per drill.
 */
async function upperLowerOf(db: Db, minAttempts: number): Promise<Map<string, number | null>> {
  const groupSize = sql`greatest(1, floor(${sql.raw(String(EXTREME_GROUP_PERCENT))} * n / 100.0 + 0.5))`;
  const rows = await selectRows<{ drillId: string; upperLower: number | null }>(
    db,
    sql`
      with ranked as (
        select drill_id, right_decision,
               count(*) over (partition by drill_id) as n,
               row_number() over (partition by drill_id order by rating desc, id asc) as upper_rank,
               row_number() over (partition by drill_id order by rating asc, id desc) as lower_rank
        from (select ${attempts.id} as id, ${attempts.drillId} as drill_id, ${RIGHT_DECISION} as right_decision, ${ratingBefore} as rating
              from ${attempts}
              where ${attempts.counted} and ${attempts.drillId} in (
                select ${drillItemRollups.drillId} from ${drillItemRollups} where ${drillItemRollups.attempts} >= ${minAttempts} and ${drillItemRollups.attempts} < ${POINT_BISERIAL_MIN_ATTEMPTS})) counted
      )
      select drill_id as "drillId",
             (avg(right_decision) filter (where upper_rank <= ${groupSize}) - avg(right_decision) filter (where lower_rank <= ${groupSize}))::float8 as "upperLower"
      from ranked
      group by drill_id
    `,
  );
  return new Map(rows.map((row) => [row.drillId, row.upperLower === null ? null : Number(row.upperLower)]));
}

/** Per drill, how many of its planted flaws (one per revision and index, over the organisation) were seen at least `minAttempts` times and caught in under RARELY_CAUGHT_PERCENT of them. */
async function rarelyCaughtFlaws(db: Db, minAttempts: number): Promise<Map<string, number>> {
  const flaws = db
    .select({ drillId: organisationFlawRollups.drillId, n: sql<number>`sum(${organisationFlawRollups.planted})`.as("n"), caught: sql<number>`sum(${organisationFlawRollups.caught})`.as("caught") })
    .from(organisationFlawRollups)
    .groupBy(organisationFlawRollups.drillId, organisationFlawRollups.revisionId, organisationFlawRollups.flawIndex)
    .as("flaws");
  const rows = await db
    .select({ drillId: flaws.drillId, count: sql<number>`count(*)::int`.mapWith(Number) })
    .from(flaws)
    .where(sql`${flaws.n} >= ${minAttempts} and 100 * ${flaws.caught} < ${RARELY_CAUGHT_PERCENT} * ${flaws.n}`)
    .groupBy(flaws.drillId);
  return new Map(rows.map((row) => [row.drillId, row.count]));
}

/** Per drill, how many of its clean revisions were answered at least `minAttempts` times and overridden in OVERRIDDEN_CONTROL_PERCENT or more of them. */
async function overriddenControlRevisions(db: Db, minAttempts: number): Promise<Map<string, number>> {
  const controls = db
    .select({ drillId: organisationControlRollups.drillId, n: sql<number>`sum(${organisationControlRollups.attempts})`.as("n"), overridden: sql<number>`sum(${organisationControlRollups.overridden})`.as("overridden") })
    .from(organisationControlRollups)
    .groupBy(organisationControlRollups.drillId, organisationControlRollups.revisionId)
    .as("controls");
  const rows = await db
    .select({ drillId: controls.drillId, count: sql<number>`count(*)::int`.mapWith(Number) })
    .from(controls)
    .where(sql`${controls.n} >= ${minAttempts} and 100 * ${controls.overridden} >= ${OVERRIDDEN_CONTROL_PERCENT} * ${controls.n}`)
    .groupBy(controls.drillId);
  return new Map(rows.map((row) => [row.drillId, row.count]));
}

/**
 * The drill list's item analysis of every drill, from rollups, so the list does not grow with the
 * attempts: each drill's first attempts, right decisions and the sums that give the point-biserial
 * (drill_item_rollups), its rarely caught flaws and overridden controls (the organisation's flaw
 * and control rollups); only drills below POINT_BISERIAL_MIN_ATTEMPTS read their attempts, for
 * upper minus lower 27 %. The same rules and thresholds as `itemAnalysis`. `difficultyOf` gives
 * each drill's stated difficulty (its current revision's).
 */
export async function listedItemAnalyses({ db, minAttempts, difficultyOf }: { db: Db; minAttempts: number; difficultyOf: (drillId: string) => number | null }): Promise<Map<string, { attempts: number; analysis: ListedItemAnalysis | null }>> {
  const [sums, upperLower, rarelyCaught, overriddenControls] = await Promise.all([
    db.select({ row: drillItemRollups, drillRating: sql<number | null>`${drillRatings.rating}::float8` }).from(drillItemRollups).leftJoin(drillRatings, eq(drillRatings.drillId, drillItemRollups.drillId)),
    upperLowerOf(db, minAttempts),
    rarelyCaughtFlaws(db, minAttempts),
    overriddenControlRevisions(db, minAttempts),
  ]);
  return new Map(
    sums.map(({ row, drillRating }) => [
      row.drillId,
      {
        attempts: row.attempts,
        analysis: listedItemAnalysis({
          figures: {
            attempts: row.attempts,
            right: row.rightDecisions,
            flat: row.rightDecisions === 0 || row.rightDecisions === row.attempts || row.lowestRating === row.highestRating,
            pointBiserial: pearsonFromSums({ n: row.attempts, x: row.rightDecisions, xx: row.rightDecisions, y: row.ratingSum, yy: row.ratingSquareSum, xy: row.rightRatingSum }),
            upperLower: upperLower.get(row.drillId) ?? null,
            rarelyCaught: rarelyCaught.get(row.drillId) ?? 0,
            overriddenControls: overriddenControls.get(row.drillId) ?? 0,
          },
          minAttempts,
          drillRating: drillRating === null ? null : Number(drillRating),
          statedDifficulty: difficultyOf(row.drillId),
        }),
      },
    ]),
  );
}
