import { and, asc, eq, gt, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { Db } from "~/db/client.server";
import { attempts, insightRollups } from "~/db/schema";
import { isoWeekStart, ROLLUP_COUNTS, rollupRowsOf, type CountedAttempt, type RollupCounts, type RollupRow } from "./rollup-rows";

type RollupTarget = { teamId: number; userId: number; at: Date };

/** Adds rows to the rollups in one statement; concurrent writers add atomically (an upsert per row). */
async function addRows({ tx, target, rows }: { tx: Db; target: RollupTarget; rows: RollupRow[] }) {
  if (rows.length === 0) return;
  const week = isoWeekStart(target.at);
  const increments = Object.fromEntries(ROLLUP_COUNTS.map((field) => [field, sql`${insightRollups[field]} + excluded.${sql.identifier(insightRollups[field].name)}`]));
  await tx
    .insert(insightRollups)
    .values(rows.map((row) => ({ teamId: target.teamId, userId: target.userId, week, flawType: row.flawType, ...row.counts })))
    .onConflictDoUpdate({ target: [insightRollups.teamId, insightRollups.userId, insightRollups.week, insightRollups.flawType], set: increments });
}

/** Counts a first attempt into the rollups; called in the attempt's own transaction. */
export async function countIntoRollups({ tx, target, attempt }: { tx: Db; target: RollupTarget; attempt: CountedAttempt }) {
  await addRows({ tx, target, rows: rollupRowsOf(attempt) });
}

const REBUILD_BATCH = 2_000;

/**
 * Recomputes every rollup from the counted attempts, in one transaction (readers see the old
 * rollups until it commits). Returns how many attempts were counted.
 */
export async function rebuildRollups({ db }: { db: Db }): Promise<{ attempts: number }> {
  return db.transaction(async (tx) => {
    await tx.delete(insightRollups);
    let counted = 0;
    let after = 0;
    for (;;) {
      const batch = await tx
        .select({ id: attempts.id, teamId: attempts.teamId, userId: attempts.userId, at: attempts.createdAt, score: attempts.score, marks: attempts.marks, points: attempts.points, timeOnTaskMs: attempts.timeOnTaskMs })
        .from(attempts)
        .where(and(eq(attempts.counted, true), gt(attempts.id, after)))
        .orderBy(asc(attempts.id))
        .limit(REBUILD_BATCH);
      for (const row of batch) {
        await addRows({ tx, target: row, rows: rollupRowsOf(row) });
      }
      counted += batch.length;
      const last = batch.at(-1);
      if (!last) break;
      after = last.id;
    }
    return { attempts: counted };
  });
}

/** Whether counted attempts exist that the rollups do not hold yet (a database migrated from before rollups). */
export async function rollupsMissing({ db }: { db: Db }) {
  const [counted] = await db.select({ id: attempts.id }).from(attempts).where(eq(attempts.counted, true)).limit(1);
  const [rolledUp] = await db.select({ week: insightRollups.week }).from(insightRollups).limit(1);
  return counted !== undefined && rolledUp === undefined;
}

const total = (column: AnyPgColumn) => sql<number>`coalesce(sum(${column}), 0)`.mapWith(Number);

/** Each rollup count summed over the rows a query groups, as a number. */
export const ROLLUP_SUMS = {
  attempts: total(insightRollups.attempts),
  planted: total(insightRollups.planted),
  caught: total(insightRollups.caught),
  correctlyTyped: total(insightRollups.correctlyTyped),
  marks: total(insightRollups.marks),
  falseFlags: total(insightRollups.falseFlags),
  flawedDrafts: total(insightRollups.flawedDrafts),
  cleanDrafts: total(insightRollups.cleanDrafts),
  hits: total(insightRollups.hits),
  misses: total(insightRollups.misses),
  falseAlarms: total(insightRollups.falseAlarms),
  correctRejections: total(insightRollups.correctRejections),
  escalateExpected: total(insightRollups.escalateExpected),
  escalatedWhenExpected: total(insightRollups.escalatedWhenExpected),
  usableRewrites: total(insightRollups.usableRewrites),
  fixPlanted: total(insightRollups.fixPlanted),
  flawsRemoved: total(insightRollups.flawsRemoved),
  points: total(insightRollups.points),
  timeOnTaskMs: total(insightRollups.timeOnTaskMs),
} satisfies Record<keyof RollupCounts, SQL<number>>;
