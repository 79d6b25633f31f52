import { eq } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { drillRevisions, drills } from "~/db/schema";

/**
 * Drills as stored: one row per drill (its status and current revision) and immutable
 * revisions. A drill is live — servable and assignable — while it is active, and agents get its
 * current revision. Every query for live drills joins and filters with these two, so the rule
 * has one definition:
 *
 *   db.select(…).from(drills).innerJoin(drillRevisions, currentRevision).where(isLive)
 */
export const currentRevision = eq(drillRevisions.id, drills.currentRevisionId);
export const isLive = eq(drills.status, "active");

export async function loadRevision({ db, revisionId }: { db: Db; revisionId: number }) {
  const [row] = await db.select().from(drillRevisions).where(eq(drillRevisions.id, revisionId));
  return row ? { row, drill: row.content } : null;
}
