import { and, asc, eq } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { drillRevisions, drills } from "~/db/schema";
import { recordAudit } from "~/app/audit/audit.server";
import { InputError } from "~/app/input-error";
import { sectionsReliedOn } from "~/app/content/drill";
import { currentRevision } from "./drills.server";

/**
 * Drills set aside because a policy section they cite or name changed: they
 * are not served until their file changes or an author confirms them.
 */
export async function drillsNeedingReview({ db }: { db: Db }) {
  const rows = await db
    .select({ id: drills.id, file: drills.file, updatedAt: drills.updatedAt, title: drillRevisions.title, revision: drillRevisions.revision, content: drillRevisions.content })
    .from(drills)
    .innerJoin(drillRevisions, currentRevision)
    .where(eq(drills.status, "needs_review"))
    .orderBy(asc(drills.id));
  return rows.map(({ content, ...row }) => {
    return { ...row, updatedAt: row.updatedAt.toISOString(), anchors: sectionsReliedOn(content) };
  });
}

/** An author's word that the drill is still right under the changed policy: it is served again. */
export async function confirmDrill({ db, actorId, drillId }: { db: Db; actorId: number | null; drillId: string }) {
  await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(drills)
      .set({ status: "active", updatedAt: new Date() })
      .where(and(eq(drills.id, drillId), eq(drills.status, "needs_review")))
      .returning({ id: drills.id });
    if (!updated) throw new InputError("drillId", `Drill ${drillId} does not need review.`, { status: 409 });
    await recordAudit(tx, { actorId, action: "drill.confirm", targetType: "drill", targetId: drillId, details: {} });
  });
}
