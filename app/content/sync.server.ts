import { and, desc, eq, inArray, isNull } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { drillRevisions, drills, policies, studioDrafts } from "~/db/schema";
import { canonicalDrillHash } from "./drill-hash.server";
import { recordAudit } from "~/app/audit/audit.server";
import { contentError, type ContentError } from "./errors";
import { checkLibrary, type LibraryDirectories, type LoadedPolicy } from "./library.server";
import { currentRevision, drillsRelyingOn } from "~/app/drills/drills.server";
import { storePolicyVersions, studioLibraryPolicies } from "~/app/policies/versions.server";

export type SyncSummary = {
  policies: { added: number; changed: number; retired: number; unchanged: number };
  sections: { added: number; changed: number; retired: number };
  drills: { added: number; revised: number; restored: number; retired: number; unchanged: number; needsReview: number; takenOver: number };
};

export type SyncResult = { ok: true; summary: SyncSummary } | { ok: false; errors: ContentError[] };

/**
 * Imports the library into the database in one transaction: an invalid
 * library imports nothing. Unchanged files are no-ops (content hash), a
 * changed drill file adds exactly one revision, a removed file retires its
 * drill, and a changed policy section becomes a new section version (stored as
 * the studio stores a policy version: `storePolicyVersions`).
 */
export async function syncLibrary({ db, directories, actorId = null }: { db: Db; directories: LibraryDirectories; actorId?: number | null }): Promise<SyncResult> {
  const library = await checkLibrary(directories, await studioLibraryPolicies(db));
  if (library.errors.length > 0) return { ok: false, errors: library.errors };

  const summary: SyncSummary = {
    policies: { added: 0, changed: 0, retired: 0, unchanged: 0 },
    sections: { added: 0, changed: 0, retired: 0 },
    drills: { added: 0, revised: 0, restored: 0, retired: 0, unchanged: 0, needsReview: 0, takenOver: 0 },
  };
  const now = new Date();

  const drillConflicts = await studioDrillConflicts(db, library.drills);
  if (drillConflicts.errors.length > 0) return { ok: false, errors: drillConflicts.errors };

  const conflicts = await db.transaction(async (tx) => {
    // ── policies and their sections ──
    const conflicts = await studioPolicyConflicts(tx, library.policies);
    if (conflicts.length > 0) return conflicts;
    const stored = await storePolicyVersions(tx, {
      versions: library.policies.map(({ policy, hash, source, file }) => ({ policy, hash, source, file, origin: "file" as const })),
      retireMissing: true,
      now,
    });
    summary.policies = stored.summary.policies;
    summary.sections = stored.summary.sections;
    // Sections whose text changed or disappeared: drills that rely on them may no longer be right.
    const changedAnchors = stored.unsettled;

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
        // studioDrillConflicts let it through: the file says what the drill's latest revision says.
        await tx.delete(studioDrafts).where(eq(studioDrafts.drillId, drill.id));
        await tx.update(drills).set({ origin: "file", file, status: "active", currentRevisionId: drillConflicts.latest.get(drill.id), updatedAt: now }).where(eq(drills.id, drill.id));
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
      const flagged = (await drillsRelyingOn(tx, changedAnchors)).map((drill) => drill.id).filter((id) => !touched.has(id));
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
    return [];
  });
  if (conflicts.length > 0) return { ok: false, errors: conflicts };
  return { ok: true, summary };
}

/**
 * The one-home rule for drills (DESIGN "Authoring"): a file may take over a studio drill with its
 * id only when it says exactly what that drill's latest published revision says; any other file
 * with a studio drill's id is a conflict, reported at the file's id line. Returns the latest
 * revision of each studio drill a file takes over.
 */
async function studioDrillConflicts(db: Db, libraryDrills: Awaited<ReturnType<typeof checkLibrary>>["drills"]) {
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

/**
 * The one-home rule for policies (DESIGN "Authoring"): a file whose policy id is a studio policy's
 * takes it over only when its Markdown equals the studio policy's current source; otherwise the
 * sync reports the conflict at the file's id line and imports nothing.
 */
async function studioPolicyConflicts(db: Db, files: readonly LoadedPolicy[]): Promise<ContentError[]> {
  const studio = new Map((await db.select().from(policies).where(and(eq(policies.origin, "studio"), isNull(policies.retiredAt)))).map((p) => [p.id, p]));
  return files.flatMap(({ file, hash, policy, locations }) => {
    const owner = studio.get(policy.id);
    if (!owner || owner.hash === hash) return [];
    return [
      contentError(
        file,
        locations.id,
        `policy id "${policy.id}" is a studio policy (version ${owner.version}): a file takes it over only when its Markdown equals the studio's current version; copy that version into the file, or give the file another id`,
      ),
    ];
  });
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
