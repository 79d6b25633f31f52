import { and, asc, count, desc, eq, inArray, isNull, lte } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { policies, policySections } from "~/db/schema";
import { renderPolicyMarkdown } from "./markdown";

export async function listPolicies({ db }: { db: Db }) {
  const rows = await db
    .select({ id: policies.id, title: policies.title, version: policies.version, effective: policies.effective, origin: policies.origin, file: policies.file, updatedAt: policies.updatedAt })
    .from(policies)
    .where(isNull(policies.retiredAt))
    .orderBy(asc(policies.title));
  const sectionCounts = await db
    .select({ policyId: policySections.policyId, sections: count() })
    .from(policySections)
    .where(isNull(policySections.supersededAt))
    .groupBy(policySections.policyId);
  return rows.map((p) => ({ ...p, sections: sectionCounts.find((c) => c.policyId === p.id)?.sections ?? 0 }));
}

/** A live policy with its current sections in document order. */
export async function getPolicy({ db, policyId }: { db: Db; policyId: string }) {
  const [policy] = await db
    .select()
    .from(policies)
    .where(and(eq(policies.id, policyId), isNull(policies.retiredAt)));
  if (!policy) return null;
  const sections = await db
    .select({
      anchor: policySections.anchor,
      heading: policySections.heading,
      level: policySections.level,
      markdown: policySections.markdown,
      versionNo: policySections.versionNo,
    })
    .from(policySections)
    .where(and(eq(policySections.policyId, policyId), isNull(policySections.supersededAt)))
    .orderBy(asc(policySections.position));
  return { ...policy, sections };
}

/** Every live policy with its current sections rendered, for the sources panel beside a draft. */
export async function policySources({ db }: { db: Db }) {
  const rows = await db
    .select({ policyId: policies.id, title: policies.title, anchor: policySections.anchor, heading: policySections.heading, markdown: policySections.markdown })
    .from(policySections)
    .innerJoin(policies, eq(policies.id, policySections.policyId))
    .where(and(isNull(policySections.supersededAt), isNull(policies.retiredAt)))
    .orderBy(asc(policies.title), asc(policySections.position));
  return rows.map((r) => ({ policyId: r.policyId, policyTitle: r.title, anchor: r.anchor, heading: r.heading, html: renderPolicyMarkdown(r.markdown) }));
}

export type SectionAsOf = { heading: string; markdown: string; html: string; versionNo: number };

/**
 * Sections as they read at a moment (when a drill revision was written), so feedback quotes
 * the text the drill was checked against even after a policy changes.
 */
export async function sectionsAsOf({ db, anchors, at }: { db: Db; anchors: readonly string[]; at: Date }) {
  const byAnchor = new Map<string, SectionAsOf>();
  if (anchors.length === 0) return byAnchor;
  const rows = await db
    .select()
    .from(policySections)
    .where(and(inArray(policySections.anchor, [...anchors]), lte(policySections.createdAt, at)))
    .orderBy(desc(policySections.versionNo));
  for (const row of rows) {
    if (!byAnchor.has(row.anchor)) byAnchor.set(row.anchor, { heading: row.heading, markdown: row.markdown, html: renderPolicyMarkdown(row.markdown), versionNo: row.versionNo });
  }
  return byAnchor;
}

/** The current version of each of these sections (an anchor whose section is gone is absent). */
export async function currentSections({ db, anchors }: { db: Db; anchors: readonly string[] }) {
  if (anchors.length === 0) return new Map<string, { heading: string; markdown: string; versionNo: number }>();
  const rows = await db
    .select({ anchor: policySections.anchor, heading: policySections.heading, markdown: policySections.markdown, versionNo: policySections.versionNo })
    .from(policySections)
    .innerJoin(policies, eq(policies.id, policySections.policyId))
    .where(and(inArray(policySections.anchor, [...anchors]), isNull(policySections.supersededAt), isNull(policies.retiredAt)));
  return new Map(rows.map(({ anchor, ...section }) => [anchor, section]));
}
