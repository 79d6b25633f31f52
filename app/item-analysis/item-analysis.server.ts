import { and, asc, desc, eq, sql, type SQL } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { attempts, drillRatings, drillRevisions, drills } from "~/db/schema";
import type { FlawResult } from "~/app/practice/catching";
import type { Mark } from "~/app/practice/types";
import {
  EXTREME_GROUP_PERCENT,
  itemAnalysis,
  listedItemAnalysis,
  OVERRIDDEN_CONTROL_PERCENT,
  RARELY_CAUGHT_PERCENT,
  type AnalysedAttempt,
  type AnalysedRevision,
  type DrillItemAnalysis,
  type ListedItemAnalysis,
} from "./item-analysis";

/** The most counted attempts one drill page analyses: the latest ones, so the page stays fast for a drill taken by a whole organisation. */
export const MAX_ANALYSED_ATTEMPTS = 5000;

/** The agent's rating before the attempt's game, in double precision, the same expression wherever it is read. */
const ratingBefore = sql<number>`(${attempts.agentRating}::float8 - ${attempts.agentRatingDelta}::float8)`;

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

type FigureRow = {
  drillId: string;
  attempts: number;
  right: number;
  flat: boolean;
  pointBiserial: number | null;
  upperLower: number | null;
  rarelyCaught: number;
  overriddenControls: number;
  drillRating: number | null;
};

/**
 * The drill list's item analysis of every drill, in one grouped query over the counted attempts
 * (nothing per attempt reaches Node): facility, discrimination both ways (PostgreSQL's corr() is
 * Pearson's r, the point-biserial with a 0/1 result; the upper and lower 27 % by window
 * functions), and the hints the list shows, by the same rules and thresholds as `itemAnalysis`.
 * `difficultyOf` gives each drill's stated difficulty (its current revision's).
 */
export async function listedItemAnalyses({ db, minAttempts, difficultyOf }: { db: Db; minAttempts: number; difficultyOf: (drillId: string) => number | null }): Promise<Map<string, { attempts: number; analysis: ListedItemAnalysis | null }>> {
  const groupSize = sql`greatest(1, floor(${sql.raw(String(EXTREME_GROUP_PERCENT))} * n / 100.0 + 0.5))`;
  const rows = await selectRows<FigureRow>(
    db,
    sql`
      with counted as (
        select a.id, a.drill_id, a.revision_id, a.flawed, a.outcome, a.score,
               case when a.outcome in ('hit', 'correct_rejection') then 1 else 0 end as right_decision,
               a.agent_rating::float8 - a.agent_rating_delta::float8 as rating
        from attempts a
        where a.counted
      ),
      ranked as (
        select c.drill_id, c.right_decision, c.rating,
               count(*) over (partition by c.drill_id) as n,
               row_number() over (partition by c.drill_id order by c.rating desc, c.id asc) as upper_rank,
               row_number() over (partition by c.drill_id order by c.rating asc, c.id desc) as lower_rank
        from counted c
      ),
      drill_figures as (
        select drill_id,
               count(*)::int as attempts,
               sum(right_decision)::int as right_decisions,
               (min(right_decision) = max(right_decision) or min(rating) = max(rating)) as flat,
               corr(right_decision, rating) as point_biserial,
               (avg(right_decision) filter (where upper_rank <= ${groupSize}) - avg(right_decision) filter (where lower_rank <= ${groupSize}))::float8 as upper_lower
        from ranked
        group by drill_id
      ),
      revision_figures as (
        select drill_id, revision_id, count(*) as n, bool_or(flawed) as flawed, count(*) filter (where outcome = 'false_alarm') as false_alarms
        from counted
        group by drill_id, revision_id
      ),
      flaw_figures as (
        select c.drill_id, c.revision_id, flaw ->> 'index' as flaw_index, count(*) as n, count(*) filter (where flaw ->> 'status' <> 'missed') as caught
        from counted c cross join lateral jsonb_array_elements(c.score -> 'flaws') as flaw
        group by c.drill_id, c.revision_id, flaw ->> 'index'
      )
      select d.drill_id as "drillId", d.attempts, d.right_decisions as "right", d.flat,
             d.point_biserial as "pointBiserial", d.upper_lower as "upperLower",
             (select count(*)::int from flaw_figures f
               where f.drill_id = d.drill_id and f.n >= ${minAttempts} and 100 * f.caught < ${RARELY_CAUGHT_PERCENT} * f.n) as "rarelyCaught",
             (select count(*)::int from revision_figures r
               where r.drill_id = d.drill_id and not r.flawed and r.n >= ${minAttempts} and 100 * r.false_alarms >= ${OVERRIDDEN_CONTROL_PERCENT} * r.n) as "overriddenControls",
             r.rating::float8 as "drillRating"
      from drill_figures d
      left join drill_ratings r on r.drill_id = d.drill_id
    `,
  );
  return new Map(
    rows.map((row) => [
      row.drillId,
      {
        attempts: row.attempts,
        analysis: listedItemAnalysis({
          figures: { ...row, pointBiserial: row.pointBiserial === null ? null : Number(row.pointBiserial), upperLower: row.upperLower === null ? null : Number(row.upperLower) },
          minAttempts,
          drillRating: row.drillRating === null ? null : Number(row.drillRating),
          statedDifficulty: difficultyOf(row.drillId),
        }),
      },
    ]),
  );
}
