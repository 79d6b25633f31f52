import { eq } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { drillRevisions, drills } from "~/db/schema";
import { reliedOnAmong } from "~/app/policies/versions";

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

/** Live drills whose current revision relies on any of these sections, with the ones it relies on. */
export async function drillsRelyingOn(db: Db, anchors: ReadonlySet<string>) {
  if (anchors.size === 0) return [];
  const rows = await db
    .select({ id: drills.id, origin: drills.origin, file: drills.file, title: drillRevisions.title, content: drillRevisions.content })
    .from(drills)
    .innerJoin(drillRevisions, currentRevision)
    .where(isLive)
    .orderBy(drills.id);
  return rows.flatMap(({ content, ...row }) => {
    const relyingOn = reliedOnAmong(content, anchors);
    return relyingOn.length > 0 ? [{ ...row, relyingOn }] : [];
  });
}
