import { desc, eq, inArray, isNull } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { drillRevisions, drills, policies, policySections, studioDrafts } from "~/db/schema";
import { canonicalDrillHash } from "./drill-hash.server";
import { recordAudit } from "~/app/audit/audit.server";
import { sectionsReliedOn } from "./drill";
import type { ContentError } from "./errors";
import { checkLibrary, type LibraryDirectories, type LibraryPolicy } from "./library.server";
import { currentRevision, isLive } from "~/app/drills/drills.server";

export type SyncSummary = {
  policies: { added: number; changed: number; retired: number; unchanged: number };
  sections: { added: number; changed: number; retired: number };
  drills: { added: number; revised: number; restored: number; retired: number; unchanged: number; needsReview: number; takenOver: number };
};

export type SyncResult = { ok: true; summary: SyncSummary } | { ok: false; errors: ContentError[] };

/** The Markdown before the first anchored section, without the `# Title` line the page renders itself. */
export function policyIntro(policy: LibraryPolicy["policy"]) {
  const lines = policy.markdown.split("\n");
  const first = policy.sections[0];
  const firstAt = first ? lines.findIndex((line) => /^#{1,6}\s/.test(line) && line.replace(/^#{1,6}\s+/, "").trim() === first.heading) : -1;
  const intro = lines.slice(0, firstAt === -1 ? lines.length : firstAt);
  const titleAt = intro.findIndex((line) => line.trim() !== "");
  if (titleAt !== -1 && /^#\s/.test(intro[titleAt] ?? "")) intro.splice(titleAt, 1);
  return intro.join("\n").trim();
}

/**
 * Imports the library into the database in one transaction: an invalid
 * library imports nothing. Unchanged files are no-ops (content hash), a
 * changed drill file adds exactly one revision, a removed file retires its
 * drill, and a changed policy section becomes a new section version.
 */
export async function syncLibrary({ db, directories, actorId = null }: { db: Db; directories: LibraryDirectories; actorId?: number | null }): Promise<SyncResult> {
  const library = await checkLibrary(directories);
  if (library.errors.length > 0) return { ok: false, errors: library.errors };

  const summary: SyncSummary = {
    policies: { added: 0, changed: 0, retired: 0, unchanged: 0 },
    sections: { added: 0, changed: 0, retired: 0 },
    drills: { added: 0, revised: 0, restored: 0, retired: 0, unchanged: 0, needsReview: 0, takenOver: 0 },
  };
  const now = new Date();

  const conflicts = await studioConflicts(db, library.drills);
  if (conflicts.errors.length > 0) return { ok: false, errors: conflicts.errors };

  await db.transaction(async (tx) => {
    // ── policies and their sections ──
    const existingPolicies = new Map((await tx.select().from(policies)).map((p) => [p.id, p]));
    const currentSections = new Map(
      (await tx.select().from(policySections).where(isNull(policySections.supersededAt))).map((s) => [s.anchor, s]),
    );
    const latestVersion = new Map<string, number>();
    for (const s of await tx.select({ anchor: policySections.anchor, versionNo: policySections.versionNo }).from(policySections)) {
      latestVersion.set(s.anchor, Math.max(latestVersion.get(s.anchor) ?? 0, s.versionNo));
    }

    const seenAnchors = new Set<string>();
    // Sections whose text changed or disappeared: drills that rely on them may no longer be right.
    const changedAnchors = new Set<string>();
    for (const { file, hash, policy } of library.policies) {
      const existing = existingPolicies.get(policy.id);
      const values = { title: policy.title, version: policy.version, effective: policy.effective, file, hash, intro: policyIntro(policy), restricted: policy.restricted, retiredAt: null, updatedAt: now };
      if (!existing) {
        await tx.insert(policies).values({ id: policy.id, ...values });
        summary.policies.added++;
      } else if (existing.hash !== hash || existing.file !== file || existing.retiredAt) {
        await tx.update(policies).set(values).where(eq(policies.id, policy.id));
        summary.policies.changed++;
      } else {
        summary.policies.unchanged++;
      }

      for (const [position, section] of policy.sections.entries()) {
        seenAnchors.add(section.anchor);
        const current = currentSections.get(section.anchor);
        const sectionValues = { policyId: policy.id, heading: section.heading, level: section.level, position, markdown: section.markdown, hash: section.hash };
        if (current && current.hash === section.hash) {
          if (current.position !== position || current.policyId !== policy.id) {
            await tx.update(policySections).set({ position, policyId: policy.id }).where(eq(policySections.id, current.id));
          }
          continue;
        }
        if (current) {
          await tx.update(policySections).set({ supersededAt: now }).where(eq(policySections.id, current.id));
          changedAnchors.add(section.anchor);
          summary.sections.changed++;
        } else {
          summary.sections.added++;
        }
        await tx.insert(policySections).values({ ...sectionValues, anchor: section.anchor, versionNo: (latestVersion.get(section.anchor) ?? 0) + 1, createdAt: now });
      }
    }

    const libraryPolicyIds = new Set(library.policies.map((p) => p.policy.id));
    for (const existing of existingPolicies.values()) {
      if (!libraryPolicyIds.has(existing.id) && !existing.retiredAt) {
        await tx.update(policies).set({ retiredAt: now }).where(eq(policies.id, existing.id));
        summary.policies.retired++;
      }
    }
    const gone = [...currentSections.values()].filter((s) => !seenAnchors.has(s.anchor));
    for (const section of gone) changedAnchors.add(section.anchor);
    const goneSections = gone.map((s) => s.id);
    if (goneSections.length > 0) {
      await tx.update(policySections).set({ supersededAt: now }).where(inArray(policySections.id, goneSections));
      summary.sections.retired += goneSections.length;
    }

    // ── drills ──
    const existingDrills = new Map(
      (
        await tx
          .select({ id: drills.id, origin: drills.origin, file: drills.file, status: drills.status, hash: drillRevisions.hash, revision: drillRevisions.revision })
          .from(drills)
          .leftJoin(drillRevisions, currentRevision)
      ).map((d) => [d.id, d]),
    );

    const touched = new Set<string>();
    for (const { file, hash, drill } of library.drills) {
      const existing = existingDrills.get(drill.id);
      if (existing?.origin === "studio") {
        // studioConflicts let it through: the file says what the drill's latest revision says.
        await tx.delete(studioDrafts).where(eq(studioDrafts.drillId, drill.id));
        await tx.update(drills).set({ origin: "file", file, status: "active", currentRevisionId: conflicts.latest.get(drill.id), updatedAt: now }).where(eq(drills.id, drill.id));
        touched.add(drill.id);
        summary.drills.takenOver++;
        continue;
      }
      if (existing && existing.status !== "retired" && (existing.hash === hash || existing.hash === canonicalDrillHash(drill))) {
        if (existing.file !== file) await tx.update(drills).set({ file, updatedAt: now }).where(eq(drills.id, drill.id));
        summary.drills.unchanged++;
        continue;
      }
      if (!existing) {
        await tx.insert(drills).values({ id: drill.id, file, status: "active", createdAt: now, updatedAt: now });
      }
      let revisionId: number | undefined;
      if (!existing || existing.hash !== hash) {
        const [row] = await tx
          .insert(drillRevisions)
          .values({
            drillId: drill.id,
            revision: (existing?.revision ?? 0) + 1,
            hash,
            title: drill.title,
            locale: drill.locale,
            channel: drill.channel,
            difficulty: drill.difficulty,
            skills: drill.skills,
            flawTypes: [...new Set(drill.flaws.map((f) => f.type))],
            content: drill,
            createdAt: now,
          })
          .returning({ id: drillRevisions.id });
        revisionId = row?.id;
      }
      await tx
        .update(drills)
        .set({ file, status: "active", updatedAt: now, ...(revisionId !== undefined ? { currentRevisionId: revisionId } : {}) })
        .where(eq(drills.id, drill.id));
      touched.add(drill.id);
      if (!existing) summary.drills.added++;
      else if (revisionId !== undefined) summary.drills.revised++;
      else summary.drills.restored++;
    }

    if (changedAnchors.size > 0) {
      const flagged = (await drillsRelyingOn(tx, changedAnchors)).filter((id) => !touched.has(id));
      if (flagged.length > 0) {
        await tx.update(drills).set({ status: "needs_review", updatedAt: now }).where(inArray(drills.id, flagged));
        summary.drills.needsReview = flagged.length;
      }
    }

    const libraryDrillIds = new Set(library.drills.map((d) => d.drill.id));
    const toRetire = [...existingDrills.values()].filter((d) => d.origin === "file" && d.status !== "retired" && !libraryDrillIds.has(d.id)).map((d) => d.id);
    if (toRetire.length > 0) {
      await tx.update(drills).set({ status: "retired", updatedAt: now }).where(inArray(drills.id, toRetire));
      summary.drills.retired = toRetire.length;
    }

    if (hasChanges(summary)) {
      await recordAudit(tx, { actorId, action: "content.sync", targetType: "library", targetId: null, details: summary });
    }
  });

  return { ok: true, summary };
}

/**
 * The one-home rule for drills (DESIGN "Authoring"): a file may take over a studio drill with its
 * id only when it says exactly what that drill's latest published revision says; any other file
 * with a studio drill's id is a conflict, reported at the file's id line. Returns the latest
 * revision of each studio drill a file takes over.
 */
async function studioConflicts(db: Db, libraryDrills: Awaited<ReturnType<typeof checkLibrary>>["drills"]) {
  const studio = new Map((await db.select({ id: drills.id }).from(drills).where(eq(drills.origin, "studio"))).map((row) => [row.id, row]));
  const errors: ContentError[] = [];
  const latest = new Map<string, number>();
  for (const { file, drill, locations } of libraryDrills) {
    if (!studio.has(drill.id)) continue;
    const [revision] = await db
      .select({ id: drillRevisions.id, revision: drillRevisions.revision, hash: drillRevisions.hash })
      .from(drillRevisions)
      .where(eq(drillRevisions.drillId, drill.id))
      .orderBy(desc(drillRevisions.revision))
      .limit(1);
    if (revision && revision.hash === canonicalDrillHash(drill)) {
      latest.set(drill.id, revision.id);
      continue;
    }
    const why = revision
      ? `this file differs from its latest published revision (${revision.revision})`
      : "it has never been published";
    errors.push({
      file,
      ...locations.id,
      message: `drill id "${drill.id}" belongs to a studio drill and ${why}, so the file cannot take it over; use another id, or export the studio drill (npm run content:export) and edit that file`,
    });
  }
  return { errors, latest };
}

/** Live drills whose current revision relies on any of these sections. */
async function drillsRelyingOn(db: Db, anchors: ReadonlySet<string>) {
  const rows = await db.select({ id: drills.id, content: drillRevisions.content }).from(drills).innerJoin(drillRevisions, currentRevision).where(isLive);
  return rows.filter((row) => sectionsReliedOn(row.content).some((anchor) => anchors.has(anchor))).map((row) => row.id);
}

export function hasChanges(summary: SyncSummary) {
  const { policies: p, sections: s, drills: d } = summary;
  return p.added + p.changed + p.retired + s.added + s.changed + s.retired + d.added + d.revised + d.restored + d.retired + d.needsReview + d.takenOver > 0;
}

export function formatSyncSummary(summary: SyncSummary) {
  const { policies: p, sections: s, drills: d } = summary;
  return (
    `content: policies +${p.added} ~${p.changed} -${p.retired} (${p.unchanged} unchanged), ` +
    `sections +${s.added} ~${s.changed} -${s.retired}, ` +
    `drills +${d.added} ~${d.revised} -${d.retired}${d.restored ? ` (${d.restored} restored)` : ""}${d.takenOver ? ` (${d.takenOver} taken over from the studio)` : ""} (${d.unchanged} unchanged)` +
    (d.needsReview ? `, ${d.needsReview} now need review (a section they rely on changed)` : "")
  );
}
