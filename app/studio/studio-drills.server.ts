import { and, asc, desc, eq, isNull } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { drillRevisions, drills, policies, policySections, studioDrafts, users } from "~/db/schema";
import { violatedUniqueConstraint } from "~/db/errors";
import { recordAudit } from "~/app/audit/audit.server";
import { parseDrillFile } from "~/app/content/drill";
import { canonicalDrillHash } from "~/app/content/drill-hash.server";
import { drillYaml } from "~/app/content/drill-yaml";
import type { ContentError } from "~/app/content/errors";
import { SLUG_PATTERN } from "~/app/content/schema-fields";
import type { LibraryPolicy } from "~/app/content/validate";
import { InputError } from "~/app/input-error";
import { unplantedBeforePublishing } from "~/app/calibration/takes.server";
import type { UnplantedSpan } from "~/app/calibration/results";
import { checkStudioSource, type StudioCheck } from "./studio-check";
import { studioFeedback } from "./studio-form";
import { fieldsOfSource, sourceOfFields, type StudioFields } from "./studio-source";

/** The policies in force, as the library validator takes them (anchors and restricted categories). */
export async function policiesInForce(db: Db): Promise<LibraryPolicy[]> {
  const rows = await db.select().from(policies).where(isNull(policies.retiredAt)).orderBy(asc(policies.id));
  const sections = await db.select().from(policySections).where(isNull(policySections.supersededAt)).orderBy(asc(policySections.position));
  return rows.map((policy) => ({
    file: policy.file ?? `studio:${policy.id}`,
    hash: policy.hash,
    policy: {
      id: policy.id,
      title: policy.title,
      version: policy.version,
      effective: policy.effective,
      restricted: policy.restricted as LibraryPolicy["policy"]["restricted"],
      markdown: "",
      sections: sections
        .filter((section) => section.policyId === policy.id)
        .map((section) => ({ anchor: section.anchor, heading: section.heading, level: section.level, markdown: section.markdown, line: 0, hash: section.hash })),
    },
    locations: { id: { line: 1, column: 1 }, anchors: new Map() },
  }));
}

/** Checks a studio source against the policies in force and the ids other drills use. */
export async function checkStudioDrill({ db, source, drillId }: { db: Db; source: string; drillId?: string }): Promise<StudioCheck> {
  const [policyList, owners] = await Promise.all([policiesInForce(db), db.select({ id: drills.id, file: drills.file }).from(drills)]);
  const ownerOf = new Map(owners.map((owner) => [owner.id, owner.file ?? "a studio drill"]));
  return checkStudioSource({ source, drillId, policies: policyList, idTakenBy: (id) => (id === drillId ? undefined : ownerOf.get(id)) });
}

/** The revision hash a working copy would publish as, or null when it does not parse as a drill. */
export function workingCopyHash(source: string) {
  const { drill } = parseDrillFile(source, "studio");
  return drill ? canonicalDrillHash(drill) : null;
}

function assertNewId(id: string) {
  if (!SLUG_PATTERN.test(id)) throw new InputError("id", "Use lowercase letters and digits joined by hyphens, e.g. refunds-day-31.");
}

async function insertStudioDrill(db: Db, { id, source, actorId, action, details }: { id: string; source: string; actorId: number; action: string; details: Record<string, unknown> }) {
  assertNewId(id);
  try {
    await db.transaction(async (tx) => {
      await tx.insert(drills).values({ id, origin: "studio", file: null, status: "draft" });
      await tx.insert(studioDrafts).values({ drillId: id, source, updatedBy: actorId });
      await recordAudit(tx, { actorId, action, targetType: "drill", targetId: id, details });
    });
  } catch (error) {
    if (violatedUniqueConstraint(error)) throw new InputError("id", `The id "${id}" is already used by another drill; choose another.`, { status: 409 });
    throw error;
  }
  return id;
}

/** A new, empty studio drill (a draft nobody is served). */
export async function createStudioDrill({ db, actorId, id, title, locale }: { db: Db; actorId: number; id: string; title: string; locale: string }) {
  const fields: StudioFields = { id, title, locale, channel: "email", skills: "", difficulty: "2", customer: "", draft: "", expected: "", escalation: "", flaws: [] };
  return insertStudioDrill(db, { id, source: sourceOfFields(fields), actorId, action: "studio.drill.create", details: { title } });
}

/** A file drill's current revision copied into a new studio drill with its own id (the file stays the file's). */
export async function copyIntoStudio({ db, actorId, fromId, id }: { db: Db; actorId: number; fromId: string; id: string }) {
  const [from] = await db.select({ content: drillRevisions.content }).from(drills).innerJoin(drillRevisions, eq(drillRevisions.id, drills.currentRevisionId)).where(eq(drills.id, fromId));
  if (!from) throw new InputError(null, `There is no published drill ${fromId} to copy.`, { status: 404 });
  return insertStudioDrill(db, { id, source: drillYaml({ ...from.content, id }), actorId, action: "studio.drill.copy", details: { from: fromId } });
}

/** Proposed drafts (e.g. from the flaw generator) stored as new studio drills, each audited. */
export async function createStudioDrillFromSource({ db, actorId, source, id, details }: { db: Db; actorId: number; source: string; id: string; details: Record<string, unknown> }) {
  return insertStudioDrill(db, { id, source, actorId, action: "studio.drill.create", details });
}

export type StudioDrill = NonNullable<Awaited<ReturnType<typeof loadStudioDrill>>>;

/** A drill as the studio shows it: its home, status, working copy (studio drills) and revisions. */
export async function loadStudioDrill({ db, drillId }: { db: Db; drillId: string }) {
  const [row] = await db.select().from(drills).where(eq(drills.id, drillId));
  if (!row) return null;
  const [draft] = await db.select().from(studioDrafts).where(eq(studioDrafts.drillId, drillId));
  const revisions = await db
    .select({ id: drillRevisions.id, revision: drillRevisions.revision, hash: drillRevisions.hash, title: drillRevisions.title, createdAt: drillRevisions.createdAt, publishedBy: users.name })
    .from(drillRevisions)
    .leftJoin(users, eq(users.id, drillRevisions.publishedBy))
    .where(eq(drillRevisions.drillId, drillId))
    .orderBy(desc(drillRevisions.revision));
  const current = revisions.find((revision) => revision.id === row.currentRevisionId);
  const [currentContent] = current ? await db.select({ content: drillRevisions.content }).from(drillRevisions).where(eq(drillRevisions.id, current.id)) : [];
  const publishedYaml = currentContent ? drillYaml(currentContent.content) : null;
  return {
    drill: row,
    draft: draft ?? null,
    revisions,
    publishedYaml,
    /** Whether the published revision is a clean control (the flaw generator varies those). */
    publishedControl: currentContent !== undefined && currentContent.content.flaws.length === 0,
    /** Whether the working copy says something its latest revision does not (unpublished changes). */
    unpublished: draft !== undefined && (current === undefined || current.hash !== workingCopyHash(draft.source)),
  };
}

type SaveInput = { db: Db; actorId: number; drillId: string; source: string; baseVersion: number };

/** Saves the working copy when nobody saved since `baseVersion`; an edit never silently overwrites another. */
export async function saveStudioDraft({ db, actorId, drillId, source, baseVersion }: SaveInput) {
  return db.transaction(async (tx) => saveIn(tx, { actorId, drillId, source, baseVersion }));
}

async function saveIn(tx: Db, { actorId, drillId, source, baseVersion }: Omit<SaveInput, "db">) {
  const [row] = await tx.select({ origin: drills.origin, status: drills.status }).from(drills).where(eq(drills.id, drillId));
  if (!row) throw new InputError(null, `There is no drill ${drillId}.`, { status: 404 });
  if (row.origin !== "studio") throw new InputError(null, `${drillId} is a file drill: edit its file, or copy it into the studio.`, { status: 409 });
  const [before] = await tx.select().from(studioDrafts).where(eq(studioDrafts.drillId, drillId));
  const [saved] = await tx
    .update(studioDrafts)
    .set({ source, version: baseVersion + 1, updatedBy: actorId, updatedAt: new Date() })
    .where(and(eq(studioDrafts.drillId, drillId), eq(studioDrafts.version, baseVersion)))
    .returning({ version: studioDrafts.version });
  if (!saved) {
    throw new InputError(null, `Someone else saved this drill since you opened it (now version ${before?.version ?? "?"}). Your text is still in the form: copy what you need, reload to see their changes, and save again.`, { status: 409, problem: "edit_conflict" });
  }
  if (before && before.source !== source) {
    await recordAudit(tx, { actorId, action: "studio.drill.save", targetType: "drill", targetId: drillId, details: { version: saved.version, changed: changedFields(before.source, source) } });
  }
  return saved.version;
}

/** The form fields whose value differs between two sources, for the audit log's "what". */
export function changedFields(before: string, after: string): string[] {
  const a = fieldsOfSource(before);
  const b = fieldsOfSource(after);
  const keys = (Object.keys(a) as (keyof StudioFields)[]).filter((key) => key !== "flaws" && a[key] !== b[key]);
  const flaws = JSON.stringify(a.flaws) === JSON.stringify(b.flaws) ? [] : ["flaws"];
  return [...keys, ...flaws];
}

export type PublishResult =
  | { ok: true; revision: number; version: number; created: boolean }
  | { ok: false; version: number; errors: ContentError[] }
  /** Calibrators marked spans no flaw declares: publishing needs the author to confirm that round. */
  | { ok: false; version: number; errors: []; unplanted: { roundId: number; spans: UnplantedSpan[] } };

/**
 * Saves the working copy (with the same version check) and, when it passes every check, publishes
 * it as a new immutable revision that agents are then served. Publishing what the latest revision
 * already says adds no revision. A drill with errors is still saved, and not published. So is a
 * drill whose latest calibration round found spans no flaw declares, still standing in the text,
 * unless `confirmedRound` names that round (the author saw the spans and publishes anyway).
 */
export async function publishStudioDrill({ db, actorId, drillId, source, baseVersion, confirmedRound }: SaveInput & { confirmedRound?: number }): Promise<PublishResult> {
  const check = await checkStudioDrill({ db, source, drillId });
  return db.transaction(async (tx) => {
    const version = await saveIn(tx, { actorId, drillId, source, baseVersion });
    if (!check.drill) return { ok: false, version, errors: check.errors };
    const { drill } = check;
    const unplanted = await unplantedBeforePublishing({ db: tx, drillId, drill });
    if (unplanted && unplanted.roundId !== confirmedRound) return { ok: false, version, errors: [], unplanted };
    if (unplanted) {
      await recordAudit(tx, { actorId, action: "calibration.unplanted.confirm", targetType: "drill", targetId: drillId, details: { round: unplanted.roundId, spans: unplanted.spans.map((span) => span.text) } });
    }
    const hash = canonicalDrillHash(drill);
    const [latest] = await tx.select({ id: drillRevisions.id, revision: drillRevisions.revision, hash: drillRevisions.hash }).from(drillRevisions).where(eq(drillRevisions.drillId, drillId)).orderBy(desc(drillRevisions.revision)).limit(1);
    let revision = latest;
    if (!latest || latest.hash !== hash) {
      [revision] = await tx
        .insert(drillRevisions)
        .values({ drillId, revision: (latest?.revision ?? 0) + 1, hash, title: drill.title, locale: drill.locale, channel: drill.channel, difficulty: drill.difficulty, skills: drill.skills, flawTypes: [...new Set(drill.flaws.map((flaw) => flaw.type))], content: drill, publishedBy: actorId })
        .returning({ id: drillRevisions.id, revision: drillRevisions.revision, hash: drillRevisions.hash });
    }
    if (!revision) throw new Error("publishing stored no revision");
    await tx.update(drills).set({ status: "active", currentRevisionId: revision.id, updatedAt: new Date() }).where(eq(drills.id, drillId));
    const created = revision !== latest;
    await recordAudit(tx, { actorId, action: "studio.drill.publish", targetType: "drill", targetId: drillId, details: { revision: revision.revision, newRevision: created } });
    return { ok: true, revision: revision.revision, version, created };
  });
}

/** Retires a studio drill: it is no longer served or assignable; its revisions and attempts stay. */
export async function retireStudioDrill({ db, actorId, drillId }: { db: Db; actorId: number; drillId: string }) {
  await db.transaction(async (tx) => {
    const [row] = await tx.select({ origin: drills.origin, status: drills.status }).from(drills).where(eq(drills.id, drillId));
    if (!row) throw new InputError(null, `There is no drill ${drillId}.`, { status: 404 });
    if (row.origin !== "studio") throw new InputError(null, `${drillId} is a file drill: remove its file to retire it.`, { status: 409 });
    if (row.status === "retired") throw new InputError(null, `${drillId} is already retired.`, { status: 409 });
    await tx.update(drills).set({ status: "retired", updatedAt: new Date() }).where(eq(drills.id, drillId));
    await recordAudit(tx, { actorId, action: "studio.drill.retire", targetType: "drill", targetId: drillId, details: { from: row.status } });
  });
}

/** Two revisions' canonical YAML, for the readable diff between them. */
export async function revisionPair({ db, drillId, from, to }: { db: Db; drillId: string; from: number; to: number }) {
  const rows = await db.select({ revision: drillRevisions.revision, content: drillRevisions.content }).from(drillRevisions).where(eq(drillRevisions.drillId, drillId));
  const yamlOf = (revision: number) => {
    const row = rows.find((candidate) => candidate.revision === revision);
    return row ? drillYaml(row.content) : undefined;
  };
  return { from: yamlOf(from), to: yamlOf(to) };
}

/** The editor's form through the validator: the source it writes, and each finding at its field and span. */
export async function checkStudioFields({ db, drillId, fields }: { db: Db; drillId?: string; fields: StudioFields }) {
  const source = sourceOfFields(fields);
  const check = await checkStudioDrill({ db, source, drillId });
  return { source, valid: check.drill !== undefined, feedback: studioFeedback({ source, fields, errors: check.errors, warnings: check.warnings, draftOrigin: check.draftOrigin }) };
}
