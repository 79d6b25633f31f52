import { and, asc, desc, eq, gt, lt, notExists, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { Db } from "~/db/client.server";
import { inIds } from "~/db/in-ids";
import { jsonObjectAgg } from "~/db/json-agg";
import { agentTierChanges, attempts, users } from "~/db/schema";
import type { Tier } from "~/app/vocabulary";
import { summariseAttempt, tierFor, type AttemptSummary } from "./metrics";
import { DEFAULT_RATE_WINDOW } from "./tiers";

/**
 * Each agent's tier over time, kept as the counted attempts that changed it (agent_tier_changes):
 * the same rule as the agent's own pages (tierFor over their latest 100 counted attempts, volume
 * over all of them), decided once per counted attempt in its transaction, so a leader's page reads
 * one row per agent for the tier at the end of any window.
 */

async function latestTier({ tx, userId }: { tx: Db; userId: number }): Promise<Tier | null> {
  const [row] = await tx.select({ tier: agentTierChanges.tier }).from(agentTierChanges).where(eq(agentTierChanges.userId, userId)).orderBy(desc(agentTierChanges.at), desc(agentTierChanges.attemptId)).limit(1);
  return row?.tier ?? null;
}

/**
 * After counted attempt `attemptId` (the agent's `volume`-th), stores the agent's tier when it
 * changed, or when it is their first. Runs under the agent's rating lock (submitAttempt).
 */
export async function recordTier({ tx, userId, attemptId, at, volume }: { tx: Db; userId: number; attemptId: number; at: Date; volume: number }) {
  const latest = await tx
    .select({ at: attempts.createdAt, score: attempts.score })
    .from(attempts)
    .where(and(eq(attempts.userId, userId), eq(attempts.counted, true)))
    // In the order the rule was applied: ids are taken under the agent's lock, while clocks of two instances may disagree.
    .orderBy(desc(attempts.id))
    .limit(DEFAULT_RATE_WINDOW);
  const { tier } = tierFor({ attempts: latest.map(summariseAttempt), volume });
  if ((await latestTier({ tx, userId })) !== tier) await tx.insert(agentTierChanges).values({ attemptId, userId, at, tier });
}

/**
 * The tier of the agent in column `userId` just before `until`, for a query to select per agent
 * (null before their first counted attempt: associate). One probe per agent down
 * agent_tier_changes_latest_idx, not a sort of every change of them all.
 */
export function tierAtQuery({ db, userId, until }: { db: Db; userId: AnyPgColumn; until: Date }) {
  return db
    .select({ tier: agentTierChanges.tier })
    .from(agentTierChanges)
    .where(and(eq(agentTierChanges.userId, userId), lt(agentTierChanges.at, until)))
    .orderBy(desc(agentTierChanges.at), desc(agentTierChanges.attemptId))
    .limit(1);
}

/** Each agent's tier just before `until` (associate before their first counted attempt). */
export async function tiersAt({ db, userIds, until }: { db: Db; userIds: readonly number[]; until: Date }): Promise<Map<number, Tier>> {
  const tiers = new Map<number, Tier>();
  if (userIds.length === 0) return tiers;
  const [row] = await db
    .select({ tiers: jsonObjectAgg<Tier | null>(users.id, sql`(${tierAtQuery({ db, userId: users.id, until })})`) })
    .from(users)
    .where(inIds(users.id, [...new Set(userIds)]));
  for (const [userId, tier] of Object.entries(row?.tiers ?? {})) if (tier !== null) tiers.set(Number(userId), tier);
  return tiers;
}

const REBUILD_PAGE = 2_000;

/**
 * Recomputes the tier history from the counted attempts, for every agent or those given: each
 * agent's attempts in the order they were recorded (id), the rule applied after each one over
 * the latest 100, as recordTier did. For databases
 * from before the history was kept, and `npm run insights:rebuild`.
 */
export async function rebuildTierHistory({ db, userIds }: { db: Db; userIds?: readonly number[] }): Promise<{ agents: number; changes: number }> {
  const agents =
    userIds ??
    (await db.selectDistinct({ userId: attempts.userId }).from(attempts).where(eq(attempts.counted, true)).orderBy(asc(attempts.userId))).map((row) => row.userId);
  let changes = 0;
  for (const userId of agents) {
    changes += await db.transaction(async (tx) => {
      await tx.delete(agentTierChanges).where(eq(agentTierChanges.userId, userId));
      const recent: AttemptSummary[] = [];
      const found: { attemptId: number; userId: number; at: Date; tier: Tier }[] = [];
      let volume = 0;
      let after = 0;
      for (;;) {
        const page: { id: number; at: Date; score: typeof attempts.$inferSelect.score }[] = await tx
          .select({ id: attempts.id, at: attempts.createdAt, score: attempts.score })
          .from(attempts)
          .where(and(eq(attempts.userId, userId), eq(attempts.counted, true), gt(attempts.id, after)))
          .orderBy(asc(attempts.id))
          .limit(REBUILD_PAGE);
        for (const row of page) {
          volume += 1;
          recent.push(summariseAttempt(row));
          if (recent.length > DEFAULT_RATE_WINDOW) recent.shift();
          const { tier } = tierFor({ attempts: recent, volume });
          if (found.at(-1)?.tier !== tier) found.push({ attemptId: row.id, userId, at: row.at, tier });
        }
        const last = page.at(-1);
        if (!last || page.length < REBUILD_PAGE) break;
        after = last.id;
      }
      for (let i = 0; i < found.length; i += 1_000) await tx.insert(agentTierChanges).values(found.slice(i, i + 1_000));
      return found.length;
    });
  }
  return { agents: agents.length, changes };
}

/** The agents with counted attempts but no tier history yet (a database migrated from before it was kept). */
export async function agentsWithoutTierHistory({ db }: { db: Db }): Promise<number[]> {
  const rows = await db
    .selectDistinct({ userId: attempts.userId })
    .from(attempts)
    .where(and(eq(attempts.counted, true), notExists(db.select({ one: sql`1` }).from(agentTierChanges).where(eq(agentTierChanges.userId, attempts.userId)))));
  return rows.map((row) => row.userId);
}
