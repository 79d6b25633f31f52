import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { drills, policies, policySections, type PolicyRow, type PolicySectionRow } from "~/db/schema";
import { recordAudit } from "~/app/audit/audit.server";
import { parsePolicy, type Policy } from "~/app/content/policy";
import type { ContentError } from "~/app/content/errors";
import type { LibraryPolicy } from "~/app/content/validate";
import { sha256 } from "~/app/content/library.server";
import { drillsRelyingOn } from "~/app/drills/drills.server";
import { InputError } from "~/app/input-error";
import type { ContentOrigin } from "~/app/vocabulary";
import { checkAgainstLibrary, compareSections, policyIntro, readPolicySource, unsettledAnchors, type ReadPolicy, type SectionComparison } from "./versions";

/** A version of a policy to store: parsed, with its Markdown and where it lives. */
export type PolicyVersion = { policy: Policy; hash: string; source: string; origin: ContentOrigin; file: string | null };

export type PolicyStoreSummary = {
  policies: { added: number; changed: number; retired: number; unchanged: number };
  sections: { added: number; changed: number; retired: number };
};

/**
 * Stores policy versions inside the caller's transaction; `content:sync` and the studio's confirm
 * both store through here, so a policy is versioned one way. A changed section (its heading or
 * text) becomes a new section version and the old one is superseded; a section gone from its policy
 * is superseded; an unchanged one only follows its position. With `retireMissing` (sync: the files
 * are the whole set of file policies) a file policy not among `versions` is retired with its
 * sections; a studio policy never is, it has no file. Returns the anchors whose text changed or
 * disappeared: the drills relying on them need review.
 */
export async function storePolicyVersions(
  tx: Db,
  { versions, retireMissing, now }: { versions: readonly PolicyVersion[]; retireMissing: boolean; now: Date },
): Promise<{ summary: PolicyStoreSummary; unsettled: Set<string>; comparisons: Map<string, SectionComparison> }> {
  const summary: PolicyStoreSummary = { policies: { added: 0, changed: 0, retired: 0, unchanged: 0 }, sections: { added: 0, changed: 0, retired: 0 } };
  const existingPolicies = new Map((await tx.select().from(policies)).map((p) => [p.id, p]));
  const currentSections = await tx.select().from(policySections).where(isNull(policySections.supersededAt));
  const latestVersion = new Map<string, number>();
  for (const s of await tx.select({ anchor: policySections.anchor, versionNo: policySections.versionNo }).from(policySections)) {
    latestVersion.set(s.anchor, Math.max(latestVersion.get(s.anchor) ?? 0, s.versionNo));
  }
  const unsettled = new Set<string>();
  const comparisons = new Map<string, SectionComparison>();
  const supersede = async (sections: readonly PolicySectionRow[]) => {
    if (sections.length === 0) return;
    await tx.update(policySections).set({ supersededAt: now }).where(inArray(policySections.id, sections.map((s) => s.id)));
    for (const section of sections) unsettled.add(section.anchor);
  };

  for (const { policy, hash, source, origin, file } of versions) {
    const existing = existingPolicies.get(policy.id);
    const values = { title: policy.title, version: policy.version, effective: policy.effective, origin, file, hash, source, intro: policyIntro(policy), restricted: policy.restricted, retiredAt: null, updatedAt: now };
    if (!existing) {
      await tx.insert(policies).values({ id: policy.id, ...values });
      summary.policies.added++;
    } else if (existing.hash !== hash || existing.file !== file || existing.origin !== origin || existing.retiredAt) {
      await tx.update(policies).set(values).where(eq(policies.id, policy.id));
      summary.policies.changed++;
    } else {
      // Rows imported before the source was kept get it now; that alone is no change.
      if (existing.source !== source) await tx.update(policies).set({ source }).where(eq(policies.id, policy.id));
      summary.policies.unchanged++;
    }

    const anchors = new Set(policy.sections.map((section) => section.anchor));
    const comparison = compareSections(
      currentSections.filter((section) => section.policyId === policy.id || anchors.has(section.anchor)),
      policy.sections,
    );
    comparisons.set(policy.id, comparison);
    const position = new Map(policy.sections.map((section, index) => [section.anchor, index]));
    for (const section of comparison.unchanged) {
      const current = currentSections.find((row) => row.anchor === section.anchor);
      const at = position.get(section.anchor) ?? 0;
      if (current && (current.position !== at || current.policyId !== policy.id)) {
        await tx.update(policySections).set({ position: at, policyId: policy.id }).where(eq(policySections.id, current.id));
      }
    }
    await supersede(comparison.changed.map((change) => change.before));
    await supersede(comparison.removed);
    summary.sections.changed += comparison.changed.length;
    summary.sections.added += comparison.added.length;
    summary.sections.retired += comparison.removed.length;
    for (const section of [...comparison.added, ...comparison.changed.map((change) => change.after)]) {
      await tx.insert(policySections).values({
        policyId: policy.id,
        anchor: section.anchor,
        heading: section.heading,
        level: section.level,
        position: position.get(section.anchor) ?? 0,
        markdown: section.markdown,
        hash: section.hash,
        versionNo: (latestVersion.get(section.anchor) ?? 0) + 1,
        createdAt: now,
      });
    }
  }

  if (retireMissing) {
    const stored = new Set(versions.map((version) => version.policy.id));
    for (const existing of existingPolicies.values()) {
      if (stored.has(existing.id) || existing.retiredAt || existing.origin === "studio") continue;
      await tx.update(policies).set({ retiredAt: now }).where(eq(policies.id, existing.id));
      summary.policies.retired++;
      const sections = currentSections.filter((section) => section.policyId === existing.id);
      await supersede(sections);
      summary.sections.retired += sections.length;
    }
  }
  return { summary, unsettled, comparisons };
}

/** Where a policy is edited (DESIGN "Authoring"): a new one or a studio one in the studio, a file one in its file. */
export type PolicyHome = { kind: "new" } | { kind: "studio" } | { kind: "file"; file: string };

export type PolicyPreview = {
  /** What was read, exactly, and what its errors call it: a confirm sends both back. */
  source: string;
  name: string;
  errors: ContentError[];
  warnings: ContentError[];
  policy: { id: string; title: string; version: string; effective: string } | null;
  home: PolicyHome | null;
  /** The stored policy's hash the preview compares against (null: no such policy); a confirm must match it. */
  basedOn: string | null;
  /** The Markdown is the stored version itself: nothing would change. */
  unchanged: boolean;
  comparison: SectionComparison | null;
  setAside: Awaited<ReturnType<typeof drillsRelyingOn>>;
};

/**
 * What storing this Markdown as its policy's new version would do, without storing anything: the
 * parser's and the library validator's errors (as `content:check` words them), the sections added,
 * changed and removed, and the live drills that would be set aside for review.
 */
export async function previewPolicyVersion({ db, text, name }: { db: Db; text: string; name: string }): Promise<PolicyPreview> {
  return assess(db, readPolicySource(text, name), text, name);
}

async function assess(db: Db, read: ReadPolicy, text: string, name: string): Promise<PolicyPreview> {
  const empty = { source: text, name, warnings: read.warnings, policy: null, home: null, basedOn: null, unchanged: false, comparison: null, setAside: [] };
  if (!read.policy || !read.locations) return { ...empty, errors: read.errors };
  const policy = read.policy;
  const rows = await db.select().from(policies);
  const existing = rows.find((row) => row.id === policy.id);
  const live = existing && !existing.retiredAt ? existing : undefined;
  const others = await storedLibraryPolicies(db, rows.filter((row) => row.id !== policy.id && !row.retiredAt));
  const hash = sha256(text);
  const errors = [...read.errors, ...checkAgainstLibrary({ file: name, hash, policy, locations: read.locations }, others)];
  const stored = live ? await db.select().from(policySections).where(and(eq(policySections.policyId, policy.id), isNull(policySections.supersededAt))) : [];
  const comparison = compareSections(stored, policy.sections);
  return {
    ...empty,
    errors,
    policy: { id: policy.id, title: policy.title, version: policy.version, effective: policy.effective },
    home: homeOf(live),
    basedOn: existing?.hash ?? null,
    unchanged: live?.hash === hash,
    comparison,
    setAside: await drillsRelyingOn(db, unsettledAnchors(comparison)),
  };
}

function homeOf(live: PolicyRow | undefined): PolicyHome {
  if (!live) return { kind: "new" };
  return live.origin === "file" && live.file !== null ? { kind: "file", file: live.file } : { kind: "studio" };
}

/** The live studio policies as the validator sees them (a sync validates the files with them). */
export async function studioLibraryPolicies(db: Db): Promise<LibraryPolicy[]> {
  return storedLibraryPolicies(db, await db.select().from(policies).where(and(eq(policies.origin, "studio"), isNull(policies.retiredAt))));
}

/** The other live policies as the validator sees them: parsed from their source, or from their stored sections for rows synced before sources were kept. */
async function storedLibraryPolicies(db: Db, rows: readonly PolicyRow[]): Promise<LibraryPolicy[]> {
  const withoutSource = rows.filter((row) => row.source === null).map((row) => row.id);
  const sections =
    withoutSource.length > 0 ? await db.select().from(policySections).where(and(inArray(policySections.policyId, withoutSource), isNull(policySections.supersededAt))) : [];
  return rows.flatMap((row): LibraryPolicy[] => {
    const file = row.file ?? `studio policy ${row.id}`;
    if (row.source !== null) {
      const parsed = parsePolicy(row.source, file);
      return parsed.policy && parsed.locations ? [{ file, hash: row.hash, policy: parsed.policy, locations: parsed.locations }] : [];
    }
    const own = sections.filter((section) => section.policyId === row.id);
    const policy: Policy = {
      id: row.id,
      title: row.title,
      version: row.version,
      effective: row.effective,
      // The rules across policies are about ids and anchors only.
      restricted: [],
      markdown: "",
      sections: own.map((section) => ({ ...section, line: 0 })),
    };
    return [{ file, hash: row.hash, policy, locations: { id: { line: 0, column: 0 }, anchors: new Map() } }];
  });
}

export type ConfirmedVersion = { policyId: string; version: string; created: boolean; added: string[]; changed: string[]; removed: string[]; setAside: string[] };

/**
 * Stores the Markdown as a studio policy's new version (or a new studio policy), in one
 * transaction: the section versions (as a sync stores them), the drills relying on a changed or
 * removed section set aside for review, and the audit entry. Refused when the Markdown has errors,
 * when the policy lives in a file, or when the stored policy is no longer the one the preview was
 * based on (`basedOn`: another upload or a sync came first).
 */
export async function confirmPolicyVersion({ db, actorId, text, name, basedOn, now = new Date() }: { db: Db; actorId: number; text: string; name: string; basedOn: string | null; now?: Date }): Promise<ConfirmedVersion> {
  const read = readPolicySource(text, name);
  const policy = read.policy;
  if (!policy) throw new InputError(null, HAS_ERRORS);
  return db.transaction(async (tx) => {
    // Confirms of one policy queue up here, so each sees what the one before stored.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`policy:${policy.id}`}))`);
    const [existing] = await tx.select().from(policies).where(eq(policies.id, policy.id)).for("update");
    if ((existing?.hash ?? null) !== basedOn) {
      throw new InputError(null, `Policy ${policy.id} changed since your preview (another version was confirmed, or a sync imported its file). Preview your Markdown again to see what it changes now.`, { status: 409, problem: "stale" });
    }
    const preview = await assess(tx, read, text, name);
    if (preview.errors.length > 0) throw new InputError(null, HAS_ERRORS);
    if (preview.home?.kind === "file") {
      throw new InputError(null, `Policy ${policy.id} lives in ${preview.home.file}: change that file and run content:sync; the studio only previews it.`, { status: 409, problem: "file-home" });
    }
    if (preview.unchanged) throw new InputError(null, `This is the stored version of policy ${policy.id}: there is nothing to confirm.`, { status: 409, problem: "unchanged" });
    const { unsettled, comparisons } = await storePolicyVersions(tx, {
      versions: [{ policy, hash: sha256(text), source: text, origin: "studio", file: null }],
      retireMissing: false,
      now,
    });
    const setAside = (await drillsRelyingOn(tx, unsettled)).map((drill) => drill.id);
    if (setAside.length > 0) await tx.update(drills).set({ status: "needs_review", updatedAt: now }).where(inArray(drills.id, setAside));
    const comparison = comparisons.get(policy.id);
    const confirmed: ConfirmedVersion = {
      policyId: policy.id,
      version: policy.version,
      created: !existing || existing.retiredAt !== null,
      added: comparison?.added.map((section) => section.anchor) ?? [],
      changed: comparison?.changed.map((change) => change.anchor) ?? [],
      removed: comparison?.removed.map((section) => section.anchor) ?? [],
      setAside,
    };
    await recordAudit(tx, { actorId, action: "policy.version", targetType: "policy", targetId: policy.id, details: { ...confirmed, origin: "studio" } });
    return confirmed;
  });
}

const HAS_ERRORS = "The policy has errors: preview it again to see them.";
