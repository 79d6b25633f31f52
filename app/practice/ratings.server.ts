import { eq, sql } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { agentRatings, drillRatings } from "~/db/schema";
import { DEFAULT_RATING, type Rating } from "./glicko2";

/** The agent's current Glicko-2 rating; the default until their first counted attempt. */
export async function agentRating({ db, userId }: { db: Db; userId: number }): Promise<Rating> {
  const [row] = await db.select({ rating: agentRatings.rating, rd: agentRatings.rd, volatility: agentRatings.volatility }).from(agentRatings).where(eq(agentRatings.userId, userId));
  return row ?? DEFAULT_RATING;
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

export async function saveRatings({ tx, userId, drillId, agent, drill, now }: { tx: Db; userId: number; drillId: string; agent: Rating; drill: Rating; now: Date }) {
  await tx.update(agentRatings).set({ ...agent, updatedAt: now }).where(eq(agentRatings.userId, userId));
  await tx.update(drillRatings).set({ ...drill, updatedAt: now }).where(eq(drillRatings.drillId, drillId));
}
