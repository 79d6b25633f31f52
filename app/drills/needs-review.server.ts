import { and, asc, eq } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { drillRevisions, drills } from "~/db/schema";
import { recordAudit } from "~/app/audit/audit.server";
import { InputError } from "~/app/input-error";
import { sectionsReliedOn } from "~/app/content/drill";
import { currentSections, sectionsAsOf } from "~/app/policies/policies.server";
import { currentRevision } from "./drills.server";

/**
 * Drills set aside because a policy section they cite or name changed: they
 * are not served until their file changes or an author confirms them.
 */
export async function drillsNeedingReview({ db }: { db: Db }) {
  const rows = await db
    .select({
      id: drills.id,
      origin: drills.origin,
      file: drills.file,
      updatedAt: drills.updatedAt,
      title: drillRevisions.title,
      revision: drillRevisions.revision,
      revisionAt: drillRevisions.createdAt,
      content: drillRevisions.content,
    })
    .from(drills)
    .innerJoin(drillRevisions, currentRevision)
    .where(eq(drills.status, "needs_review"))
    .orderBy(asc(drills.id));
  const current = await currentSections({ db, anchors: [...new Set(rows.flatMap((row) => sectionsReliedOn(row.content)))] });
  return Promise.all(
    rows.map(async ({ content, revisionAt, ...row }) => {
      const anchors = sectionsReliedOn(content);
      const written = await sectionsAsOf({ db, anchors, at: revisionAt });
      // The sections that read differently now than when this revision was written: the reason it was set aside.
      const changes = anchors.flatMap((anchor) => {
        const before = written.get(anchor);
        const after = current.get(anchor) ?? null;
        if (!before || before.versionNo === after?.versionNo) return [];
        return [{ anchor, before: { heading: before.heading, markdown: before.markdown, versionNo: before.versionNo }, after }];
      });
      const removed = changes.flatMap((change) => (change.after === null ? [change.anchor] : []));
      return { ...row, updatedAt: row.updatedAt.toISOString(), anchors, changes, cannotConfirm: removed.length > 0 ? removedSectionsMessage(row.id, removed) : null };
    }),
  );
}

/** What refuses a drill's confirmation: a section it relies on is gone, so only an edit can make it right. */
function removedSectionsMessage(drillId: string, removed: readonly string[]) {
  const sections = removed.join(", ");
  return `Drill ${drillId} relies on ${sections}, which the policy no longer has: edit the drill before it is served again.`;
}

/**
 * An author's word that the drill is still right under the changed policy: it is served again.
 * Not when a section it cites or names, there when the revision was written, is gone (a studio policy version may remove one; a synced
 * file may not): the drill would be served pointing at nothing.
 */
export async function confirmDrill({ db, actorId, drillId }: { db: Db; actorId: number | null; drillId: string }) {
  await db.transaction(async (tx) => {
    const [drill] = await tx.select({ content: drillRevisions.content, revisionAt: drillRevisions.createdAt }).from(drills).innerJoin(drillRevisions, currentRevision).where(eq(drills.id, drillId));
    if (drill) {
      // Sections there when the revision was written and gone now (a fabricated citation never was).
      const anchors = sectionsReliedOn(drill.content);
      const [written, current] = await Promise.all([sectionsAsOf({ db: tx, anchors, at: drill.revisionAt }), currentSections({ db: tx, anchors })]);
      const removed = anchors.filter((anchor) => written.has(anchor) && !current.has(anchor));
      if (removed.length > 0) throw new InputError("drillId", removedSectionsMessage(drillId, removed), { status: 409, problem: "section_removed" });
    }
    const [updated] = await tx
      .update(drills)
      .set({ status: "active", updatedAt: new Date() })
      .where(and(eq(drills.id, drillId), eq(drills.status, "needs_review")))
      .returning({ id: drills.id });
    if (!updated) throw new InputError("drillId", `Drill ${drillId} does not need review.`, { status: 409 });
    await recordAudit(tx, { actorId, action: "drill.confirm", targetType: "drill", targetId: drillId, details: {} });
  });
}
