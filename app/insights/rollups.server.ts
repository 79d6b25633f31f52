import { and, asc, eq, gt, inArray, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { Db } from "~/db/client.server";
import { attempts, controlRollups, drillRevisions, flawRollups, insightRollups, organisationControlRollups, organisationFlawRollups, teamInsightRollups } from "~/db/schema";
import { countIntoItemRollup, rebuildItemRollups } from "~/app/item-analysis/item-rollups.server";
import { FLAW_ROLLUP_COUNTS, flawRollupRowsOf, type DeclaredFlaw, type FlawRollupRow } from "./flaw-rollup-rows";
import { isoWeekStart, ROLLUP_COUNTS, rollupRowsOf, type CountedAttempt, type RollupCounts, type RollupRow } from "./rollup-rows";

type RollupTarget = { teamId: number; userId: number; at: Date; drillId: string; revisionId: number };

const increments = <T extends typeof insightRollups | typeof teamInsightRollups | typeof flawRollups | typeof organisationFlawRollups, F extends keyof T & string>(table: T, fields: readonly F[]) =>
  Object.fromEntries(fields.map((field) => [field, sql`${table[field] as AnyPgColumn} + excluded.${sql.identifier((table[field] as AnyPgColumn).name)}`]));

/**
 * Adds one attempt's rows to the agent's rollups, its team's, (a clean control) the control's and
 * (a flawed draft) its flaws', the last two for the team and for the organisation, one statement
 * each; concurrent writers add atomically (an upsert per row). The tables and, within each, the
 * rows come in one order ('all', then FLAW_TYPES'; flaws by index), so two attempts lock shared
 * rows in the same order.
 */
async function addRows({ tx, target, rows, control, flaws }: { tx: Db; target: RollupTarget; rows: RollupRow[]; control: { overridden: boolean } | null; flaws: FlawRollupRow[] }) {
  if (rows.length === 0) return;
  const week = isoWeekStart(target.at);
  await tx
    .insert(insightRollups)
    .values(rows.map((row) => ({ teamId: target.teamId, userId: target.userId, week, flawType: row.flawType, ...row.counts })))
    .onConflictDoUpdate({ target: [insightRollups.teamId, insightRollups.userId, insightRollups.week, insightRollups.flawType], set: increments(insightRollups, ROLLUP_COUNTS) });
  await tx
    .insert(teamInsightRollups)
    .values(rows.map((row) => ({ teamId: target.teamId, week, flawType: row.flawType, ...row.counts })))
    .onConflictDoUpdate({ target: [teamInsightRollups.teamId, teamInsightRollups.week, teamInsightRollups.flawType], set: increments(teamInsightRollups, ROLLUP_COUNTS) });
  if (flaws.length > 0) {
    await tx
      .insert(flawRollups)
      .values(flaws.map((flaw) => ({ teamId: target.teamId, week, revisionId: target.revisionId, flawIndex: flaw.flawIndex, drillId: target.drillId, flawType: flaw.flawType, ...flaw.counts })))
      .onConflictDoUpdate({ target: [flawRollups.teamId, flawRollups.week, flawRollups.revisionId, flawRollups.flawIndex], set: increments(flawRollups, FLAW_ROLLUP_COUNTS) });
    await tx
      .insert(organisationFlawRollups)
      .values(flaws.map((flaw) => ({ week, revisionId: target.revisionId, flawIndex: flaw.flawIndex, drillId: target.drillId, flawType: flaw.flawType, ...flaw.counts })))
      .onConflictDoUpdate({ target: [organisationFlawRollups.week, organisationFlawRollups.revisionId, organisationFlawRollups.flawIndex], set: increments(organisationFlawRollups, FLAW_ROLLUP_COUNTS) });
  }
  if (!control) return;
  await tx
    .insert(controlRollups)
    .values({ teamId: target.teamId, week, revisionId: target.revisionId, drillId: target.drillId, attempts: 1, overridden: control.overridden ? 1 : 0 })
    .onConflictDoUpdate({
      target: [controlRollups.teamId, controlRollups.week, controlRollups.revisionId],
      set: { attempts: sql`${controlRollups.attempts} + 1`, overridden: sql`${controlRollups.overridden} + excluded.overridden` },
    });
  await tx
    .insert(organisationControlRollups)
    .values({ week, revisionId: target.revisionId, drillId: target.drillId, attempts: 1, overridden: control.overridden ? 1 : 0 })
    .onConflictDoUpdate({
      target: [organisationControlRollups.week, organisationControlRollups.revisionId],
      set: { attempts: sql`${organisationControlRollups.attempts} + 1`, overridden: sql`${organisationControlRollups.overridden} + excluded.overridden` },
    });
}

/** A first attempt on a clean draft counts for the controls' rollup; any decision but send overrides it. */
function controlOf(attempt: CountedAttempt) {
  return attempt.score.flawed ? null : { overridden: attempt.score.decision !== "send" };
}

/** Counts a first attempt (stored as `attemptId`) into the rollups; called in the attempt's own transaction. `flaws` are its revision's declared flaws. */
export async function countIntoRollups({ tx, attemptId, target, attempt, flaws }: { tx: Db; attemptId: number; target: RollupTarget; attempt: CountedAttempt; flaws: readonly DeclaredFlaw[] }) {
  await addRows({ tx, target, rows: rollupRowsOf(attempt), control: controlOf(attempt), flaws: flawRollupRowsOf({ score: attempt.score, flaws }) });
  await countIntoItemRollup({ tx, attemptId });
}

/** The declared flaws of some drill revisions, by revision id. */
export async function declaredFlaws({ db, revisionIds }: { db: Db; revisionIds: readonly number[] }): Promise<Map<number, DeclaredFlaw[]>> {
  if (revisionIds.length === 0) return new Map();
  const rows = await db.select({ id: drillRevisions.id, flaws: sql<DeclaredFlaw[]>`${drillRevisions.content}->'flaws'` }).from(drillRevisions).where(inArray(drillRevisions.id, [...new Set(revisionIds)]));
  return new Map(rows.map((row) => [row.id, row.flaws]));
}

const REBUILD_BATCH = 2_000;

/**
 * Recomputes every rollup from the counted attempts, in one transaction (readers see the old
 * rollups until it commits). Returns how many attempts were counted.
 */
export async function rebuildRollups({ db }: { db: Db }): Promise<{ attempts: number }> {
  return db.transaction(async (tx) => {
    await tx.delete(insightRollups);
    await tx.delete(teamInsightRollups);
    await tx.delete(controlRollups);
    await tx.delete(flawRollups);
    await tx.delete(organisationControlRollups);
    await tx.delete(organisationFlawRollups);
    const flawsOf = new Map<number, DeclaredFlaw[]>();
    let counted = 0;
    let after = 0;
    for (;;) {
      const batch = await tx
        .select({ id: attempts.id, teamId: attempts.teamId, userId: attempts.userId, at: attempts.createdAt, drillId: attempts.drillId, revisionId: attempts.revisionId, score: attempts.score, marks: attempts.marks, points: attempts.points, timeOnTaskMs: attempts.timeOnTaskMs })
        .from(attempts)
        .where(and(eq(attempts.counted, true), gt(attempts.id, after)))
        .orderBy(asc(attempts.id))
        .limit(REBUILD_BATCH);
      const unseen = batch.map((row) => row.revisionId).filter((id) => !flawsOf.has(id));
      for (const [id, flaws] of await declaredFlaws({ db: tx, revisionIds: unseen })) flawsOf.set(id, flaws);
      for (const row of batch) {
        await addRows({ tx, target: row, rows: rollupRowsOf(row), control: controlOf(row), flaws: flawRollupRowsOf({ score: row.score, flaws: flawsOf.get(row.revisionId) ?? [] }) });
      }
      counted += batch.length;
      const last = batch.at(-1);
      if (!last) break;
      after = last.id;
    }
    await rebuildItemRollups({ tx });
    return { attempts: counted };
  });
}

/**
 * Whether counted attempts exist that the rollups do not hold yet: a database migrated from before
 * the rollups, or from before the flaw rollups (counted flawed drafts but no flaw rows).
 */
export async function rollupsMissing({ db }: { db: Db }) {
  const [counted] = await db.select({ id: attempts.id }).from(attempts).where(eq(attempts.counted, true)).limit(1);
  const [rolledUp] = await db.select({ week: insightRollups.week }).from(insightRollups).limit(1);
  if (counted !== undefined && rolledUp === undefined) return true;
  const [flawed] = await db.select({ id: attempts.id }).from(attempts).where(and(eq(attempts.counted, true), eq(attempts.flawed, true))).limit(1);
  const [flawRolledUp] = await db.select({ week: flawRollups.week }).from(flawRollups).limit(1);
  return flawed !== undefined && flawRolledUp === undefined;
}

/**
 * Every rollup count of a rollup table (an agent's or a team's) summed over the rows a query
 * groups, as one JSON array read back as the counts: a 50-team page reads 550 such rows, and 30
 * numeric cells a row through drizzle and postgres.js cost about 8 ms of the server's CPU, one
 * array a row about 2.
 */
export function rollupSums(table: typeof insightRollups | typeof teamInsightRollups): SQL<RollupCounts> {
  const sums = sql.join(
    ROLLUP_COUNTS.map((field) => sql`coalesce(sum(${table[field]}), 0)`),
    sql`, `,
  );
  return sql<RollupCounts>`json_build_array(${sums})`.mapWith((values: readonly number[]) => {
    const counts = {} as RollupCounts;
    ROLLUP_COUNTS.forEach((field, index) => (counts[field] = Number(values[index] ?? 0)));
    return counts;
  });
}

export const ROLLUP_SUMS = rollupSums(insightRollups);
